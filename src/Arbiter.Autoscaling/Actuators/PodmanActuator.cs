using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Arbiter.Autoscaling.Control;
using Arbiter.Storage;
using Microsoft.Extensions.Logging;

namespace Arbiter.Autoscaling.Actuators;

/// <summary>
/// Scales a pool as worker containers named <c>arbiter-POOL-N</c> (labelled
/// <c>arbiter.pool=POOL</c>, host name = container name) run by podman from the worker image.
/// A container's worker is ready once it has registered in the store with the languages it offers;
/// scaling down drains through the store's stop switch (the worker finishes its jobs and exits, so
/// the container stops), then removes the container; one that outstays the drain timeout gets
/// <c>podman stop</c>.
/// </summary>
public sealed partial class PodmanActuator(PodmanActuatorOptions options, IWorkerRegistry store, TimeProvider time, ILogger logger) : IActuator
{
    public const string PoolLabel = "arbiter.pool";

    private readonly Lock _gate = new();
    private readonly HashSet<string> _draining = new(StringComparer.Ordinal);
    private readonly List<Task> _background = [];

    public string Name => "podman";

    public async Task<ReplicaCounts> GetAsync(WorkerPool pool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var running = (await ListAsync(pool, cancellationToken).ConfigureAwait(false)).Where(c => c.Running).ToList();
        var ready = await ReadyHostsAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var active = running.Where(c => !_draining.Contains(c.Name)).ToList();
            return new ReplicaCounts(active.Count, active.Count(c => ready.Contains(c.Name)), active.Count(c => !ready.Contains(c.Name)), running.Count - active.Count);
        }
    }

    public async Task ScaleAsync(WorkerPool pool, int replicas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        var containers = await ListAsync(pool, cancellationToken).ConfigureAwait(false);
        var ready = await ReadyHostsAsync(cancellationToken).ConfigureAwait(false);
        List<ContainerState> active;
        lock (_gate)
        {
            active = [.. containers.Where(c => c.Running && !_draining.Contains(c.Name))];
        }

        var taken = containers.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        for (var n = 0; active.Count + n < replicas; n++)
        {
            var name = NextName(pool, taken);
            taken.Add(name);
            await PodmanAsync(RunArguments(pool, name, options), cancellationToken).ConfigureAwait(false);
            LogStarted(logger, pool.Name, name);
        }

        // Those still starting first (no job yet), then ready ones.
        foreach (var container in active.OrderBy(c => ready.Contains(c.Name)).Take(Math.Max(0, active.Count - replicas)))
        {
            lock (_gate)
            {
                _draining.Add(container.Name);
                _background.RemoveAll(t => t.IsCompleted);
                _background.Add(DrainAsync(container.Name, ready.Contains(container.Name), CancellationToken.None));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _background];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    /// <summary>The <c>podman run</c> arguments for one worker container of a pool.</summary>
    public static IReadOnlyList<string> RunArguments(WorkerPool pool, string name, PodmanActuatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(options);
        var arguments = new List<string> { "run", "--detach", "--name", name, "--hostname", name, "--label", $"{PoolLabel}={pool.Name}" };
        arguments.AddRange(options.RunArguments);
        var environment = new SortedDictionary<string, string>(options.Environment.ToDictionary(), StringComparer.Ordinal)
        {
            ["ARBITER__SANDBOX__MAXPARALLEL"] = options.SlotsPerWorker.ToString(CultureInfo.InvariantCulture),
            ["ARBITER__SERVER__WORKERPARALLELISM"] = options.SlotsPerWorker.ToString(CultureInfo.InvariantCulture),
            ["ARBITER__SERVER__WORKERLANGUAGES"] = string.Join(',', pool.Languages),
            ["ARBITER__SERVER__LOADSAMPLEPROBLEMS"] = "false",
        };
        foreach (var (key, value) in environment)
        {
            arguments.Add("--env");
            arguments.Add($"{key}={value}");
        }

        arguments.AddRange([options.Image, "serve", "--role", "worker", "--urls", "http://127.0.0.1:0"]);
        return arguments;
    }

    /// <summary>Reads <c>podman ps --all --format json</c>: each container's name and whether it runs.</summary>
    public static IReadOnlyList<ContainerState> ParseContainers(string json)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "[]" : json);
        var result = new List<ContainerState>();
        foreach (var container in document.RootElement.EnumerateArray())
        {
            var name = container.TryGetProperty("Names", out var names) && names.ValueKind == JsonValueKind.Array && names.GetArrayLength() > 0
                ? names[0].GetString() : null;
            var state = container.TryGetProperty("State", out var s) ? s.GetString() : null;
            if (name is not null)
            {
                result.Add(new ContainerState(name, string.Equals(state, "running", StringComparison.OrdinalIgnoreCase)));
            }
        }

        return result;
    }

    private static string NextName(WorkerPool pool, HashSet<string> taken)
    {
        for (var n = 1; ; n++)
        {
            var name = $"arbiter-{pool.Name}-{n}";
            if (!taken.Contains(name))
            {
                return name;
            }
        }
    }

    private async Task<IReadOnlyList<ContainerState>> ListAsync(WorkerPool pool, CancellationToken cancellationToken) =>
        ParseContainers(await PodmanAsync(["ps", "--all", "--filter", $"label={PoolLabel}={pool.Name}", "--format", "json"], cancellationToken).ConfigureAwait(false));

    /// <summary>Host names (= container names) of workers that have registered what they offer
    /// and beat recently.</summary>
    private async Task<HashSet<string>> ReadyHostsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return (await store.ListWorkersAsync(cancellationToken).ConfigureAwait(false))
            .Where(w => now - w.HeartbeatAt < Signals.StoreSignalSource.Fresh && w.CapabilitiesJson.Contains("\"offers\":[", StringComparison.Ordinal))
            .Select(w => w.Host)
            .ToHashSet(StringComparer.Ordinal);
    }

    private async Task DrainAsync(string name, bool ready, CancellationToken cancellationToken)
    {
        try
        {
            var worker = ready ? (await store.ListWorkersAsync(cancellationToken).ConfigureAwait(false)).Where(w => w.Host == name).MaxBy(w => w.StartedAt) : null;
            if (worker is not null && await store.SetWorkerFlagsAsync(worker.Id, draining: true, stopRequested: true, cancellationToken).ConfigureAwait(false))
            {
                LogDraining(logger, name, worker.Id);
                var deadline = time.GetUtcNow() + options.DrainTimeout;
                while (time.GetUtcNow() < deadline
                    && (await PodmanAsync(["inspect", "--format", "{{.State.Running}}", name], cancellationToken).ConfigureAwait(false)).Trim() == "true")
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken).ConfigureAwait(false);
                }
            }

            await PodmanAsync(["stop", "--time", "15", name], cancellationToken).ConfigureAwait(false);
            await PodmanAsync(["rm", "--force", name], cancellationToken).ConfigureAwait(false);
            LogRemoved(logger, name);
        }
        catch (InvalidOperationException e)
        {
            LogDrainFailed(logger, name, e.Message);
        }
        finally
        {
            lock (_gate)
            {
                _draining.Remove(name);
            }
        }
    }

    private async Task<string> PodmanAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(options.Podman) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {options.Podman}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"podman {arguments[0]} failed ({process.ExitCode}): {(await errors.ConfigureAwait(false)).Trim()}");
        }

        return await output.ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pool {Pool}: started container {Container}")]
    private static partial void LogStarted(ILogger logger, string pool, string container);

    [LoggerMessage(Level = LogLevel.Information, Message = "Draining container {Container} (worker {WorkerId})")]
    private static partial void LogDraining(ILogger logger, string container, string workerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed container {Container}")]
    private static partial void LogRemoved(ILogger logger, string container);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container {Container}: draining failed: {Reason}")]
    private static partial void LogDrainFailed(ILogger logger, string container, string reason);
}

/// <summary>A container as <c>podman ps</c> lists it.</summary>
public sealed record ContainerState(string Name, bool Running);
