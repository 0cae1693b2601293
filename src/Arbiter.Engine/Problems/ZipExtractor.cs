using System.IO.Compression;

namespace Arbiter.Engine.Problems;

/// <summary>
/// Extracts a zipped package into a private temp directory, treating the archive as hostile:
/// no absolute paths, no "..", no links or device entries, no duplicates, and bounded entry count
/// and total size, counted on the bytes actually inflated rather than the sizes the archive claims.
/// </summary>
internal static class ZipExtractor
{
    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;
    private const int DirectoryType = 0x4000;

    /// <summary>Extracts <paramref name="zipPath"/>; returns the temp directory (the caller owns it).</summary>
    public static string Extract(string zipPath, ProblemLoadOptions options)
    {
        var name = Path.GetFileName(zipPath);
        var target = Directory.CreateTempSubdirectory("arbiter-problem-").FullName;
        try
        {
            ExtractInto(zipPath, name, target, options);
            return target;
        }
        catch
        {
            Directory.Delete(target, recursive: true);
            throw;
        }
    }

    private static void ExtractInto(string zipPath, string name, string target, ProblemLoadOptions options)
    {
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(zipPath);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw ProblemPackageException.In(name, "is not a readable zip archive: " + e.Message, e);
        }

        using (archive)
        {
            if (archive.Entries.Count > options.MaxArchiveEntries)
            {
                throw ProblemPackageException.In(name, $"has {archive.Entries.Count} entries; at most {options.MaxArchiveEntries} are allowed");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var budget = options.MaxArchiveBytes;
            var root = target + Path.DirectorySeparatorChar;
            foreach (var entry in archive.Entries)
            {
                var relative = CheckName(name, entry.FullName);
                if (relative.Length == 0 || IsMacMetadata(relative))
                {
                    continue;
                }

                var type = (entry.ExternalAttributes >> 16) & TypeMask;
                var isDirectory = entry.FullName.EndsWith('/');
                if (type != 0 && type != RegularFile && type != DirectoryType)
                {
                    throw ProblemPackageException.In(name, $"entry '{entry.FullName}' is a link or special file; only files and directories are allowed");
                }

                if (!seen.Add(relative))
                {
                    throw ProblemPackageException.In(name, $"entry '{entry.FullName}' appears twice");
                }

                var destination = Path.GetFullPath(Path.Combine(target, relative));
                if (!destination.StartsWith(root, StringComparison.Ordinal))
                {
                    throw ProblemPackageException.In(name, $"entry '{entry.FullName}' points outside the package");
                }

                if (isDirectory || type == DirectoryType)
                {
                    Directory.CreateDirectory(destination);
                    continue;
                }

                if (entry.Length > budget)
                {
                    throw TooBig(name, options);
                }

                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                if (File.Exists(destination) || Directory.Exists(destination))
                {
                    throw ProblemPackageException.In(name, $"entry '{entry.FullName}' collides with another entry");
                }

                budget -= Copy(entry, destination, budget, name, options);
                var mode = (entry.ExternalAttributes >> 16) & 0x40;
                File.SetUnixFileMode(destination, mode != 0
                    ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
                    : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
        }
    }

    private static long Copy(ZipArchiveEntry entry, string destination, long budget, string name, ProblemLoadOptions options)
    {
        var buffer = new byte[81920];
        long written = 0;
        try
        {
            using var input = entry.Open();
            using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write);
            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                written += read;
                if (written > budget)
                {
                    throw TooBig(name, options);
                }

                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException e)
        {
            throw ProblemPackageException.In(name, $"entry '{entry.FullName}' is corrupt: {e.Message}", e);
        }

        return written;
    }

    private static ProblemPackageException TooBig(string name, ProblemLoadOptions options) =>
        ProblemPackageException.In(name, $"extracts to more than {options.MaxArchiveBytes} bytes");

    /// <summary>Validates an entry name and returns it as a relative path without empty segments.</summary>
    private static string CheckName(string name, string entryName)
    {
        if (entryName.Contains('\0', StringComparison.Ordinal) || entryName.Contains('\\', StringComparison.Ordinal))
        {
            throw ProblemPackageException.In(name, $"entry '{entryName.Replace("\0", "\\0", StringComparison.Ordinal)}' has a NUL or backslash in its name");
        }

        if (entryName.StartsWith('/') || (entryName.Length > 1 && entryName[1] == ':'))
        {
            throw ProblemPackageException.In(name, $"entry '{entryName}' has an absolute path");
        }

        var segments = entryName.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s is ".." or "."))
        {
            throw ProblemPackageException.In(name, $"entry '{entryName}' uses '.' or '..' in its path");
        }

        return string.Join('/', segments);
    }

    private static bool IsMacMetadata(string relative) =>
        relative == "__MACOSX" || relative.StartsWith("__MACOSX/", StringComparison.Ordinal) || Path.GetFileName(relative) == ".DS_Store";
}
