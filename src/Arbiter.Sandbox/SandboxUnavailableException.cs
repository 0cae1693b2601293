namespace Arbiter.Sandbox;

/// <summary>The host cannot create sandboxes (not root, no cgroups, launcher missing or failing).
/// A program's misbehaviour never raises this.</summary>
public sealed class SandboxUnavailableException : Exception
{
    public SandboxUnavailableException()
    {
    }

    public SandboxUnavailableException(string message)
        : base(message)
    {
    }

    public SandboxUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
