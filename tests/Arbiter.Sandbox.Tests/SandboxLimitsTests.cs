namespace Arbiter.Sandbox.Tests;

public sealed class SandboxLimitsTests
{
    private const long MiB = 1024 * 1024;

    /// <summary>One out-of-range value per case, and the field name its message must carry.</summary>
    public static TheoryData<string, string> InvalidCases => new()
    {
        { "cpu zero", "cpu time" },
        { "cpu negative", "cpu time" },
        { "cpu sub-millisecond", "cpu time" },
        { "cpu too big", "cpu time" },
        { "cpu min value", "cpu time" },
        { "cpu max value", "cpu time" },
        { "wall zero", "wall time" },
        { "wall too big", "wall time" },
        { "memory zero", "memory" },
        { "memory below 4 MiB", "memory" },
        { "memory too big", "memory" },
        { "memory min value", "memory" },
        { "processes zero", "processes" },
        { "processes negative", "processes" },
        { "processes too many", "processes" },
        { "output negative", "output" },
        { "output too big", "output" },
        { "output max value", "output" },
        { "file size negative", "file size" },
        { "file size too big", "file size" },
        { "work dir zero", "work dir" },
        { "work dir too big", "work dir" },
        { "stack too small", "stack" },
        { "stack too big", "stack" },
        { "open files too few", "open files" },
        { "open files too many", "open files" },
        { "open files min value", "open files" },
    };

    [Fact]
    public void Default_IsValid() => Assert.Empty(SandboxLimits.Default.Validate());

    [Fact]
    public void Maximum_IsValid() => Assert.Empty(SandboxLimits.Maximum.Validate());

    [Fact]
    public void Validate_SmallestAllowedValues_AreValid()
    {
        var smallest = new SandboxLimits(
            CpuTime: TimeSpan.FromMilliseconds(1),
            WallTime: TimeSpan.FromMilliseconds(1),
            MemoryBytes: 4 * MiB,
            Processes: 1,
            OutputBytes: 0,
            FileSizeBytes: 0,
            WorkDirBytes: 64 * 1024,
            StackBytes: 64 * 1024,
            OpenFiles: 8);

        Assert.Empty(smallest.Validate());
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Validate_OutOfRangeField_IsReportedByName(string @case, string field)
    {
        var errors = Invalid(@case).Validate();

        var error = Assert.Single(errors);
        Assert.StartsWith(field + " must be between ", error, StringComparison.Ordinal);
        Assert.Contains("(got ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Message_GivesRangeUnitAndValue()
    {
        var errors = (SandboxLimits.Default with { MemoryBytes = 3 * MiB }).Validate();

        Assert.Equal("memory must be between 4 and 16384 MiB (got 3 MiB)", Assert.Single(errors));
    }

    [Fact]
    public void Validate_ValueJustBelowABound_NeverPrintsAsTheBound()
    {
        var errors = (SandboxLimits.Default with { MemoryBytes = (4 * MiB) - 1 }).Validate();

        Assert.Equal("memory must be between 4 and 16384 MiB (got 3.999999 MiB)", Assert.Single(errors));
    }

    [Fact]
    public void Create_CpuTimeOnly_TakesTheWallTimeOfTheOneRule()
    {
        var limits = SandboxLimits.Create(cpuTime: TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(31), limits.WallTime);
        Assert.Equal(SandboxLimits.WallTimeFor(TimeSpan.FromSeconds(10)), limits.WallTime);
        Assert.Empty(limits.Validate());
    }

    [Fact]
    public void Create_GivenWallTime_IsKeptAsGiven()
    {
        var limits = SandboxLimits.Create(cpuTime: TimeSpan.FromSeconds(10), wallTime: TimeSpan.FromMilliseconds(500));

        Assert.Equal(TimeSpan.FromMilliseconds(500), limits.WallTime);
    }

    [Fact]
    public void Create_Nothing_IsTheDefaultWhoseWallFollowsTheRule()
    {
        Assert.Equal(SandboxLimits.Default, SandboxLimits.Create());
        Assert.Equal(SandboxLimits.WallTimeFor(SandboxLimits.Default.CpuTime), SandboxLimits.Default.WallTime);
    }

    [Fact]
    public void WallTimeFor_LargestCpuTime_IsCappedAtTheMaximumWallTime()
    {
        Assert.Equal(SandboxLimits.Maximum.WallTime, SandboxLimits.WallTimeFor(SandboxLimits.Maximum.CpuTime));
        Assert.Equal(SandboxLimits.Maximum.WallTime, SandboxLimits.WallTimeFor(TimeSpan.MaxValue));
        Assert.Equal(SandboxLimits.Maximum.WallTime, SandboxLimits.WallTimeFor(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Validate_UnitlessField_HasNoTrailingSpaceBeforeValue()
    {
        var errors = (SandboxLimits.Default with { Processes = 0 }).Validate();

        Assert.Equal("processes must be between 1 and 4096 (got 0)", Assert.Single(errors));
    }

    [Fact]
    public void Validate_EveryFieldWrong_ReportsEveryField()
    {
        var wrong = new SandboxLimits(TimeSpan.Zero, TimeSpan.Zero, 0, 0, -1, -1, 0, 0, 0);

        var errors = wrong.Validate();

        Assert.Equal(9, errors.Count);
        string[] fields = ["cpu time", "wall time", "memory", "processes", "output", "file size", "work dir", "stack", "open files"];
        Assert.All(fields, f => Assert.Contains(errors, e => e.StartsWith(f + " must", StringComparison.Ordinal)));
    }

    [Fact]
    public void Validate_AgainstSmallerMaximum_RejectsWhatTheGlobalMaximumAllows()
    {
        var operatorMaximum = SandboxLimits.Maximum with { CpuTime = TimeSpan.FromSeconds(5) };
        var request = SandboxLimits.Default with { CpuTime = TimeSpan.FromSeconds(10) };

        Assert.Empty(request.Validate());
        Assert.Equal("cpu time must be between 1 and 5000 ms (got 10000 ms)", Assert.Single(request.Validate(operatorMaximum)));
    }

    private static SandboxLimits Invalid(string @case)
    {
        var d = SandboxLimits.Default;
        var max = SandboxLimits.Maximum;
        return @case switch
        {
            "cpu zero" => d with { CpuTime = TimeSpan.Zero },
            "cpu negative" => d with { CpuTime = TimeSpan.FromSeconds(-1) },
            "cpu sub-millisecond" => d with { CpuTime = TimeSpan.FromMicroseconds(500) },
            "cpu too big" => d with { CpuTime = max.CpuTime + TimeSpan.FromMilliseconds(1) },
            "cpu min value" => d with { CpuTime = TimeSpan.MinValue },
            "cpu max value" => d with { CpuTime = TimeSpan.MaxValue },
            "wall zero" => d with { WallTime = TimeSpan.Zero },
            "wall too big" => d with { WallTime = max.WallTime + TimeSpan.FromSeconds(1) },
            "memory zero" => d with { MemoryBytes = 0 },
            "memory below 4 MiB" => d with { MemoryBytes = (4 * MiB) - 1 },
            "memory too big" => d with { MemoryBytes = max.MemoryBytes + 1 },
            "memory min value" => d with { MemoryBytes = long.MinValue },
            "processes zero" => d with { Processes = 0 },
            "processes negative" => d with { Processes = -1 },
            "processes too many" => d with { Processes = max.Processes + 1 },
            "output negative" => d with { OutputBytes = -1 },
            "output too big" => d with { OutputBytes = max.OutputBytes + 1 },
            "output max value" => d with { OutputBytes = long.MaxValue },
            "file size negative" => d with { FileSizeBytes = -1 },
            "file size too big" => d with { FileSizeBytes = max.FileSizeBytes + 1 },
            "work dir zero" => d with { WorkDirBytes = 0 },
            "work dir too big" => d with { WorkDirBytes = max.WorkDirBytes + 1 },
            "stack too small" => d with { StackBytes = (64 * 1024) - 1 },
            "stack too big" => d with { StackBytes = max.StackBytes + 1 },
            "open files too few" => d with { OpenFiles = 7 },
            "open files too many" => d with { OpenFiles = max.OpenFiles + 1 },
            "open files min value" => d with { OpenFiles = int.MinValue },
            _ => throw new ArgumentOutOfRangeException(nameof(@case), @case, "unknown case"),
        };
    }
}
