using Arbiter.Sandbox;

namespace Arbiter.Engine.Tests.Building;

/// <summary>The real sandbox, counting the programs it starts and keeping their requests and results.</summary>
internal sealed class CountingSandbox(ISandbox inner) : ISandbox
{
    private readonly List<SandboxRequest> _requests = [];
    private readonly List<SandboxResult> _results = [];

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

    public IReadOnlyList<SandboxResult> Results
    {
        get
        {
            lock (_requests)
            {
                return [.. _results];
            }
        }
    }

    public async Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken = default)
    {
        lock (_requests)
        {
            _requests.Add(request);
        }

        var result = await inner.RunAsync(request, cancellationToken);
        lock (_requests)
        {
            _results.Add(result);
        }

        return result;
    }

    public Task<ISandboxReservation> ReserveAsync(int runs, CancellationToken cancellationToken = default) => inner.ReserveAsync(runs, cancellationToken);
}
