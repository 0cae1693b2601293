namespace Arbiter.Sandbox.Host;

/// <summary>
/// What a container sees of the host: the configured read-only paths, with the merged-/usr
/// symlinks (/bin → usr/bin, …) reproduced as links rather than bound, so paths resolve as they
/// do on the host. Everything else — /root, /home, the data dir, the checkout, the host's /proc —
/// is simply absent.
/// </summary>
internal static class ContainerView
{
    private static readonly string[] TopLevelLinks = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

    // Configuration mistakes that would hand programs the host's secrets or its live state.
    private static readonly string[] NeverExactly = ["/", "/etc", "/var"];
    private static readonly string[] NeverUnder = ["/root", "/home", "/proc", "/sys", "/dev", "/run", "/boot", "/etc/shadow", "/etc/gshadow", "/etc/sudoers", "/etc/ssh"];

    public static IReadOnlyList<string> LauncherArguments(SandboxOptions options, bool network)
    {
        var arguments = new List<string>();
        foreach (var path in TopLevelLinks)
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is { } target)
            {
                arguments.Add("--symlink");
                arguments.Add($"{target}={path}");
            }
            else if (Directory.Exists(path))
            {
                arguments.Add("--bind");
                arguments.Add(path);
            }
        }

        var paths = network ? options.ReadOnlyPaths.Concat(options.NetworkPaths) : options.ReadOnlyPaths;
        foreach (var path in paths.Distinct(StringComparer.Ordinal))
        {
            if (!Path.IsPathFullyQualified(path) || path.Contains("..", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Sandbox read-only path '{path}' must be absolute, without '..'.");
            }

            // Normalised first, so "/etc//shadow" or "/etc/./shadow" cannot slip past.
            var normal = Path.GetFullPath(path).TrimEnd('/');
            if (NeverExactly.Contains(normal.Length == 0 ? "/" : normal) || NeverUnder.Any(p => normal == p || normal.StartsWith(p + "/", StringComparison.Ordinal)))
            {
                throw new ArgumentException($"Sandbox read-only path '{path}' would expose host secrets or state; list narrower paths.");
            }

            if (File.Exists(path) || Directory.Exists(path))
            {
                arguments.Add("--bind");
                arguments.Add(path);
            }
        }

        return arguments;
    }
}
