using Arbiter.Cli.Client;

namespace Arbiter.Cli.Tests.Client;

/// <summary>The config file that keeps the API key: owner-only, whatever was there before.</summary>
public sealed class ClientConfigTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("arbiter-config-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Save_OverAWorldReadableFile_LeavesItOwnerOnlyAndLoadsBack()
    {
        var path = Path.Combine(_directory.FullName, "config.json");
        File.WriteAllText(path, "{}");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        new ClientConfig("http://127.0.0.1:5180", "arb_secret_secret_secret", "alice", "k1").Save(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(new ClientConfig("http://127.0.0.1:5180", "arb_secret_secret_secret", "alice", "k1"), ClientConfig.Load(path));
        Assert.Single(Directory.GetFiles(_directory.FullName));
    }

    [Fact]
    public void Load_MalformedFile_IsAUsageErrorNamingTheFile()
    {
        var path = Path.Combine(_directory.FullName, "config.json");
        File.WriteAllText(path, "{\"server\":");

        var error = Assert.Throws<ClientException>(() => ClientConfig.Load(path));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
