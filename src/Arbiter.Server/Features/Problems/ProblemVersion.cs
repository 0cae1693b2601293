using Arbiter.Engine.Problems;

namespace Arbiter.Server.Features.Problems;

/// <summary>
/// One loaded version of a problem: its package, extracted into a directory of its own, and a
/// count of who holds it (the library while it is current, and each job or request using it).
/// The directory goes when the last holder lets go, so a re-import never deletes files a job is
/// still judging with.
/// </summary>
internal sealed class ProblemVersion(ProblemPackage package)
{
    private int _holders = 1;

    public ProblemPackage Package => package;

    /// <summary>Takes a hold unless the version is already gone (its last holder let go).</summary>
    public bool TryHold()
    {
        while (true)
        {
            var holders = Volatile.Read(ref _holders);
            if (holders == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _holders, holders + 1, holders) == holders)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _holders) == 0)
        {
            package.Dispose();
        }
    }
}
