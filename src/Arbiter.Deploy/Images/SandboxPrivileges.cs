namespace Arbiter.Deploy.Images;

/// <summary>
/// What a worker's container must be granted for the sandbox to work inside it, in one place for
/// the image builds, compose, the Kubernetes manifests and the tests. Measured on this project's
/// cgroup v1 hosts with podman and runc (docs/deploy.md says how, and what cgroup v2 needs):
/// every capability outside this list is dropped; the runtime's default seccomp profile stays.
/// </summary>
public static class SandboxPrivileges
{
    /// <summary>
    /// SYS_ADMIN: mount, pivot_root and unshare of the mount, pid, ipc and uts namespaces (and the
    /// runtime's seccomp profile allows those calls only with it). NET_ADMIN: bring up loopback
    /// in the sandbox's own network namespace. SETUID, SETGID: run each program as its own uid.
    /// CHOWN, FOWNER, DAC_OVERRIDE: give the work dir to that uid and read back what it wrote.
    /// KILL: end every process of a run, whatever uid it runs as. MKNOD: each run's /dev is a
    /// tmpfs of its own with its own null, zero, full, random and urandom nodes (the runtime's
    /// device rules allow exactly those).
    /// </summary>
    public static IReadOnlyList<string> Capabilities { get; } = ["SYS_ADMIN", "NET_ADMIN", "SETUID", "SETGID", "CHOWN", "FOWNER", "DAC_OVERRIDE", "KILL", "MKNOD"];

    /// <summary>The cgroup tree, writable: each run gets its own cgroup for memory, pids and CPU
    /// time. On cgroup v1 the host's tree is bound in and the container shares the host's cgroup
    /// namespace, so the worker finds its own cgroup in it and nests every run beneath.</summary>
    public const string CgroupPath = "/sys/fs/cgroup";

    /// <summary>The sandbox's lock files (one uid per live sandbox on the host) and mount points.
    /// Shared by every worker on a node, so no two sandboxes on it ever get the same uid.</summary>
    public const string RuntimeDirectory = "/run/arbiter";

    /// <summary>Open files and processes per container: podman's defaults exceed what these hosts
    /// allow a container, so the test runs and compose set them; each sandboxed run has its own
    /// far lower limits anyway.</summary>
    public const int FileLimit = 1024;

    public const int ProcessLimit = 1024;

    /// <summary>The arguments that give a podman or docker container (or build) these privileges.
    /// A build keeps the builder's default capabilities besides (its package installs use them);
    /// a running worker gets these and nothing else.</summary>
    public static IReadOnlyList<string> EngineRunArguments(bool build) =>
    [
        .. build ? Array.Empty<string>() : ["--cap-drop", "ALL"],
        "--cap-add", string.Join(",", Capabilities),
        "--volume", $"{CgroupPath}:{CgroupPath}:rw",
        .. build ? Array.Empty<string>() : ["--cgroupns", "host"],
        "--ulimit", $"nofile={FileLimit}:{FileLimit}",
        "--ulimit", $"nproc={ProcessLimit}:{ProcessLimit}",
    ];
}
