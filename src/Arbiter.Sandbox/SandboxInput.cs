namespace Arbiter.Sandbox;

/// <summary>Where a run's standard input comes from.</summary>
public abstract record SandboxInput
{
    private SandboxInput()
    {
    }

    /// <summary>No input: the program reads end-of-file (/dev/null).</summary>
    public static SandboxInput None { get; } = new NoInput();

    /// <summary>The given bytes, as a seekable file (so any size works, with no pipe to deadlock on).</summary>
    public static SandboxInput FromBytes(ReadOnlyMemory<byte> bytes) => new BytesInput(bytes);

    /// <summary>A host file, copied by the engine into a private in-memory file for the run: the
    /// program never holds a descriptor of the host file, so it can neither lock it against
    /// others nor learn its path. A file that cannot be read makes the run IE.</summary>
    public static SandboxInput FromFile(string path) => new FileInput(path);

    /// <summary>An open descriptor (a pipe from another sandboxed program, say). The sandbox takes
    /// ownership: it closes the handle once the run has it.</summary>
    public static SandboxInput FromHandle(Microsoft.Win32.SafeHandles.SafeFileHandle handle) => new HandleInput(handle);

    internal sealed record NoInput : SandboxInput;

    internal sealed record HandleInput(Microsoft.Win32.SafeHandles.SafeFileHandle Handle) : SandboxInput;

    internal sealed record BytesInput(ReadOnlyMemory<byte> Bytes) : SandboxInput;

    internal sealed record FileInput(string Path) : SandboxInput;
}
