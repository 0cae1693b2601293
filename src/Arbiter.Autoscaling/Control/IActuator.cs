namespace Arbiter.Autoscaling.Control;

/// <summary>
/// Carries out scaling decisions for worker pools: local processes, podman containers or a
/// Kubernetes Deployment. The controller and the policies know only this interface. Scaling down
/// drains: a replica asked to go takes no new job and finishes what it holds before it stops.
/// </summary>
public interface IActuator : IAsyncDisposable
{
    string Name { get; }

    Task<ReplicaCounts> GetAsync(WorkerPool pool, CancellationToken cancellationToken);

    /// <summary>Sets the pool's replica count (bounds already applied).</summary>
    Task ScaleAsync(WorkerPool pool, int replicas, CancellationToken cancellationToken);
}
