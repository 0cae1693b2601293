using Arbiter.Engine.Judging;

namespace Arbiter.Engine.Tests.Judging;

/// <summary>Judging helpers over the shared engine fixture.</summary>
internal static class JudgeFixture
{
    public static Judge Judge(this EngineFixture fixture) => new(fixture.Pool, fixture.Languages, fixture.Builder);

    /// <summary>A verifier whose calibrated time limits are kept in memory only.</summary>
    public static PackageVerifier Verifier(this EngineFixture fixture) =>
        new(fixture.Judge(), fixture.Languages, fixture.TimeLimits(), new InputValidation(fixture.Pool, new PackageProgramBuilder(fixture.Languages, fixture.Builder)));

    public static PackageTimeLimits TimeLimits(this EngineFixture fixture, string? directory = null) =>
        new(new TimeLimitCalibrator(fixture.Judge(), fixture.Languages), fixture.Languages, directory);
}
