using Microsoft.Win32.SafeHandles;

namespace Arbiter.Sandbox;

/// <summary>A pipe for connecting two sandboxed programs (an interactive problem's submission and
/// interactor): pass <see cref="Reader"/> as one run's stdin (<see cref="SandboxInput.FromHandle"/>)
/// and <see cref="Writer"/> as the other's <see cref="SandboxRequest.StdoutTo"/>. Each run takes
/// ownership of the end it is given.</summary>
public sealed class SandboxPipe
{
    private SandboxPipe(SafeFileHandle reader, SafeFileHandle writer)
    {
        Reader = reader;
        Writer = writer;
    }

    public SafeFileHandle Reader { get; }

    public SafeFileHandle Writer { get; }

    public static SandboxPipe Create()
    {
        var (reader, writer) = Launcher.UnixInterop.CreatePipe();
        return new SandboxPipe(reader, writer);
    }
}
