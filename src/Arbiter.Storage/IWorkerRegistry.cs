namespace Arbiter.Storage;

/// <summary>The workers table: each worker's heartbeat and capabilities, and the operator's
/// draining and stop flags.</summary>
public interface IWorkerRegistry
{
    Task UpsertWorkerAsync(WorkerRecord worker, CancellationToken cancellationToken);

    Task<IReadOnlyList<WorkerRecord>> ListWorkersAsync(CancellationToken cancellationToken);

    /// <summary>Sets a worker's draining / stop flags; false for an unknown worker.</summary>
    Task<bool> SetWorkerFlagsAsync(string workerId, bool draining, bool stopRequested, CancellationToken cancellationToken);
}
