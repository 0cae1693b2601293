using Arbiter.Sandbox.Launcher;

namespace Arbiter.Sandbox.Host;

/// <summary>
/// Copies files into and out of a container's work dir through /proc/PID/root. Copying in
/// happens on a fresh work dir no program has touched; copying out happens after every process
/// of the run is dead, so nothing can swap a path while it is checked. Links are never followed
/// out: a program's "output.txt → /etc/shadow" would otherwise resolve on the host.
/// </summary>
internal static class WorkDirFiles
{
    /// <summary>Checks a work-dir-relative name: no absolute paths, no "..", no empty or odd segments.</summary>
    public static string? Problem(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 4096)
        {
            return "file names must have 1 to 4096 characters";
        }

        if (name[0] == '/' || name.Contains('\0', StringComparison.Ordinal))
        {
            return $"file name '{Printable(name)}' must be relative to the work dir";
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment is "" or "." or ".." || segment.Length > 255)
            {
                return $"file name '{Printable(name)}' has an empty, '.', '..' or over-long segment";
            }
        }

        return null;
    }

    /// <summary>Writes the files, and any directories they need, owned by the run's uid so the
    /// program may change or replace them. Every step is relative to a directory descriptor and
    /// refuses links: the work dir is reached through /proc/PID/root, where a link left in it
    /// would resolve on the host.</summary>
    public static void CopyIn(string workDirectory, IEnumerable<SandboxFile> files, int uid)
    {
        using var root = UnixInterop.OpenDirectory(workDirectory);
        foreach (var file in files)
        {
            var segments = file.Name.Split('/');
            var directory = OpenDirectories(root, segments[..^1], uid);
            try
            {
                using var handle = UnixInterop.CreateFileAt(directory, segments[^1], file.Executable ? 0x1EDu : 0x1A4u, uid); // 0755, 0644
                RandomAccess.Write(handle, file.Content.Span, 0);
            }
            finally
            {
                if (directory != root)
                {
                    directory.Dispose();
                }
            }
        }
    }

    /// <summary>Creates <paramref name="relative"/> (and its parents) under the work dir, owned by
    /// <paramref name="uid"/>, refusing links on the way.</summary>
    public static void CreateDirectories(string workDirectory, string relative, int uid)
    {
        using var root = UnixInterop.OpenDirectory(workDirectory);
        var directory = OpenDirectories(root, relative.Split('/', StringSplitOptions.RemoveEmptyEntries), uid);
        if (directory != root)
        {
            directory.Dispose();
        }
    }

    /// <summary>Opens (creating what is missing) each directory in turn below <paramref name="root"/>;
    /// returns <paramref name="root"/> itself when there are none.</summary>
    private static Microsoft.Win32.SafeHandles.SafeFileHandle OpenDirectories(Microsoft.Win32.SafeHandles.SafeFileHandle root, IEnumerable<string> segments, int uid)
    {
        var current = root;
        foreach (var segment in segments)
        {
            var next = UnixInterop.OpenOrCreateDirectoryAt(current, segment, uid);
            if (current != root)
            {
                current.Dispose();
            }

            current = next;
        }

        return current;
    }

    /// <summary>Reads the named regular files; a missing, linked, special or oversized one is left
    /// out and named in <paramref name="problems"/>.</summary>
    public static Dictionary<string, byte[]> CopyOut(string workDirectory, IEnumerable<string> names, long maxBytes, List<string> problems)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var segments = name.Split('/');
            var path = workDirectory;
            var kind = UnixFileKind.Directory;
            long size = 0;
            var depth = 0;
            while (depth < segments.Length && kind == UnixFileKind.Directory)
            {
                path = Path.Combine(path, segments[depth++]);
                (kind, size) = UnixInterop.StatNoFollow(path);
            }

            var throughLink = kind == UnixFileKind.Symlink && depth < segments.Length;
            if (kind != UnixFileKind.Regular || depth < segments.Length)
            {
                problems.Add(kind switch
                {
                    UnixFileKind.Missing => $"'{name}' was not created",
                    UnixFileKind.Symlink when throughLink => $"'{name}' passes through a symbolic link, which is never followed out of the sandbox",
                    UnixFileKind.Symlink => $"'{name}' is a symbolic link, which is never followed out of the sandbox",
                    _ => $"'{name}' is not a regular file",
                });
            }
            else if (size > maxBytes)
            {
                problems.Add($"'{name}' has {size} bytes, over the {maxBytes}-byte limit");
            }
            else
            {
                files[name] = File.ReadAllBytes(path);
            }
        }

        return files;
    }

    private static string Printable(string name) => name.Replace("\0", "\\0", StringComparison.Ordinal);
}
