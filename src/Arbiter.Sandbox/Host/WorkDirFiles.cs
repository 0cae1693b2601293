using Arbiter.Sandbox.Launcher;
using Microsoft.Win32.SafeHandles;

namespace Arbiter.Sandbox.Host;

/// <summary>
/// Copies files into and out of a container's work dir through a descriptor of its /box that the
/// launcher hands over with each READY (not /proc/PID/root, which needs the right to ptrace the
/// container: CAP_SYS_PTRACE in a containerised worker). Copying in happens on a fresh work dir
/// no program has touched; copying out happens after every process of the run is dead, so
/// nothing can swap a path while it is checked. Every step is relative to a directory
/// descriptor and links are never followed: a program's "output.txt → /etc/shadow" would
/// otherwise resolve in the engine's root.
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
    /// refuses links, which would resolve in the engine's root.</summary>
    public static void CopyIn(SafeFileHandle root, IEnumerable<SandboxFile> files, int uid)
    {
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
    public static void CreateDirectories(SafeFileHandle root, string relative, int uid)
    {
        var directory = OpenDirectories(root, relative.Split('/', StringSplitOptions.RemoveEmptyEntries), uid);
        if (directory != root)
        {
            directory.Dispose();
        }
    }

    /// <summary>Opens (creating what is missing) each directory in turn below <paramref name="root"/>;
    /// returns <paramref name="root"/> itself when there are none.</summary>
    private static SafeFileHandle OpenDirectories(SafeFileHandle root, IEnumerable<string> segments, int uid)
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
    public static Dictionary<string, byte[]> CopyOut(SafeFileHandle root, IEnumerable<string> names, long maxBytes, List<string> problems)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var segments = name.Split('/');
            var opened = new List<SafeFileHandle>();
            try
            {
                var directory = root;
                var kind = UnixFileKind.Directory;
                long size = 0;
                var depth = 0;
                while (depth < segments.Length && kind == UnixFileKind.Directory)
                {
                    if (depth > 0)
                    {
                        directory = UnixInterop.OpenDirectoryAt(directory, segments[depth - 1]);
                        opened.Add(directory);
                    }

                    (kind, size) = UnixInterop.StatNoFollowAt(directory, segments[depth++]);
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
                    files[name] = ReadAll(directory, segments[^1], maxBytes);
                }
            }
            catch (IOException e)
            {
                problems.Add($"'{name}' could not be read: {e.Message}");
            }
            finally
            {
                foreach (var handle in opened)
                {
                    handle.Dispose();
                }
            }
        }

        return files;
    }

    /// <summary>The whole of a regular file, re-checked against the cap on the open file itself.</summary>
    private static byte[] ReadAll(SafeFileHandle directory, string name, long maxBytes)
    {
        using var file = UnixInterop.OpenFileForReadingAt(directory, name);
        var length = RandomAccess.GetLength(file);
        if (length > maxBytes)
        {
            throw new IOException($"it has {length} bytes, over the {maxBytes}-byte limit");
        }

        var bytes = new byte[length];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(file, bytes.AsSpan(read), read);
            if (n == 0)
            {
                throw new IOException("it shrank while being read");
            }

            read += n;
        }

        return bytes;
    }

    private static string Printable(string name) => name.Replace("\0", "\\0", StringComparison.Ordinal);
}
