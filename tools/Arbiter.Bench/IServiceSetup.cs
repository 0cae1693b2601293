namespace Arbiter.Bench;

/// <summary>How <c>arbiter bench service</c> runs the service under test. Each start gets fresh,
/// empty data, so the accept phase's queued submissions never reach the latency phase's workers.</summary>
internal interface IServiceSetup : IAsyncDisposable
{
    /// <summary>Store and processes, for the report ("sqlite, one process", …).</summary>
    string Mode { get; }

    /// <summary>Worker processes apart from the API process; 0 when workers run inside it.</summary>
    int WorkerProcesses { get; }

    /// <summary>Only the API: nothing else competes while submissions are accepted.</summary>
    Task<RunningService> StartApiOnlyAsync(CancellationToken cancellationToken);

    /// <summary>API and workers, ready to judge.</summary>
    Task<RunningService> StartFullAsync(CancellationToken cancellationToken);
}
