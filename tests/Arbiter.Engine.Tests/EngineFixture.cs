using Arbiter.Engine.Building;
using Arbiter.Engine.Languages;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Tests;

/// <summary>A real sandbox pool and the shipped languages, shared by the tests that compile and
/// run programs. The build cache lives in a temporary directory of its own.</summary>
public sealed class EngineFixture : IAsyncLifetime
{
    private readonly string _cacheDirectory = Directory.CreateTempSubdirectory("arbiter-build-cache-").FullName;

    internal SandboxPool Pool { get; } = new(new SandboxOptions { MaxParallel = 2 });

    internal LanguageCatalog Languages { get; } = LanguageCatalog.Load(LanguageCatalog.DefaultDirectory);

    internal BuildCache Cache => new(_cacheDirectory);

    internal string CacheDirectory => _cacheDirectory;

    internal ProgramBuilder Builder { get; private set; } = null!;

    internal ProgramRunner Runner { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Builder = new ProgramBuilder(Pool, Cache);
        Runner = new ProgramRunner(Pool);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Pool.DisposeAsync();
        Directory.Delete(_cacheDirectory, recursive: true);
    }

    internal LanguageSpec Language(string id) => Languages.Find(id) ?? throw new InvalidOperationException($"no language {id}");
}

[CollectionDefinition(Name)]
public sealed class SharedEngine : ICollectionFixture<EngineFixture>
{
    public const string Name = "engine";
}
