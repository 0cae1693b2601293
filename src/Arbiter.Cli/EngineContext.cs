using Arbiter.Engine.Building;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Languages;
using Arbiter.Engine.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Cli;

/// <summary>What the engine commands share: one sandbox pool, the language catalog, the build
/// cache on disk (so a second `arbiter run` of the same file does not recompile).</summary>
internal sealed class EngineContext : IAsyncDisposable
{
    private EngineContext(SandboxPool pool, LanguageCatalog languages)
    {
        Pool = pool;
        Languages = languages;
        Builder = new ProgramBuilder(pool, new BuildCache(BuildCache.DefaultDirectory));
        Runner = new ProgramRunner(pool);
        Judge = new Judge(pool, languages, Builder);
        Verifier = new PackageVerifier(Judge, languages);
    }

    public SandboxPool Pool { get; }

    public LanguageCatalog Languages { get; }

    public ProgramBuilder Builder { get; }

    public ProgramRunner Runner { get; }

    public Judge Judge { get; }

    public PackageVerifier Verifier { get; }

    /// <summary>Judging options for a package: its own time limit, or one calibrated from its
    /// accepted submissions when it gives none.</summary>
    public async Task<JudgeOptions> OptionsFor(ProblemPackage package, CancellationToken cancellationToken)
    {
        if (package.Limits.TimeLimit is not null)
        {
            return JudgeOptions.Default;
        }

        var (limit, _) = await new TimeLimitCalibrator(Judge, Languages).CalibrateAsync(package, cancellationToken);
        return new JudgeOptions(TimeLimit: limit);
    }

    /// <summary>Loads the languages (ARBITER_LANGUAGES overrides the shipped directory).</summary>
    public static EngineContext Create()
    {
        var directory = Environment.GetEnvironmentVariable("ARBITER_LANGUAGES") is { Length: > 0 } custom ? custom : LanguageCatalog.DefaultDirectory;
        var languages = LanguageCatalog.Load(directory);
        return new EngineContext(new SandboxPool(new SandboxOptions()), languages);
    }

    public ValueTask DisposeAsync() => Pool.DisposeAsync();
}
