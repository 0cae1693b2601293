namespace Arbiter.Sandbox;

/// <summary>A file copied into the work dir before the run.</summary>
/// <param name="Name">Path relative to the work dir (subdirectories are created; no "..").</param>
/// <param name="Content">The file's bytes.</param>
/// <param name="Executable">Whether the program may execute it (mode 0755 rather than 0644).</param>
public sealed record SandboxFile(string Name, ReadOnlyMemory<byte> Content, bool Executable = false)
{
    /// <summary>Reads a host file, keeping its executable bit.</summary>
    public static SandboxFile FromHostFile(string path, string? name = null)
    {
        var executable = (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;
        return new SandboxFile(name ?? Path.GetFileName(path), File.ReadAllBytes(path), executable);
    }
}
