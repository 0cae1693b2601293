using Arbiter.Engine.Problems;

namespace Arbiter.Server.Features.Problems;

/// <summary>A hold on one version of a problem: its files stay until this is disposed, whatever
/// is imported meanwhile.</summary>
internal sealed class ProblemLease(ProblemVersion version) : IDisposable
{
    private int _released;

    public ProblemPackage Package => version.Package;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            version.Release();
        }
    }
}
