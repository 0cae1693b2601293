using System.ComponentModel.DataAnnotations;

namespace Arbiter.Sandbox;

/// <summary>How the host runs sandboxes. Bound from the "Sandbox" configuration section.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>Sandboxes running at once; more requests wait in order. Default: the core count.</summary>
    [Range(1, 256)]
    public int MaxParallel { get; set; } = Environment.ProcessorCount;

    /// <summary>The native launcher; default: arbiter-launcher next to this assembly.</summary>
    public string? LauncherPath { get; set; }

    /// <summary>Host directory for lock files and the container root's mount point.</summary>
    [Required]
    public string RuntimeDirectory { get; set; } = "/run/arbiter";

    /// <summary>First uid (and gid) of sandboxed programs; each live sandbox on the host holds its
    /// own, one of the 4096 from here. Choose a range no host user has.</summary>
    [Range(1000, 2_000_000_000)]
    public int UidBase { get; set; } = 1_500_000;

    /// <summary>Host paths visible read-only inside every sandbox (missing ones are skipped).
    /// Never /root, /home, the data dir or the checkout.</summary>
    public IList<string> ReadOnlyPaths { get; } = new List<string>
    {
        "/usr",
        "/etc/alternatives",
        "/etc/ld.so.cache",
        "/etc/ld.so.conf",
        "/etc/ld.so.conf.d",
        "/etc/localtime",
        "/etc/nsswitch.conf",
        "/etc/java-17-openjdk",
        "/etc/dotnet",
        // Toolchains whose files under /usr are symlinks to configuration elsewhere
        // (languages/*.yaml): GHC's package database, R's environment, GnuCOBOL's dialects,
        // Groovy's starter, Racket's and Nim's configuration, Octave's site startup file.
        "/var/lib/ghc",
        "/etc/R",
        "/etc/gnucobol",
        "/etc/groovy",
        "/etc/racket",
        "/etc/nim",
        "/etc/octaverc",
    };

    /// <summary>Added to <see cref="ReadOnlyPaths"/> for runs that ask for the network.</summary>
    public IList<string> NetworkPaths { get; } = new List<string>
    {
        "/etc/resolv.conf",
        "/etc/ssl",
        "/etc/ca-certificates",
    };

    /// <summary>How many idle containers may hold a process started ahead of its run
    /// (<see cref="SandboxRequest.Prestart"/>), each for the kind of request last seen asking for
    /// one. 0 turns pre-starting off. Each costs the interpreter's memory while it waits, and its
    /// start-up CPU is wasted when a different request takes its container.</summary>
    [Range(0, 256)]
    public int PrestartedProcesses { get; set; } = 2;

    /// <summary>The sandbox's hostname.</summary>
    [Required]
    [RegularExpression("^[a-z][a-z0-9-]{0,62}$")]
    public string Hostname { get; set; } = "arbiter";
}
