using Arbiter.Deploy.Tests.Kubernetes;

namespace Arbiter.Deploy.Tests.Containers;

/// <summary>
/// Arbiter started by <c>podman kube play</c> from the rendered dev overlay
/// (deploy/kubernetes/overlays/dev, rendered by <c>kubectl kustomize</c>): PostgreSQL from its
/// StatefulSet, the API and the c and python3 worker pools from their Deployments, on a podman
/// network of the run's own, with the adaptations <see cref="KubePlayManifests"/> lists. The
/// database is played first, so its address can stand in for its Service name. Everything the
/// run made (pods, their volumes, the claim's volume, the secret, the network) is removed after,
/// also when the start fails.
/// </summary>
public sealed class KubePlayDeployment : IAsyncLifetime
{
    /// <summary>The pools played: both run from the test's c+python3 image.</summary>
    public static readonly string[] Pools = ["c", "python3"];

    private readonly string _run = "kp" + Guid.NewGuid().ToString("N")[..8];

    private KubePlayManifests? _manifests;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromMinutes(3) };

    /// <summary>The adapted documents and the podman output of the last run, for a look after.</summary>
    public static string Folder => Path.Combine(Path.GetDirectoryName(ContainerImages.Directory)!, "kube-play");

    private string RuntimeDirectory => Path.Combine(Folder, _run + "-run-arbiter");

    public async ValueTask InitializeAsync()
    {
        if (!Podman.Available)
        {
            return;
        }

        await ContainerImages.BuildOnceAsync();
        try
        {
            await StartAsync();
        }
        catch
        {
            // Nothing is left behind when the start fails: the fixture may never be disposed.
            await TearDownAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (Podman.Available)
        {
            await TearDownAsync();
        }
    }

    /// <summary>The played containers' last lines, for a failure message.</summary>
    public async Task<string> LogsAsync()
    {
        var text = new System.Text.StringBuilder();
        IEnumerable<string> containers = _manifests is null ? [] : [_manifests.DatabaseContainer, .. _manifests.ArbiterContainers];
        foreach (var container in containers)
        {
            var (_, output) = await Podman.RunAsync(["logs", "--tail", "20", container], check: false);
            text.AppendLine($"--- {container}:").AppendLine(output);
        }

        return text.ToString();
    }

    private async Task StartAsync()
    {
        Directory.CreateDirectory(Folder);
        Directory.CreateDirectory(RuntimeDirectory);
        var port = Podman.FreePort();
        Http.BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var rendered = RenderedManifests.RenderAndLoad(Path.Combine(Checkout.Root, "deploy", "kubernetes", "overlays", "dev"));
        _manifests = KubePlayManifests.Adapt(
            rendered,
            _run,
            new KubePlayImages(ContainerImages.Api, ContainerImages.Worker, ContainerImages.Postgres),
            Pools,
            port,
            RuntimeDirectory);

        var secret = Path.Combine(Folder, "secret.json");
        var database = Path.Combine(Folder, "database.yaml");
        await File.WriteAllTextAsync(secret, _manifests.SecretJson);
        await File.WriteAllTextAsync(database, _manifests.DatabaseYaml);
        await Podman.RunAsync(["network", "create", _run]);
        await Podman.RunAsync(["secret", "create", _manifests.SecretName, secret]);
        await Podman.RunAsync(["kube", "play", "--network", _run, database], log: Path.Combine(Folder, "database.log"));
        await WaitUntilAsync(
            async () => (await Podman.RunAsync(["exec", _manifests.DatabaseContainer, "pg_isready", "-h", "127.0.0.1"], check: false)).ExitCode == 0,
            "PostgreSQL to accept connections");

        var (_, address) = await Podman.RunAsync([
            "inspect",
            "--format",
            "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
            await InfraContainerAsync(_manifests.DatabaseContainer)]);
        var arbiter = Path.Combine(Folder, "arbiter.yaml");
        await File.WriteAllTextAsync(arbiter, _manifests.ArbiterYaml(Lines(address).Last()));
        await Podman.RunAsync(["kube", "play", "--network", _run, arbiter], log: Path.Combine(Folder, "arbiter.log"));
        await WaitUntilAsync(async () => await ArbiterApi.OffersAsync(Http) is { } offers && Pools.All(offers.Contains), $"workers offering {string.Join(" and ", Pools)}");
    }

    /// <summary>The infra container of the pod <paramref name="container"/> is in: it holds the
    /// pod's network namespace, and so its address.</summary>
    private static async Task<string> InfraContainerAsync(string container)
    {
        var (_, pod) = await Podman.RunAsync(["inspect", "--format", "{{.Pod}}", container]);
        var (_, infra) = await Podman.RunAsync(["pod", "inspect", "--format", "{{.InfraContainerID}}", Lines(pod).Last()]);
        return Lines(infra).Last();
    }

    /// <summary>Removes the run's pods and every volume their containers had, the claim's volume,
    /// the secret, the network and the private runtime folder; what does not exist is skipped.</summary>
    private async Task TearDownAsync()
    {
        var filter = $"label={KubePlayManifests.RunLabel}={_run}";
        var (_, containers) = await Podman.RunAsync(["ps", "--all", "--filter", filter, "--format", "{{.ID}}"], check: false);
        var volumes = new List<string>();
        foreach (var container in Lines(containers))
        {
            var (_, names) = await Podman.RunAsync(["inspect", "--format", "{{range .Mounts}}{{if eq .Type \"volume\"}}{{.Name}} {{end}}{{end}}", container], check: false);
            volumes.AddRange(names.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        var (_, pods) = await Podman.RunAsync(["pod", "ps", "--filter", filter, "--format", "{{.ID}}"], check: false);
        foreach (var pod in Lines(pods))
        {
            // The workers' grace period is 630 s; a test's pods need not drain.
            await Podman.RunAsync(["pod", "rm", "--force", "--time", "10", pod], check: false);
        }

        if (_manifests is not null)
        {
            volumes.Add(_manifests.VolumeName);
            await Podman.RunAsync(["secret", "rm", _manifests.SecretName], check: false);
        }

        foreach (var volume in volumes.Distinct())
        {
            await Podman.RunAsync(["volume", "rm", "--force", volume], check: false);
        }

        await Podman.RunAsync(["network", "rm", "--force", _run], check: false);
        if (Directory.Exists(RuntimeDirectory))
        {
            Directory.Delete(RuntimeDirectory, recursive: true);
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private Task WaitUntilAsync(Func<Task<bool>> condition, string what) => ArbiterApi.WaitUntilAsync(condition, what, TimeSpan.FromMinutes(5), LogsAsync);
}
