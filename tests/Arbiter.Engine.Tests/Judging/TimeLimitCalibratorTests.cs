using Arbiter.Engine.Judging;
using Arbiter.Engine.Problems;
using Arbiter.Engine.Tests.Problems;

namespace Arbiter.Engine.Tests.Judging;

[Collection(SharedEngine.Name)]
public sealed class TimeLimitCalibratorTests(EngineFixture fixture)
{
    private const string SumC = "#include <stdio.h>\nint main(void) { long a, b; if (scanf(\"%ld %ld\", &a, &b) != 2) return 1; printf(\"%ld\\n\", a + b); return 0; }\n";
    private const string SpinC = "#include <stdio.h>\nint main(void) { volatile long n = 0; for (;;) n++; }\n";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Calibrate_SlowTleSubmission_KeepsTheLimitAndSaysItWasChecked()
    {
        using var package = Package(tle: SpinC);
        using var loaded = ProblemLoader.Load(package.Root);

        var (limit, explanation) = await Calibrator().CalibrateAsync(loaded, Token);

        Assert.Equal(TimeSpan.FromSeconds(1), limit);
        Assert.Contains("time_limit_exceeded", explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calibrate_TleSubmissionAsFastAsTheAccepted_HasNoValidLimit()
    {
        using var package = Package(tle: SumC);
        using var loaded = ProblemLoader.Load(package.Root);

        var (limit, explanation) = await Calibrator().CalibrateAsync(loaded, Token);

        Assert.Null(limit);
        Assert.Contains("time_limit_exceeded submission 'fast", explanation, StringComparison.Ordinal);
    }

    /// <summary>A legacy package without a time limit: limit = slowest accepted × 2, and a
    /// time_limit_exceeded submission must take at least limit × 2.</summary>
    private static TempPackage Package(string tle) => new TempPackage()
        .Write("problem.yaml", "name: Calibrate\nlimits:\n  time_multiplier: 2\n  time_safety_margin: 2\n")
        .Test("secret/1", "3 4\n", "7\n")
        .Write("submissions/accepted/sum.c", SumC)
        .Write("submissions/time_limit_exceeded/" + (tle == SumC ? "fast.c" : "spin.c"), tle);

    private TimeLimitCalibrator Calibrator() => new(fixture.Judge(), fixture.Languages);
}
