using Arbiter.Engine.Building;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Languages;
using Arbiter.Engine.Running;
using Arbiter.Sandbox;

namespace Arbiter.Cli;

/// <summary>What the engine commands share: one sandbox pool, the language catalog, the build
/// cache on disk (so a second `arbiter run` of the same file does not recompile) and the
/// calibrated time limits on disk (so a second `arbiter judge` does not calibrate again), behind
/// the engine's use cases: <see cref="Runs"/> for <c>run</c>, <see cref="Judging"/> for
/// <c>judge</c> and (through <see cref="Verifier"/>) <c>problem verify</c>.</summary>
internal sealed class EngineContext : IAsyncDisposable
{
    private EngineContext(SandboxPool pool, LanguageCatalog languages)
    {
        Pool = pool;
        Languages = languages;
        Builder = new ProgramBuilder(pool, new BuildCache(BuildCache.DefaultDirectory));
        Runs = new SourceRunner(Builder);
        var judge = new Judge(pool, languages, Builder);
        var timeLimits = new PackageTimeLimits(new TimeLimitCalibrator(judge, languages), languages, PackageTimeLimits.DefaultDirectory);
        Judging = new SubmissionJudge(judge, timeLimits);
        Verifier = new PackageVerifier(Judging, languages, new InputValidation(pool, new PackageProgramBuilder(languages, Builder)));
    }

    public SandboxPool Pool { get; }

    public LanguageCatalog Languages { get; }

    public ProgramBuilder Builder { get; }

    /// <summary>"Run this source with these limits".</summary>
    public SourceRunner Runs { get; }

    /// <summary>"Judge this submission against this package", with the package's time limit.</summary>
    public SubmissionJudge Judging { get; }

    public PackageVerifier Verifier { get; }

    /// <summary>Loads the languages (ARBITER_LANGUAGES overrides the shipped directory).</summary>
    public static EngineContext Create()
    {
        var directory = Environment.GetEnvironmentVariable("ARBITER_LANGUAGES") is { Length: > 0 } custom ? custom : LanguageCatalog.DefaultDirectory;
        var languages = LanguageCatalog.Load(directory);
        return new EngineContext(new SandboxPool(new SandboxOptions()), languages);
    }

    public ValueTask DisposeAsync() => Pool.DisposeAsync();
}
