using Arbiter.Deploy.Images;

namespace Arbiter.Deploy.Tests.Containers;

/// <summary>
/// Arbiter running as containers from its own images, the way compose or Kubernetes runs it:
/// one podman pod holding PostgreSQL, the API (published on a loopback port) and a worker of the
/// C and Python pool with exactly the sandbox's privileges (<see cref="SandboxPrivileges"/>).
/// The worker container also has this machine's .NET runtime and the sandbox's test assembly
/// mounted, so the sandbox's own hostile tests can run inside it.
/// </summary>
public sealed class ContainerDeployment : IAsyncLifetime
{
    private const string Password = "arbiter-ci";

    private readonly string _pod = "arbiter-ci-" + Guid.NewGuid().ToString("N")[..8];

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromMinutes(3) };

    public string WorkerContainer => _pod + "-worker";

    public static string SandboxTests => Path.Combine(Checkout.Root, "tests", "Arbiter.Sandbox.Tests", "bin", "Release", "net10.0");

    public static string Database => $"Host=127.0.0.1;Database=arbiter;Username=postgres;Password={Password}";

    public async ValueTask InitializeAsync()
    {
        if (!Podman.Available)
        {
            return;
        }

        await ContainerImages.BuildOnceAsync();
        try
        {
            var port = Podman.FreePort();
            Http.BaseAddress = new Uri($"http://127.0.0.1:{port}");
            await Podman.RunAsync(["pod", "create", "--name", _pod, "--publish", $"127.0.0.1:{port}:{ImageSettings.Port}"]);
            await Podman.RunAsync(["run", "-d", "--pod", _pod, "--name", _pod + "-postgres", .. Podman.Limits,
                "-e", $"POSTGRES_PASSWORD={Password}", "-e", "POSTGRES_DB=arbiter", ContainerImages.Postgres]);
            await WaitUntilAsync(
                async () => (await Podman.RunAsync(["exec", _pod + "-postgres", "pg_isready", "-h", "127.0.0.1", "-d", "arbiter"], check: false)).ExitCode == 0,
                "PostgreSQL to accept connections");

            string[] store = ["-e", "ARBITER__STORAGE__PROVIDER=postgres", "-e", $"ARBITER__STORAGE__CONNECTIONSTRING={Database}"];
            await Podman.RunAsync(["run", "-d", "--pod", _pod, "--name", _pod + "-api", .. Podman.Limits, .. store, ContainerImages.Api]);
            await Podman.RunAsync(["run", "-d", "--pod", _pod, "--name", WorkerContainer,
                .. SandboxPrivileges.EngineRunArguments(build: false), .. store,
                "-v", "/usr/share/dotnet:/usr/share/dotnet:ro", "-v", $"{SandboxTests}:/sandbox-tests:ro",
                // The API has the pod's port 8080; the worker listens beside it.
                ContainerImages.Worker, "serve", "--urls", "http://127.0.0.1:8081"]);
            await WaitUntilAsync(
                async () => await ArbiterApi.OffersAsync(Http) is { } offers && offers.Contains("c") && offers.Contains("python3"),
                "the worker to offer c and python3");
        }
        catch
        {
            // Nothing is left behind when the start fails: the fixture may never be disposed.
            await Podman.RunAsync(["pod", "rm", "--force", "--time", "5", _pod], check: false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (Podman.Available)
        {
            await Podman.RunAsync(["pod", "rm", "--force", "--time", "5", _pod], check: false);
        }
    }

    /// <summary>The containers' logs, for a failure message.</summary>
    public async Task<string> LogsAsync()
    {
        var text = new System.Text.StringBuilder();
        foreach (var container in new[] { "-api", "-worker" })
        {
            var (_, output) = await Podman.RunAsync(["logs", "--tail", "20", _pod + container], check: false);
            text.AppendLine($"--- {_pod}{container}:").AppendLine(output);
        }

        return text.ToString();
    }

    private Task WaitUntilAsync(Func<Task<bool>> condition, string what) => ArbiterApi.WaitUntilAsync(condition, what, TimeSpan.FromMinutes(3), LogsAsync);
}
