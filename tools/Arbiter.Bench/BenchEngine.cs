using Arbiter.Engine.Building;
using Arbiter.Engine.Languages;
using Arbiter.Sandbox;

namespace Arbiter.Bench;

/// <summary>The engine parts the benchmarks drive directly: one sandbox pool, the language catalog
/// (as <c>arbiter</c> loads it: ARBITER_LANGUAGES overrides the shipped directory) and a runner.
/// Builds get a cache of their own in each measurement, never the one on disk.</summary>
internal sealed class BenchEngine : IAsyncDisposable
{
    private BenchEngine(SandboxPool pool, LanguageCatalog languages)
    {
        Pool = pool;
        Languages = languages;
        Runner = new ProgramRunner(pool);
    }

    public SandboxPool Pool { get; }

    public LanguageCatalog Languages { get; }

    public ProgramRunner Runner { get; }

    public static BenchEngine Create()
    {
        var directory = Environment.GetEnvironmentVariable("ARBITER_LANGUAGES") is { Length: > 0 } custom ? custom : LanguageCatalog.DefaultDirectory;
        return new BenchEngine(new SandboxPool(new SandboxOptions()), LanguageCatalog.Load(directory));
    }

    public ValueTask DisposeAsync() => Pool.DisposeAsync();
}
