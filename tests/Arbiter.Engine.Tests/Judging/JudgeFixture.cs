using Arbiter.Engine.Judging;

namespace Arbiter.Engine.Tests.Judging;

/// <summary>Judging helpers over the shared engine fixture.</summary>
internal static class JudgeFixture
{
    public static Judge Judge(this EngineFixture fixture) => new(fixture.Pool, fixture.Languages, fixture.Builder);

    /// <summary>The judging use case, its calibrated time limits kept in <paramref name="directory"/>
    /// (memory only when null).</summary>
    public static SubmissionJudge SubmissionJudge(this EngineFixture fixture, string? directory = null) =>
        new(fixture.Judge(), fixture.TimeLimits(directory));

    /// <summary>A verifier whose calibrated time limits are kept in memory only.</summary>
    public static PackageVerifier Verifier(this EngineFixture fixture) =>
        new(fixture.SubmissionJudge(), fixture.Languages, new InputValidation(fixture.Pool, new PackageProgramBuilder(fixture.Languages, fixture.Builder)));

    public static PackageTimeLimits TimeLimits(this EngineFixture fixture, string? directory = null) =>
        new(new TimeLimitCalibrator(fixture.Judge(), fixture.Languages), fixture.Languages, directory);
}
