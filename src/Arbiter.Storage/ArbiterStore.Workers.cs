using static Arbiter.Storage.Sql.SqlArg;

namespace Arbiter.Storage;

/// <summary>The workers table: <see cref="IWorkerRegistry"/>. Heartbeats are bookkeeping writes
/// (the next heartbeat restores one lost to a power cut).</summary>
public abstract partial class ArbiterStore
{
    /// <inheritdoc />
    public async Task UpsertWorkerAsync(WorkerRecord worker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worker);
        await Db.ExecuteAsync(SharedSql.UpsertWorker,
            [Text("id", worker.Id), Text("host", worker.Host), Integer("pid", worker.ProcessId), Time("started", worker.StartedAt),
             Time("heartbeat", worker.HeartbeatAt), Text("capabilities", worker.CapabilitiesJson), Real("load", worker.Load),
             Integer("disk", worker.DiskFreeBytes), Integer("running", worker.RunningJobs), Boolean("draining", worker.Draining), Boolean("stop", worker.StopRequested)],
            cancellationToken, durable: false).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkerRecord>> ListWorkersAsync(CancellationToken cancellationToken) =>
        await Db.QueryAsync(SharedSql.ListWorkers, [], row => RecordReader.Worker(row, ReadTime), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> SetWorkerFlagsAsync(string workerId, bool draining, bool stopRequested, CancellationToken cancellationToken) =>
        await Db.ExecuteAsync(SharedSql.SetWorkerFlags, [Text("id", workerId), Boolean("draining", draining), Boolean("stop", stopRequested)],
            cancellationToken, durable: false).ConfigureAwait(false) == 1;
}
