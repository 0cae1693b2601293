using System.Diagnostics;

namespace Arbiter.Cli.Tests.Commands;

/// <summary>
/// The commands that run the sandbox where it cannot start for want of a capability, as in a
/// container or image build not granted all of docs/deploy.md's list: <c>arbiter images
/// self-test</c> (the worker images' build step) and <c>arbiter serve</c> as a worker each end
/// with one line naming what is missing and exit 3, never a stack trace or a failed first job.
/// The capability is taken away for real: util-linux's setpriv drops it from the bounding set, so
/// the CLI runs as root without it.
/// </summary>
public sealed class MissingCapabilityTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("arbiter-caps-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task SelfTest_WithoutCapMknod_SaysSoInOneLine_AndExitsThree()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess && File.Exists("/usr/bin/setpriv"), "needs root and setpriv (util-linux) to take one capability away");

        var (code, stdout, stderr) = await RunWithoutAsync("mknod", "images", "self-test");

        Assert.True(code == 3, $"exit {code}\n{stdout}\n{stderr}");
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("arbiter images self-test: the sandbox cannot run here; missing: capabilities CAP_MKNOD", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_WithoutCapMknod_SaysSoInOneLineAtStart_AndExitsThree()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess && File.Exists("/usr/bin/setpriv"), "needs root and setpriv (util-linux) to take one capability away");
        var (code, stdout, stderr) = await RunWithoutAsync("mknod", "serve", "--urls", "http://127.0.0.1:0", "--data", _directory.FullName);

        Assert.True(code == 3, $"exit {code}\n{stdout}\n{stderr}");
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("arbiter serve: the sandbox cannot run here; missing: capabilities CAP_MKNOD (in a container", line, StringComparison.Ordinal);
    }

    /// <summary>Runs the built CLI as root with <paramref name="capability"/> dropped from its
    /// bounding set (and so from what it and its launcher ever hold).</summary>
    private static async Task<(int Code, string Stdout, string Stderr)> RunWithoutAsync(string capability, params string[] arguments)
    {
        var info = new ProcessStartInfo("/usr/bin/setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[
            "--bounding-set",
            "-" + capability,
            "--",
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            Path.Combine(AppContext.BaseDirectory, "arbiter.dll"),
            .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
