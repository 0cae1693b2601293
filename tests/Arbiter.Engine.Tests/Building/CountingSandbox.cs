using Arbiter.Sandbox;

namespace Arbiter.Engine.Tests.Building;

/// <summary>The real sandbox, counting the programs it starts and keeping their requests.</summary>
internal sealed class CountingSandbox(ISandbox inner) : ISandbox
{
    private readonly List<SandboxRequest> _requests = [];

    public int Capacity => inner.Capacity;

    public IReadOnlyList<SandboxRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken = default)
    {
        lock (_requests)
        {
            _requests.Add(request);
        }

        return inner.RunAsync(request, cancellationToken);
    }

    public Task<ISandboxReservation> ReserveAsync(int runs, CancellationToken cancellationToken = default) => inner.ReserveAsync(runs, cancellationToken);
}
