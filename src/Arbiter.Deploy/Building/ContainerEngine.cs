namespace Arbiter.Deploy.Building;

/// <summary>podman or docker: which one builds, and how it is asked to.</summary>
public sealed record ContainerEngine(string Name, string Path)
{
    public static readonly IReadOnlyList<string> Known = ["podman", "docker"];

    public bool IsPodman => Name == "podman";

    /// <summary>The engine named, or the first of podman and docker that is installed; null when none is.</summary>
    /// <exception cref="ArgumentException">An engine other than podman or docker was named.</exception>
    public static ContainerEngine? Find(string? name = null)
    {
        if (name is not null && !Known.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException($"unknown container engine '{name}' (podman or docker)", nameof(name));
        }

        foreach (var candidate in name is null ? Known : [name])
        {
            if (ToolRun.Find(candidate) is { } path)
            {
                return new ContainerEngine(candidate, path);
            }
        }

        return null;
    }
}
