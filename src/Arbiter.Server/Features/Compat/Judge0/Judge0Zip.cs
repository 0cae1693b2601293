using System.IO.Compression;

namespace Arbiter.Server.Features.Compat.Judge0;

/// <summary>
/// Judge0's <c>additional_files</c>: a zip archive whose files are put beside the source. Read
/// as hostile: at most <see cref="MaxEntries"/> entries, names that are plain file names (an
/// entry in a folder, an absolute path or <c>..</c> is refused, never followed), and the bytes
/// actually unpacked (not the sizes the archive claims) counted against a bound, so a zip bomb
/// stops at the bound. Every refusal is a message for Judge0's 422.
/// </summary>
internal static class Judge0Zip
{
    public const int MaxEntries = 64;

    public static (List<(string Name, byte[] Content)>? Files, string? Error) Unpack(byte[] zip, long maxBytes)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
            if (archive.Entries.Count > MaxEntries)
            {
                return (null, $"the archive has {archive.Entries.Count} entries, more than the {MaxEntries} this server unpacks");
            }

            var files = new List<(string, byte[])>();
            long total = 0;
            foreach (var entry in archive.Entries)
            {
                var name = entry.FullName;
                if (name.EndsWith('/') && entry.Length == 0)
                {
                    continue; // a folder entry: the files in it are refused by name below
                }

                if (name.Length is 0 or > 255 || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal)
                    || name.Contains('\0', StringComparison.Ordinal) || name is "." or "..")
                {
                    return (null, $"'{name}' is not a plain file name (this server puts additional files beside the source, not in folders)");
                }

                using var stream = entry.Open();
                using var content = new MemoryStream();
                var buffer = new byte[81920];
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        return (null, $"the archive unpacks to more than {maxBytes} bytes, this server's bound");
                    }

                    content.Write(buffer, 0, read);
                }

                files.Add((name, content.ToArray()));
            }

            return (files, null);
        }
        catch (InvalidDataException e)
        {
            return (null, $"is not a valid zip archive: {e.Message}");
        }
    }
}
