namespace Arbiter.Autoscaling.Actuators;

/// <summary>
/// How the podman actuator runs workers: the image (built from the language specs, see the images
/// issue), the environment each worker gets (the store above all), the jobs each runs at once, the
/// podman program, and the extra <c>podman run</c> arguments a host needs. The defaults are what
/// this kind of host needs (runc: crun refuses a hybrid cgroup layout; ulimits within the host's;
/// the host network, so the workers reach a database on loopback; privileged, for the sandbox).
/// </summary>
public sealed record PodmanActuatorOptions
{
    public required string Image { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public int SlotsPerWorker { get; init; } = 1;

    public string Podman { get; init; } = "podman";

    public IReadOnlyList<string> RunArguments { get; init; } =
        ["--runtime", "runc", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", "--network", "host", "--privileged"];

    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
