namespace Arbiter.Sandbox.Host;

/// <summary>
/// Where this engine instance puts its runs' cgroups: "arbiter/i&lt;pid&gt;-&lt;n&gt;" under the engine's own
/// cgroup, in each v1 controller hierarchy it needs (memory, pids, cpuacct) or in the v2 tree,
/// whichever the host has, chosen at start-up. The launcher creates one child per run in it.
/// </summary>
internal sealed class CgroupLayout
{
    private static readonly string[] V1Controllers = ["memory", "pids", "cpuacct"];
    private static int _instances;

    private CgroupLayout(int version, IReadOnlyList<(string Controller, string Path)> directories)
    {
        Version = version;
        Directories = directories;
    }

    /// <summary>1 or 2.</summary>
    public int Version { get; }

    /// <summary>The instance directories: one per v1 controller, or the one v2 directory.</summary>
    public IReadOnlyList<(string Controller, string Path)> Directories { get; }

    /// <summary>The launcher's arguments naming these directories.</summary>
    public IEnumerable<string> LauncherArguments => Version == 1
        ? Directories.SelectMany(d => new[] { "--cgroup-v1", $"{d.Controller}={d.Path}" })
        : ["--cgroup-v2", Directories[0].Path];

    /// <summary>Finds the host's cgroups, removes what dead engines left, and creates this instance's directories.</summary>
    public static CgroupLayout Create(string mountInfo, string selfCgroup)
    {
        var mounts = CgroupMounts.Parse(mountInfo, selfCgroup);
        var instance = $"i{Environment.ProcessId}-{Interlocked.Increment(ref _instances)}";
        if (V1Controllers.All(mounts.V1.ContainsKey))
        {
            var directories = V1Controllers.Select(c => (c, Path.Combine(mounts.V1[c], "arbiter", instance))).ToList();
            foreach (var (_, path) in directories)
            {
                RemoveStaleInstances(Path.GetDirectoryName(path)!);
                Directory.CreateDirectory(path);
            }

            return new CgroupLayout(1, directories);
        }

        if (mounts.V2 is { } v2 && HasV2Controllers(v2))
        {
            var arbiter = Path.Combine(v2, "arbiter");
            EnableV2Controllers(v2, isOwnCgroup: true);
            Directory.CreateDirectory(arbiter);
            RemoveStaleInstances(arbiter);
            EnableV2Controllers(arbiter, isOwnCgroup: false);
            var path = Path.Combine(arbiter, instance);
            Directory.CreateDirectory(path);
            EnableV2Controllers(path, isOwnCgroup: false);
            return new CgroupLayout(2, [("unified", path)]);
        }

        throw new SandboxUnavailableException(
            "No usable cgroups: need the v1 memory, pids and cpuacct controllers, or cgroup v2 with memory and pids enabled. " +
            "Arbiter must run as root on a host with cgroups mounted at /sys/fs/cgroup.");
    }

    /// <summary>Removes this instance's directories and any run cgroup still in them.</summary>
    public void Remove()
    {
        foreach (var (_, path) in Directories)
        {
            RemoveTree(path);
        }
    }

    private static bool HasV2Controllers(string directory)
    {
        var controllers = File.ReadAllText(Path.Combine(directory, "cgroup.controllers")).Split(' ', StringSplitOptions.TrimEntries);
        return controllers.Contains("memory") && controllers.Contains("pids");
    }

    /// <summary>
    /// Hands the memory and pids controllers down (CPU time comes from cpu.stat, which every v2
    /// cgroup has). v2 lets a cgroup hand controllers to its children only while it holds no processes itself
    /// (except the root). When the engine sits in that cgroup, it moves every process there into a
    /// leaf "arbiter-engine" first, as systemd does for delegated units.
    /// </summary>
    private static void EnableV2Controllers(string directory, bool isOwnCgroup)
    {
        var control = Path.Combine(directory, "cgroup.subtree_control");
        try
        {
            File.WriteAllText(control, "+memory +pids");
        }
        catch (IOException) when (isOwnCgroup)
        {
            var leaf = Path.Combine(directory, "arbiter-engine");
            Directory.CreateDirectory(leaf);
            foreach (var pid in File.ReadAllLines(Path.Combine(directory, "cgroup.procs")))
            {
                File.WriteAllText(Path.Combine(leaf, "cgroup.procs"), pid);
            }

            File.WriteAllText(control, "+memory +pids");
        }
    }

    private static void RemoveStaleInstances(string parent)
    {
        if (!Directory.Exists(parent))
        {
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories(parent, "i*"))
        {
            var name = Path.GetFileName(directory);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash > 1 && int.TryParse(name.AsSpan(1, dash - 1), out var pid) && !Directory.Exists($"/proc/{pid}"))
            {
                RemoveTree(directory);
            }
        }
    }

    /// <summary>Removes a cgroup tree bottom-up, killing anything still inside (a dead engine's
    /// launcher takes its container with it, so normally nothing is).</summary>
    private static void RemoveTree(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            RemoveTree(child);
        }

        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                KillMembers(directory);
                Directory.Delete(directory);
                return;
            }
            catch (IOException) when (attempt < 99)
            {
                Thread.Sleep(10);
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
        }
    }

    private static void KillMembers(string directory)
    {
        var procs = Path.Combine(directory, "cgroup.procs");
        if (!File.Exists(procs))
        {
            return;
        }

        foreach (var line in File.ReadAllLines(procs))
        {
            if (int.TryParse(line, out var pid) && pid > 1)
            {
                try
                {
                    System.Diagnostics.Process.GetProcessById(pid).Kill();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    // exited meanwhile
                }
            }
        }
    }
}
