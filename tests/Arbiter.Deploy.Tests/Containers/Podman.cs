using System.Net;
using System.Net.Sockets;
using Arbiter.Deploy.Building;
using Arbiter.Deploy.Images;

namespace Arbiter.Deploy.Tests.Containers;

/// <summary>podman for the container tests: whether it (and debootstrap, for the local base
/// image) is here, and running it with an argument list.</summary>
internal static class Podman
{
    /// <summary>Set to 1 to run the container tests (docs/deploy.md, "The container test").</summary>
    public const string Switch = "ARBITER_CONTAINER_TESTS";

    public static bool Available => SkipReason is null;

    /// <summary>Why the container tests do not run here, or null when they do.</summary>
    public static string? SkipReason { get; } = FindSkipReason();

    private static string? FindSkipReason()
    {
        if (Environment.GetEnvironmentVariable(Switch) != "1")
        {
            return $"{Switch}=1 is not set: the container tests build images (from cold, 10 to 30 minutes here: a Debian base, " +
                "dotnet publish, three images) and run Arbiter in podman; see docs/deploy.md, \"The container test\".";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "not root: the container tests run the sandbox in rootful podman containers.";
        }

        if (ToolRun.Find("podman") is null || (ToolRun.Find("debootstrap") is null && !File.Exists("/usr/sbin/debootstrap")))
        {
            return "podman and debootstrap are not both installed (apt-get install podman runc debootstrap): " +
                "the container tests build images from a local Debian base and run the sandbox in containers.";
        }

        return null;
    }

    /// <summary>Runs podman; throws with its last lines when it fails, unless <paramref name="check"/> is false.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, bool check = true, string? log = null)
    {
        var list = arguments.ToList();
        var (code, output) = await ToolRun.RunAsync("podman", list, log, TestContext.Current.CancellationToken);
        if (check && code != 0)
        {
            throw new InvalidOperationException($"podman {string.Join(' ', list.Take(3))} … failed ({code}):\n{output}");
        }

        return (code, output);
    }

    /// <summary>The per-container limits every container here needs (podman's defaults exceed the host's).</summary>
    public static IEnumerable<string> Limits =>
        ["--ulimit", $"nofile={SandboxPrivileges.FileLimit}:{SandboxPrivileges.FileLimit}", "--ulimit", $"nproc={SandboxPrivileges.ProcessLimit}:{SandboxPrivileges.ProcessLimit}"];

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
