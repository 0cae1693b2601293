using System.Diagnostics;

namespace Arbiter.Cli.Tests;

/// <summary>
/// An engine killed mid-run (kill -9, no cleanup code runs) must not leave its sandbox running:
/// the launcher sees its socket close and kills the container, and the next engine to start
/// removes the dead one's cgroups.
/// </summary>
public sealed class EngineCrashTests
{
    private const int SandboxUidBase = 1_500_000;

    [Fact]
    public async Task Exec_EngineKilledMidRun_LeavesNoSandboxProcessAndItsCgroupsGoAtNextStart()
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "arbiter.dll");
        using var engine = Process.Start(new ProcessStartInfo("dotnet", [cli, "exec", "--cpu-time", "60", "--wall-time", "600", "--", "/bin/sleep", "1000"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;

        var sleeper = await WaitForAsync(() => SandboxedSleeperUnder(engine.Id), TimeSpan.FromSeconds(30));
        Assert.True(sleeper is not null, "the sandboxed sleep never started");

        engine.Kill();
        await engine.WaitForExitAsync(TestContext.Current.CancellationToken);
        var gone = await WaitForAsync(() => Directory.Exists($"/proc/{sleeper}") ? null : (int?)0, TimeSpan.FromSeconds(10));
        Assert.True(gone is not null, $"sandboxed process {sleeper} outlived its engine");

        var deadInstance = OwnPidsCgroup() is { } pids ? Path.Combine(pids, "arbiter", $"i{engine.Id}-1") : null;
        using var next = Process.Start(new ProcessStartInfo("dotnet", [cli, "exec", "--", "/bin/true"]) { RedirectStandardError = true })!;
        await next.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, next.ExitCode);
        if (deadInstance is not null)
        {
            Assert.False(Directory.Exists(deadInstance), $"{deadInstance} was not cleaned up");
        }
    }

    /// <summary>A process running /bin/sleep under a sandbox uid that descends from <paramref name="ancestor"/>.</summary>
    private static int? SandboxedSleeperUnder(int ancestor)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var status = File.ReadAllLines(Path.Combine(directory, "status"));
                var name = Field(status, "Name:");
                var uid = int.Parse(Field(status, "Uid:").Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture);
                if (name == "sleep" && uid >= SandboxUidBase && DescendsFrom(pid, ancestor))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // exited meanwhile
            }
        }

        return null;
    }

    private static bool DescendsFrom(int pid, int ancestor)
    {
        for (var depth = 0; depth < 16 && pid > 1; depth++)
        {
            pid = int.Parse(Field(File.ReadAllLines($"/proc/{pid}/status"), "PPid:"), System.Globalization.CultureInfo.InvariantCulture);
            if (pid == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    private static string Field(string[] status, string key) => status.First(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim();

    private static string? OwnPidsCgroup()
    {
        var line = File.ReadAllLines("/proc/self/cgroup").FirstOrDefault(l => l.Split(':')[1] == "pids");
        return line is null ? null : "/sys/fs/cgroup/pids" + line.Split(':', 3)[2].TrimEnd('/');
    }

    private static async Task<int?> WaitForAsync(Func<int?> probe, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return null;
    }
}
