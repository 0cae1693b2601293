using System.Globalization;

namespace Arbiter.Sandbox.Host;

/// <summary>The Linux capabilities the sandbox uses, and which of them a process lacks, read from
/// the CapEff line of /proc/self/status.</summary>
internal static class Capabilities
{
    /// <summary>Name and bit number (linux/capability.h), with what the sandbox does with each.</summary>
    public static IReadOnlyList<(string Name, int Bit, string Why)> Required { get; } =
    [
        ("CAP_SYS_ADMIN", 21, "namespaces, mounts, pivot_root"),
        ("CAP_NET_ADMIN", 12, "loopback in the sandbox's own network namespace"),
        ("CAP_SETUID", 7, "each program runs as its own uid"),
        ("CAP_SETGID", 6, "each program runs as its own gid"),
        ("CAP_CHOWN", 0, "the work dir belongs to the program's uid"),
        ("CAP_FOWNER", 3, "the work dir belongs to the program's uid"),
        ("CAP_DAC_OVERRIDE", 1, "reading back what the program wrote"),
        ("CAP_KILL", 5, "ending every process of a run"),
        ("CAP_MKNOD", 27, "the device nodes (null, zero, random…) of each run's own /dev"),
    ];

    /// <summary>The required capabilities missing from a /proc/PID/status text (all of them when
    /// it has no CapEff line).</summary>
    public static IReadOnlyList<string> Missing(string status)
    {
        var line = status.Split('\n').FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        if (line is null || !ulong.TryParse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var effective))
        {
            return [.. Required.Select(c => c.Name)];
        }

        return [.. Required.Where(c => (effective & (1UL << c.Bit)) == 0).Select(c => c.Name)];
    }
}
