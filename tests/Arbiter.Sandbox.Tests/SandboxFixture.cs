using System.Text;

namespace Arbiter.Sandbox.Tests;

/// <summary>
/// One warm pool shared by the sandbox tests (they run one class at a time in this collection),
/// plus the checks that the host is unharmed and clean after hostile programs.
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private IReadOnlyList<string> _hostMounts = [];

    private static readonly SandboxOptions Options = new() { MaxParallel = 2 };

    internal SandboxPool Pool { get; } = new(Options);

    public async ValueTask InitializeAsync()
    {
        await Pool.WarmUpAsync(2);
        _hostMounts = HostMountsUnderTheRuntimeDirectory();
    }

    public async ValueTask DisposeAsync() => await Pool.DisposeAsync();

    internal Task<SandboxResult> RunAsync(string program, IReadOnlyList<string> arguments, SandboxLimits? limits = null, SandboxInput? stdin = null)
        => Pool.RunAsync(
            new SandboxRequest(program, arguments) { Limits = limits ?? SandboxLimits.Default, Stdin = stdin ?? SandboxInput.None },
            TestContext.Current.CancellationToken);

    internal Task<SandboxResult> PythonAsync(string code, SandboxLimits? limits = null, SandboxInput? stdin = null)
        => RunAsync("/usr/bin/python3", ["-c", code], limits, stdin);

    internal Task<SandboxResult> ShellAsync(string script, SandboxLimits? limits = null)
        => RunAsync("/bin/sh", ["-c", script], limits);

    /// <summary>
    /// Asserts that nothing of the runs so far survives on the host: no process under any of the
    /// pool's sandbox uids, no cgroup but each container's one prepared, empty cgroup for its next
    /// run, and no mount added to the host's namespace where a container is built (every launcher
    /// mounts there before its pivot_root; a mount that leaked would show there).
    /// </summary>
    internal async Task AssertHostCleanAsync(SandboxPool? pool = null)
    {
        var (uids, cgroupDirectories, _) = await (pool ?? Pool).QuiesceAsync();
        var leftovers = HostProcesses().Where(p => uids.Contains(p.Uid)).ToList();
        Assert.True(leftovers.Count == 0, $"processes left behind: {string.Join(", ", leftovers)}");

        foreach (var directory in cgroupDirectories)
        {
            var runs = Directory.GetDirectories(directory);
            Assert.True(runs.Length <= uids.Count, $"{runs.Length} run cgroups under {directory} for {uids.Count} containers: {string.Join(", ", runs.Select(Path.GetFileName))}");
            foreach (var run in runs)
            {
                Assert.Equal("", File.ReadAllText(Path.Combine(run, "cgroup.procs")));
            }
        }

        Assert.Equal(_hostMounts, HostMountsUnderTheRuntimeDirectory());
    }

    /// <summary>How many descriptors each idle container's launcher (pid 1 inside, which serves
    /// every run) holds, once the pool is quiet.</summary>
    internal async Task<IReadOnlyDictionary<int, int>> LauncherDescriptorCountsAsync()
    {
        var (_, _, containerPids) = await Pool.QuiesceAsync();
        return containerPids.ToDictionary(pid => pid, pid => Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length);
    }

    /// <summary>Asserts that every launcher seen <paramref name="before"/> and still serving holds
    /// exactly as many descriptors now: a leak of one per run would show as hundreds.</summary>
    internal async Task AssertLaunchersKeptTheirDescriptorsAsync(IReadOnlyDictionary<int, int> before)
    {
        var after = await LauncherDescriptorCountsAsync();
        var both = before.Keys.Intersect(after.Keys).ToList();
        Assert.NotEmpty(both);
        Assert.All(both, pid => Assert.True(before[pid] == after[pid], $"launcher {pid} held {before[pid]} descriptors, now {after[pid]}"));
    }

    internal static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>The host's mount points under the pool's runtime directory. Not every mount: other
    /// programs on a shared test machine (podman, other engines) mount and unmount meanwhile.</summary>
    private static IReadOnlyList<string> HostMountsUnderTheRuntimeDirectory()
    {
        var runtime = Options.RuntimeDirectory.TrimEnd('/') + "/";
        return [.. File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' ')[4])
            .Where(point => (point + "/").StartsWith(runtime, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
    }

    internal static IEnumerable<(int Pid, int Uid, string Name)> HostProcesses()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            string[] status;
            try
            {
                status = File.ReadAllLines(Path.Combine(directory, "status"));
            }
            catch (IOException)
            {
                continue; // exited meanwhile
            }

            var name = status.FirstOrDefault(l => l.StartsWith("Name:", StringComparison.Ordinal))?[5..].Trim() ?? "?";
            var uidLine = status.FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            if (uidLine is not null && int.TryParse(uidLine.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], out var uid))
            {
                yield return (pid, uid, name);
            }
        }
    }
}
