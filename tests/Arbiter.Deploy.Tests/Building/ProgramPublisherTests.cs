using Arbiter.Deploy.Building;

namespace Arbiter.Deploy.Tests.Building;

/// <summary>What the images get of a framework-dependent publish.</summary>
public sealed class ProgramPublisherTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), "arbiter-publish-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Fact]
    public void KeepLinuxX64NativeAssets_LeavesOnlyWhatALinuxX64RuntimeResolves()
    {
        foreach (var rid in new[] { "linux-x64", "linux", "unix", "win-x64", "osx-arm64", "linux-musl-x64", "linux-arm64", "browser-wasm" })
        {
            Directory.CreateDirectory(Path.Combine(_output, "runtimes", rid, "native"));
            File.WriteAllText(Path.Combine(_output, "runtimes", rid, "native", "libe_sqlite3.so"), rid);
        }

        File.WriteAllText(Path.Combine(_output, "arbiter.dll"), "program");

        ProgramPublisher.KeepLinuxX64NativeAssets(_output);

        Assert.Equal(["linux", "linux-x64", "unix"], Directory.GetDirectories(Path.Combine(_output, "runtimes")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(_output, "arbiter.dll")));
    }
}
