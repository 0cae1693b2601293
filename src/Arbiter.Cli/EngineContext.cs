using Arbiter.Engine.Building;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Languages;
using Arbiter.Engine.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Cli;

/// <summary>What the engine commands share: one sandbox pool, the language catalog, the build
/// cache on disk (so a second `arbiter run` of the same file does not recompile) and the
/// calibrated time limits on disk (so a second `arbiter judge` does not calibrate again).</summary>
internal sealed class EngineContext : IAsyncDisposable
{
    private EngineContext(SandboxPool pool, LanguageCatalog languages)
    {
        Pool = pool;
        Languages = languages;
        Builder = new ProgramBuilder(pool, new BuildCache(BuildCache.DefaultDirectory));
        Runner = new ProgramRunner(pool);
        Judge = new Judge(pool, languages, Builder);
        TimeLimits = new PackageTimeLimits(new TimeLimitCalibrator(Judge, languages), languages, PackageTimeLimits.DefaultDirectory);
        Verifier = new PackageVerifier(Judge, languages, TimeLimits, new InputValidation(pool, new PackageProgramBuilder(languages, Builder)));
    }

    public SandboxPool Pool { get; }

    public LanguageCatalog Languages { get; }

    public ProgramBuilder Builder { get; }

    public ProgramRunner Runner { get; }

    public Judge Judge { get; }

    public PackageTimeLimits TimeLimits { get; }

    public PackageVerifier Verifier { get; }

    /// <summary>Judging options for a package: its own time limit, or the calibrated one.</summary>
    public async Task<JudgeOptions> OptionsFor(ProblemPackage package, CancellationToken cancellationToken) =>
        (await TimeLimits.ForAsync(package, cancellationToken)).ToOptions();

    /// <summary>Loads the languages (ARBITER_LANGUAGES overrides the shipped directory).</summary>
    public static EngineContext Create()
    {
        var directory = Environment.GetEnvironmentVariable("ARBITER_LANGUAGES") is { Length: > 0 } custom ? custom : LanguageCatalog.DefaultDirectory;
        var languages = LanguageCatalog.Load(directory);
        return new EngineContext(new SandboxPool(new SandboxOptions()), languages);
    }

    public ValueTask DisposeAsync() => Pool.DisposeAsync();
}
