using Arbiter.Server.Features.Problems;
using Arbiter.Storage;

namespace Arbiter.Server.Tests.Problems;

/// <summary>The problem library over a real SQLite store and real package directories: a
/// re-import switches to a new version while a job holding the old one keeps its files.</summary>
public sealed class ProblemLibraryTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("arbiter-library-").FullName;
    private IArbiterStore _store = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = StoreFactory.Create(new StoreOptions(), _data);
        await _store.MigrateAsync(Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Reimport_WhileAJobHoldsTheProblem_KeepsTheHeldFilesAndServesTheNewVersion()
    {
        using var library = new ProblemLibrary(_store, TimeProvider.System);
        await library.ImportDirectoryAsync(Package("first", "1\n"), Token);
        var held = await library.HoldAsync("first", Token);
        var heldAnswer = held.Package.TestData.AllTests().Single().AnswerFile;

        await library.ImportDirectoryAsync(Package("first", "2\n"), Token);

        // The job judging the old version still reads its files…
        Assert.Equal("1\n", await File.ReadAllTextAsync(heldAnswer, Token));
        using (var current = await library.HoldAsync("first", Token))
        {
            // …while a new job gets the new version, in a directory of its own.
            Assert.Equal("2\n", await File.ReadAllTextAsync(current.Package.TestData.AllTests().Single().AnswerFile, Token));
            Assert.NotEqual(held.Package.RootDirectory, current.Package.RootDirectory);
        }

        held.Dispose();
        Assert.False(Directory.Exists(held.Package.RootDirectory), "the old version goes when no job holds it");
    }

    private string Package(string id, string answer)
    {
        var root = Path.Combine(_data, "packages", Guid.NewGuid().ToString("N"), id);
        Directory.CreateDirectory(Path.Combine(root, "data", "secret"));
        File.WriteAllText(Path.Combine(root, "problem.yaml"), "name: Test\n");
        File.WriteAllText(Path.Combine(root, "data", "secret", "1.in"), "1\n");
        File.WriteAllText(Path.Combine(root, "data", "secret", "1.ans"), answer);
        return root;
    }
}
