using System.Globalization;
using Arbiter.Autoscaling.Control;
using Arbiter.Storage;
using Microsoft.Extensions.Logging;

namespace Arbiter.Autoscaling.Actuators;

/// <summary>
/// Scales a pool by starting and stopping <c>arbiter serve --role worker</c> processes on this
/// machine, each taking only the pool's languages. A worker is ready once its <c>/readyz</c>
/// answers; the time from start to ready is the measured start-up time policies lead by. Scaling
/// down removes workers still starting first (they hold no job: a worker leases nothing before its
/// languages are probed), then ready ones, the idlest first: those are drained through the store
/// (the operator's stop switch: no new job, exit once the running ones are done), and signalled
/// only if they have not gone within the drain timeout. Disposing drains every worker it started;
/// a worker whose controller was killed before it could stops by itself (Server:ParentProcessId).
/// </summary>
public sealed partial class LocalProcessActuator(LocalActuatorOptions options, IWorkerRegistry store, TimeProvider time, ILogger logger) : IActuator
{
    private static readonly TimeSpan ReadyPoll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan TermGrace = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private readonly List<LocalWorker> _workers = [];
    private readonly List<Task> _background = [];
    private readonly CancellationTokenSource _disposing = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly List<double> _startups = [];

    public string Name => "local";

    /// <summary>Every start-up time measured so far, in seconds.</summary>
    public IReadOnlyList<double> StartupSeconds
    {
        get
        {
            lock (_gate)
            {
                return [.. _startups];
            }
        }
    }

    /// <summary>The process ids of the pool's workers not yet exited (for tests and logs).</summary>
    public IReadOnlyList<int> ProcessIds(WorkerPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        lock (_gate)
        {
            return [.. _workers.Where(w => w.Pool == pool.Name && !w.Exited).Select(w => w.Process.Id)];
        }
    }

    public Task<ReplicaCounts> GetAsync(WorkerPool pool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        lock (_gate)
        {
            var mine = _workers.Where(w => w.Pool == pool.Name && !w.Exited).ToList();
            var active = mine.Where(w => !w.Draining).ToList();
            double? startup = _startups.Count > 0 ? _startups.TakeLast(10).Average() : null;
            return Task.FromResult(new ReplicaCounts(active.Count, active.Count(w => w.Ready), active.Count(w => !w.Ready), mine.Count(w => w.Draining), startup));
        }
    }

    public async Task ScaleAsync(WorkerPool pool, int replicas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        List<LocalWorker> surplus;
        int missing;
        lock (_gate)
        {
            var active = _workers.Where(w => w.Pool == pool.Name && !w.Exited && !w.Draining).ToList();
            missing = replicas - active.Count;
            surplus = missing >= 0 ? [] : [.. active.Where(w => !w.Ready).Reverse().Concat(active.Where(w => w.Ready)).Take(-missing)];
            foreach (var worker in surplus)
            {
                worker.Draining = true;
            }
        }

        for (var i = 0; i < missing; i++)
        {
            Start(pool);
        }

        if (surplus.Count > 0)
        {
            var idle = await IdlestFirstAsync(surplus, cancellationToken).ConfigureAwait(false);
            foreach (var worker in idle)
            {
                Track(DrainAsync(worker, _disposing.Token));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<LocalWorker> all;
        lock (_gate)
        {
            all = [.. _workers.Where(w => !w.Exited)];
            foreach (var worker in all)
            {
                worker.Draining = true;
            }
        }

        await Task.WhenAll(all.Select(w => DrainAsync(w, CancellationToken.None))).ConfigureAwait(false);
        await _disposing.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_background).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the watchers stop with the actuator
        }

        _disposing.Dispose();
        _http.Dispose();
    }

    private void Start(WorkerPool pool)
    {
        var info = options.Command.StartInfo(["serve", "--role", "worker", "--urls", "http://127.0.0.1:0", "--data", options.DataDirectory]);
        foreach (var (name, value) in WorkerRuntime.Defaults(options.Environment).Concat(options.Environment))
        {
            info.Environment[name] = value;
        }

        info.Environment["ARBITER__SANDBOX__MAXPARALLEL"] = options.SlotsPerWorker.ToString(CultureInfo.InvariantCulture);
        info.Environment["ARBITER__SERVER__WORKERPARALLELISM"] = options.SlotsPerWorker.ToString(CultureInfo.InvariantCulture);
        info.Environment["ARBITER__SERVER__WORKERLANGUAGES"] = string.Join(',', pool.Languages);
        info.Environment["ARBITER__SERVER__LOADSAMPLEPROBLEMS"] = "false";
        // Should this controller be killed outright, its workers notice and stop on their own.
        info.Environment["ARBITER__SERVER__PARENTPROCESSID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var process = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        var worker = new LocalWorker(process, pool.Name, time.GetTimestamp());
        worker.Follow(options.LogDirectory is null ? null : Path.Combine(options.LogDirectory, $"{pool.Name}-{process.Id}.log"));
        lock (_gate)
        {
            _workers.Add(worker);
        }

        LogStarted(logger, pool.Name, process.Id);
        Track(WatchAsync(worker, _disposing.Token));
    }

    /// <summary>Waits for the worker to be ready (measuring its start-up) and then to exit.</summary>
    private async Task WatchAsync(LocalWorker worker, CancellationToken cancellationToken)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(options.StartTimeout);
            var exited = worker.Process.WaitForExitAsync(cancellationToken);
            var address = await Task.WhenAny(worker.Address, exited).ConfigureAwait(false) == worker.Address ? await worker.Address.ConfigureAwait(false) : null;
            while (address is not null && !exited.IsCompleted && !worker.Draining)
            {
                try
                {
                    using var response = await _http.GetAsync(new Uri(address, "/readyz"), deadline.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        var startup = time.GetElapsedTime(worker.StartedAt);
                        lock (_gate)
                        {
                            worker.StartupTime = startup;
                            _startups.Add(startup.TotalSeconds);
                        }

                        LogReady(logger, worker.Pool, worker.Process.Id, startup.TotalSeconds);
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
                catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
                {
                    // One /readyz slower than the client's timeout (a loaded machine) is not yet
                    // ready, not never ready: only the start timeout gives up on the worker.
                }

                await Task.Delay(ReadyPoll, time, deadline.Token).ConfigureAwait(false);
            }

            await exited.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogNeverReady(logger, worker.Pool, worker.Process.Id, options.StartTimeout.TotalSeconds);
            worker.Draining = true;
            Track(DrainAsync(worker, cancellationToken));
            await worker.Process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            if (worker.Process.HasExited)
            {
                lock (_gate)
                {
                    worker.Exited = true;
                }

                worker.CloseLog();
                if (!worker.Draining)
                {
                    LogExitedUnasked(logger, worker.Pool, worker.Process.Id, worker.Process.ExitCode);
                }
            }
        }
    }

    /// <summary>Drains a worker: a ready one through the store's stop switch, waiting for it to
    /// finish its jobs and exit; one still starting (it holds no job) or one that outstays the
    /// drain timeout by SIGTERM, then SIGKILL.</summary>
    private async Task DrainAsync(LocalWorker worker, CancellationToken cancellationToken)
    {
        var process = worker.Process;
        if (process.HasExited)
        {
            return;
        }

        var id = worker.Ready ? await WorkerIdAsync(worker, cancellationToken).ConfigureAwait(false) : null;
        if (id is not null && await store.SetWorkerFlagsAsync(id, draining: true, stopRequested: true, cancellationToken).ConfigureAwait(false))
        {
            LogDraining(logger, worker.Pool, process.Id, id);
            if (await ExitsWithinAsync(process, options.DrainTimeout, cancellationToken).ConfigureAwait(false))
            {
                LogStopped(logger, worker.Pool, process.Id);
                return;
            }
        }

        Signal(process, "TERM");
        if (!await ExitsWithinAsync(process, TermGrace, cancellationToken).ConfigureAwait(false))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        LogStopped(logger, worker.Pool, process.Id);
    }

    /// <summary>The worker's id in the store: host and process id (with its start time for pids reused).</summary>
    private async Task<string?> WorkerIdAsync(LocalWorker worker, CancellationToken cancellationToken)
    {
        // A worker registers at start, but its first beat may lag its readiness by a moment.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var record = (await store.ListWorkersAsync(cancellationToken).ConfigureAwait(false))
                .Where(w => w.ProcessId == worker.Process.Id && w.Host == Environment.MachineName)
                .MaxBy(w => w.StartedAt);
            if (record is not null)
            {
                return record.Id;
            }

            await Task.Delay(ReadyPoll, time, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<IReadOnlyList<LocalWorker>> IdlestFirstAsync(IReadOnlyList<LocalWorker> workers, CancellationToken cancellationToken)
    {
        var running = (await store.ListWorkersAsync(cancellationToken).ConfigureAwait(false))
            .Where(w => w.Host == Environment.MachineName)
            .GroupBy(w => w.ProcessId)
            .ToDictionary(g => g.Key, g => g.MaxBy(w => w.StartedAt)!.RunningJobs);
        return [.. workers.OrderBy(w => w.Ready).ThenBy(w => running.GetValueOrDefault(w.Process.Id))];
    }

    private static async Task<bool> ExitsWithinAsync(System.Diagnostics.Process process, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static void Signal(System.Diagnostics.Process process, string signal)
    {
        try
        {
            using var kill = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("kill")
            {
                ArgumentList = { $"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture) },
                UseShellExecute = false,
            });
            kill?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private void Track(Task task)
    {
        lock (_gate)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(task);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pool {Pool}: started worker process {ProcessId}")]
    private static partial void LogStarted(ILogger logger, string pool, int processId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pool {Pool}: worker process {ProcessId} ready after {Seconds:0.00} s")]
    private static partial void LogReady(ILogger logger, string pool, int processId, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pool {Pool}: worker process {ProcessId} was not ready within {Seconds} s; stopping it")]
    private static partial void LogNeverReady(ILogger logger, string pool, int processId, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pool {Pool}: draining worker process {ProcessId} ({WorkerId})")]
    private static partial void LogDraining(ILogger logger, string pool, int processId, string workerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pool {Pool}: worker process {ProcessId} stopped")]
    private static partial void LogStopped(ILogger logger, string pool, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pool {Pool}: worker process {ProcessId} exited unasked (code {ExitCode})")]
    private static partial void LogExitedUnasked(ILogger logger, string pool, int processId, int exitCode);
}
