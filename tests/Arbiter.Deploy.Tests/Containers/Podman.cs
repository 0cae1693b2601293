using System.Net;
using System.Net.Sockets;
using Arbiter.Deploy.Building;
using Arbiter.Deploy.Images;

namespace Arbiter.Deploy.Tests.Containers;

/// <summary>podman for the container tests: whether it (and debootstrap, for the local base
/// image) is here, and running it with an argument list and a containers.conf of our own.</summary>
internal static class Podman
{
    /// <summary>
    /// The containers.conf every podman process of these tests reads (CONTAINERS_CONF), written
    /// once per test run: podman's default ulimits exceed what these hosts allow a container
    /// ("error setting rlimit type 7"), and a pod's infra container, or a container kube play
    /// creates, takes the defaults, having no --ulimit of its own. The file replaces the host's
    /// containers.conf for these processes only (podman's built-in defaults stand for the rest).
    /// </summary>
    private static readonly Lazy<string> ContainersConf = new(WriteContainersConf);

    /// <summary>Set to 0 to skip the container tests where they would run (docs/deploy.md, "The container test").</summary>
    public const string Switch = "ARBITER_CONTAINER_TESTS";

    public static bool Available => SkipReason is null;

    /// <summary>Why the container tests do not run here, or null when they do: they run wherever
    /// root has podman and debootstrap (CI's set-up installs both), unless switched off.</summary>
    public static string? SkipReason { get; } = FindSkipReason();

    private static string? FindSkipReason()
    {
        if (Environment.GetEnvironmentVariable(Switch) == "0")
        {
            return $"{Switch}=0: the container tests (images built from a local Debian base, Arbiter run in podman; " +
                "about 2 minutes when the images exist, 8 to 10 from nothing) were switched off; see docs/deploy.md, \"The container test\".";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "not root: the container tests run the sandbox in rootful podman containers.";
        }

        if (ToolRun.Find("podman") is null || (ToolRun.Find("debootstrap") is null && !File.Exists("/usr/sbin/debootstrap")))
        {
            return "podman and debootstrap are not both installed (scripts/setup.sh --containers, or apt-get install podman runc debootstrap catatonit): " +
                "the container tests build images from a local Debian base and run the sandbox in containers.";
        }

        return null;
    }

    /// <summary>Runs podman; throws with its last lines when it fails, unless <paramref name="check"/> is false.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, bool check = true, string? log = null)
    {
        var list = arguments.ToList();
        var (code, output) = await ToolRun.RunAsync("podman", list, log, TestContext.Current.CancellationToken, environment: ProcessEnvironment);
        if (check && code != 0)
        {
            throw new InvalidOperationException($"podman {string.Join(' ', list.Take(3))} … failed ({code}):\n{output}");
        }

        return (code, output);
    }

    /// <summary>What the podman processes of these tests get in their environment.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment => new Dictionary<string, string> { ["CONTAINERS_CONF"] = ContainersConf.Value };

    /// <summary>The per-container limits every container here needs (podman's defaults exceed the host's).</summary>
    public static IEnumerable<string> Limits =>
        ["--ulimit", $"nofile={SandboxPrivileges.FileLimit}:{SandboxPrivileges.FileLimit}", "--ulimit", $"nproc={SandboxPrivileges.ProcessLimit}:{SandboxPrivileges.ProcessLimit}"];

    private static string WriteContainersConf()
    {
        var path = Path.Combine(Path.GetTempPath(), $"arbiter-containers-{Environment.ProcessId}.conf");
        File.WriteAllText(path,
            "# Written by the container tests (tests/Arbiter.Deploy.Tests/Containers/Podman.cs) for their podman processes.\n" +
            $"[containers]\ndefault_ulimits = [\"nofile={SandboxPrivileges.FileLimit}:{SandboxPrivileges.FileLimit}\", " +
                $"\"nproc={SandboxPrivileges.ProcessLimit}:{SandboxPrivileges.ProcessLimit}\"]\n");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
