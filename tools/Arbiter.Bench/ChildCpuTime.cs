using System.Runtime.InteropServices;

namespace Arbiter.Bench;

/// <summary>
/// CPU time (user + system) of this process's finished children: <c>getrusage(RUSAGE_CHILDREN)</c>.
/// Read before and after one bare run (started and waited for alone), the difference is that
/// run's CPU time, its own children included once it waited for them: the same figure the sandbox
/// reads from its per-run cgroup. .NET reaps a child with waitpid, which adds it to these totals.
/// </summary>
internal static partial class ChildCpuTime
{
    private const int RusageChildren = -1;

    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;

        // maxrss … nivcsw: fourteen longs the benchmark does not need.
        public long Rest0, Rest1, Rest2, Rest3, Rest4, Rest5, Rest6, Rest7, Rest8, Rest9, Rest10, Rest11, Rest12, Rest13;
    }

    public static TimeSpan Total()
    {
        if (getrusage(RusageChildren, out var usage) != 0)
        {
            throw new InvalidOperationException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}");
        }

        var microseconds = ((usage.UserSeconds + usage.SystemSeconds) * 1_000_000) + usage.UserMicroseconds + usage.SystemMicroseconds;
        return TimeSpan.FromMicroseconds(microseconds);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, out Rusage usage);
}
