using System.Diagnostics;
using Arbiter.Sandbox.Host;

namespace Arbiter.Sandbox;

/// <summary>
/// Checks, before any job, that this host (or container) gives the sandbox what it needs: root,
/// the capabilities it uses, a writable cgroup tree with the controllers it limits runs by, the
/// namespaces it unshares, and its launcher. A worker that lacks any says so at start in one line
/// naming each missing thing, instead of failing its first job.
/// </summary>
public static class SandboxHostCheck
{
    private static readonly string[] V1Controllers = ["memory", "pids", "cpuacct"];
    private static readonly string[] UnshareLocations = ["/usr/bin/unshare", "/bin/unshare"];
    private static readonly string[] UnshareArguments = ["--mount", "--pid", "--ipc", "--uts", "--net", "--fork", "/bin/true"];

    /// <summary>Everything missing, each as a short phrase; empty when the sandbox can run here.</summary>
    public static IReadOnlyList<string> FindMissing(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!OperatingSystem.IsLinux())
        {
            return ["Linux"];
        }

        var missing = new List<string>();
        if (!Environment.IsPrivilegedProcess)
        {
            missing.Add("root");
        }

        var capabilities = Capabilities.Missing(File.ReadAllText("/proc/self/status"));
        if (capabilities.Count > 0)
        {
            missing.Add("capabilities " + string.Join(", ", capabilities));
        }

        if (CgroupProblem() is { } cgroups)
        {
            missing.Add(cgroups);
        }

        if (capabilities.Count == 0 && NamespaceProblem() is { } namespaces)
        {
            missing.Add(namespaces);
        }

        var launcher = options.LauncherPath ?? Path.Combine(AppContext.BaseDirectory, "arbiter-launcher");
        if (!File.Exists(launcher))
        {
            missing.Add($"the launcher ({launcher} does not exist)");
        }

        return missing;
    }

    /// <summary>Throws <see cref="SandboxUnavailableException"/> with one line naming all that is
    /// missing, if anything is.</summary>
    public static void ThrowIfMissing(SandboxOptions options)
    {
        var missing = FindMissing(options);
        if (missing.Count > 0)
        {
            throw new SandboxUnavailableException(
                $"the sandbox cannot run here; missing: {string.Join("; ", missing)} (in a container, see docs/deploy.md for what to grant).");
        }
    }

    /// <summary>The controllers' own cgroup directories exist and take a new child directory.</summary>
    private static string? CgroupProblem()
    {
        var mounts = CgroupMounts.Parse(File.ReadAllText("/proc/self/mountinfo"), File.ReadAllText("/proc/self/cgroup"));
        IReadOnlyList<string> directories;
        if (V1Controllers.All(mounts.V1.ContainsKey))
        {
            directories = [.. V1Controllers.Select(c => mounts.V1[c])];
        }
        else if (mounts.V2 is { } v2 && File.Exists(Path.Combine(v2, "cgroup.controllers")) &&
                 File.ReadAllText(Path.Combine(v2, "cgroup.controllers")).Split(' ', StringSplitOptions.TrimEntries) is var controllers &&
                 controllers.Contains("memory") && controllers.Contains("pids"))
        {
            directories = [v2];
        }
        else
        {
            return "cgroups (the v1 memory, pids and cpuacct controllers, or v2 with memory and pids)";
        }

        foreach (var directory in directories)
        {
            var probe = Path.Combine(directory, $"arbiter-check-{Environment.ProcessId}");
            try
            {
                Directory.CreateDirectory(probe);
                Directory.Delete(probe);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"a writable cgroup tree ({directory}: {e.Message.TrimEnd('.')})";
            }
        }

        return null;
    }

    /// <summary>Unshares the namespaces the launcher uses, in a throwaway child (util-linux's
    /// unshare), which a seccomp or AppArmor profile may forbid even with the capabilities.</summary>
    private static string? NamespaceProblem()
    {
        var unshare = UnshareLocations.FirstOrDefault(File.Exists);
        if (unshare is null)
        {
            return null;
        }

        var info = new ProcessStartInfo(unshare) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in UnshareArguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : $"namespaces (unshare of mount, pid, ipc, uts and net failed: {error}; a seccomp or AppArmor profile may forbid it)";
    }
}
