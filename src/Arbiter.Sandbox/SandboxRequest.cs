namespace Arbiter.Sandbox;

/// <summary>One program to run in a fresh sandbox.</summary>
/// <param name="Program">An absolute path inside the sandbox, a path relative to the work dir
/// ("./a.out"), or a name looked up on the request's PATH.</param>
/// <param name="Arguments">Arguments after the program name.</param>
public sealed record SandboxRequest(string Program, IReadOnlyList<string> Arguments)
{
    /// <summary>Environment variables; PATH, HOME and LANG get safe defaults when absent.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public SandboxLimits Limits { get; init; } = SandboxLimits.Default;

    public SandboxInput Stdin { get; init; } = SandboxInput.None;

    /// <summary>Where stdout goes instead of being captured: an open descriptor, such as a pipe to
    /// another sandboxed program (interactive problems). The sandbox takes ownership and closes
    /// it once the run has it. Null: captured, up to the output limit.</summary>
    public Microsoft.Win32.SafeHandles.SafeFileHandle? StdoutTo { get; init; }

    /// <summary>Files placed in the work dir before the program starts.</summary>
    public IReadOnlyList<SandboxFile> Files { get; init; } = [];

    /// <summary>Empty directories created in the work dir before the program starts (an output
    /// validator's feedback directory, say), owned by the program.</summary>
    public IReadOnlyList<string> Directories { get; init; } = [];

    /// <summary>Work-dir paths to bring back after the run (missing ones are reported as missing).</summary>
    public IReadOnlyList<string> CollectFiles { get; init; } = [];

    /// <summary>Largest file brought back by <see cref="CollectFiles"/>.</summary>
    public long CollectFileMaxBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Working directory relative to the work dir; empty for the work dir itself.</summary>
    public string WorkingDirectory { get; init; } = "";

    /// <summary>
    /// A command (program and arguments) that starts this request's interpreter ahead of time,
    /// which the pool may use instead of starting <see cref="Program"/>: it starts in a fresh
    /// sandbox with this request's limits, environment and working directory (and no files yet),
    /// reports that it is ready and waits; handed this request's full command line and stdin, it
    /// must behave as that command line would (the protocol: Native/launcher.h, struct
    /// prestarted). Each serves one run and is never reused; null: always started the usual way.
    /// </summary>
    public IReadOnlyList<string>? Prestart { get; init; }

    /// <summary>Share the host's network. Off by default: no interfaces but loopback, and no
    /// sockets but local ones.</summary>
    public bool Network { get; init; }
}
