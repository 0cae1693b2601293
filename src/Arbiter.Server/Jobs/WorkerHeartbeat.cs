using System.Diagnostics;
using System.Text.Json;
using Arbiter.Storage;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Jobs;

/// <summary>
/// Registers this worker and reports every few seconds: load, free disk, running jobs, and its
/// capabilities (languages with probed versions, the languages it takes jobs in, cores, a GPU
/// health probe where nvidia-smi exists). Reads back the operator's drain and stop flags; a stopped worker exits once drained.
/// </summary>
internal sealed partial class WorkerHeartbeat(
    IWorkerRegistry store,
    WorkerIdentity identity,
    LanguageDirectory languages,
    OfferedLanguages offered,
    IOptions<ServerOptions> options,
    IHostApplicationLifetime lifetime,
    StoreOutage outage,
    TimeProvider time,
    ILogger<WorkerHeartbeat> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var gpu = await GpuProbe.RunAsync(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BeatAsync(gpu, stoppingToken).ConfigureAwait(false);
                outage.Succeeded();
            }
            catch (StoreUnavailableException e)
            {
                outage.Failed("the worker heartbeat", e);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogHeartbeatFailed(logger, e.Message);
            }

            // The first beat after probing comes at once: until then the API cannot tell which
            // languages this worker takes.
            var delay = Task.Delay(Interval, time, stoppingToken);
            await (languages.Probed ? delay : Task.WhenAny(delay, languages.WhenProbed)).ConfigureAwait(false);
            stoppingToken.ThrowIfCancellationRequested();
        }
    }

    private async Task BeatAsync(object gpu, CancellationToken cancellationToken)
    {
        var known = (await store.ListWorkersAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(w => w.Id == identity.Id);
        identity.Draining = known?.Draining ?? false;
        if (known?.StopRequested == true && identity.Running == 0)
        {
            LogStopping(logger, identity.Id);
            lifetime.StopApplication();
        }

        var capabilities = new
        {
            cores = Environment.ProcessorCount,
            languages = languages.Statuses.Select(s => new { s.Id, s.Version, s.Available, s.Packages }),
            // Null until probed: the API then reads this worker as able to take anything.
            offers = offered.Current,
            gpu,
        };
        var disk = new DriveInfo(options.Value.DataDirectory);
        await store.UpsertWorkerAsync(new WorkerRecord(
            identity.Id,
            Environment.MachineName,
            Environment.ProcessId,
            identity.StartedAt,
            time.GetUtcNow(),
            JsonSerializer.Serialize(capabilities, ServerJson.Options),
            LoadAverage(),
            disk.IsReady ? disk.AvailableFreeSpace : 0,
            identity.Running,
            identity.Draining,
            known?.StopRequested ?? false), cancellationToken).ConfigureAwait(false);
    }

    private static double LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker heartbeat failed: {Reason}")]
    private static partial void LogHeartbeatFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} was asked to stop and is drained; stopping")]
    private static partial void LogStopping(ILogger logger, string workerId);
}

/// <summary>The GPU health probe: nvidia-smi's view of each GPU where it is installed; "none"
/// elsewhere (the machines this project is tested on have no GPU).</summary>
internal static class GpuProbe
{
    public static async Task<object> RunAsync(CancellationToken cancellationToken)
    {
        const string tool = "/usr/bin/nvidia-smi";
        if (!File.Exists(tool))
        {
            return new { present = false };
        }

        try
        {
            var info = new ProcessStartInfo(tool, ["--query-gpu=name,memory.total,utilization.gpu,temperature.gpu", "--format=csv,noheader"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return new { present = true, healthy = process.ExitCode == 0, gpus = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception)
        {
            return new { present = true, healthy = false, error = e.Message };
        }
    }
}
