using Arbiter.Engine.Judging;

namespace Arbiter.Engine.Tests.Judging;

/// <summary>Judging helpers over the shared engine fixture.</summary>
internal static class JudgeFixture
{
    public static Judge Judge(this EngineFixture fixture) => new(fixture.Pool, fixture.Languages, fixture.Builder);

    public static PackageVerifier Verifier(this EngineFixture fixture) => new(fixture.Judge(), fixture.Languages);
}
