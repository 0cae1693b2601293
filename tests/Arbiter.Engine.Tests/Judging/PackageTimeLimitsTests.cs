using Arbiter.Engine.Building;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Problems;
using Arbiter.Engine.Tests.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Tests.Judging;

/// <summary>A package without a time limit is calibrated once: the limit is kept on disk by the
/// package's content, so another process (a later <c>arbiter judge</c>, another worker) reads it
/// instead of running every accepted submission again, and a changed package is calibrated anew.
/// "Does not calibrate" is proven with a judge whose sandbox is already closed: any run throws.</summary>
[Collection(SharedEngine.Name)]
public sealed class PackageTimeLimitsTests(EngineFixture fixture) : IDisposable
{
    private const string SumC = "#include <stdio.h>\nint main(void) { long a, b; if (scanf(\"%ld %ld\", &a, &b) != 2) return 1; printf(\"%ld\\n\", a + b); return 0; }\n";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("arbiter-time-limits-");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task ForAsync_CalibratedBefore_ANewProcessReadsTheLimitWithoutRunningAnything()
    {
        using var package = Package();
        using (var first = ProblemLoader.Load(package.Root))
        {
            var calibrated = await fixture.TimeLimits(_directory.FullName).ForAsync(first, Token);
            Assert.Equal("Calibration", calibrated.Source);
        }

        await using var closed = await ClosedSandboxAsync();
        using var again = ProblemLoader.Load(package.Zip());
        var kept = await NoRunsTimeLimits(closed).ForAsync(again, Token);

        Assert.Equal(TimeSpan.FromSeconds(1), kept.Limit);
        Assert.Equal("Calibration", kept.Source);
        Assert.Contains("kept from an earlier calibration", kept.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForAsync_PackageChangedSinceItWasCalibrated_CalibratesAgain()
    {
        using var package = Package();
        using (var first = ProblemLoader.Load(package.Root))
        {
            await fixture.TimeLimits(_directory.FullName).ForAsync(first, Token);
        }

        package.Test("secret/2", "5 6\n", "11\n");
        await using var closed = await ClosedSandboxAsync();
        using var changed = ProblemLoader.Load(package.Root);

        await Assert.ThrowsAnyAsync<ObjectDisposedException>(() => NoRunsTimeLimits(closed).ForAsync(changed, Token));
    }

    [Fact]
    public async Task ForAsync_PackageWithItsOwnLimit_UsesItAndNeverCalibrates()
    {
        using var package = Package().Write("problem.yaml", "name: Sum\nlimits:\n  time_limit: 3\n");
        await using var closed = await ClosedSandboxAsync();
        using var loaded = ProblemLoader.Load(package.Root);

        var limit = await NoRunsTimeLimits(closed).ForAsync(loaded, Token);

        Assert.Equal(TimeSpan.FromSeconds(3), limit.Limit);
        Assert.Equal("ProblemYaml", limit.Source);
    }

    private PackageTimeLimits NoRunsTimeLimits(SandboxPool closed)
    {
        var judge = new Judge(closed, fixture.Languages, new ProgramBuilder(closed, new BuildCache(null)));
        return new PackageTimeLimits(new TimeLimitCalibrator(judge, fixture.Languages), fixture.Languages, _directory.FullName);
    }

    private static async Task<SandboxPool> ClosedSandboxAsync()
    {
        var pool = new SandboxPool(new SandboxOptions { MaxParallel = 1 });
        await pool.DisposeAsync();
        return pool;
    }

    private static TempPackage Package() => new TempPackage("calibrated")
        .Write("problem.yaml", "name: Sum\n")
        .Test("secret/1", "3 4\n", "7\n")
        .Write("submissions/accepted/sum.c", SumC);
}
