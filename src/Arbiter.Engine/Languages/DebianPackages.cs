namespace Arbiter.Engine.Languages;

/// <summary>
/// Which Debian packages this host has installed, read from dpkg's status file, so a language
/// whose toolchain is missing can say which packages it lacks. Read again only when the file
/// changes (an install while the server runs); an absent file (not Debian) means "unknown".
/// </summary>
public sealed class DebianPackages
{
    /// <summary>dpkg's database of installed packages.</summary>
    public const string DefaultStatusPath = "/var/lib/dpkg/status";

    private readonly string _statusPath;
    private readonly Lock _gate = new();
    private (DateTime Stamp, IReadOnlySet<string>? Installed) _cached = (DateTime.MinValue, null);

    public DebianPackages(string statusPath = DefaultStatusPath)
    {
        _statusPath = statusPath;
    }

    /// <summary>This host's packages.</summary>
    public static DebianPackages Host { get; } = new();

    /// <summary>The packages of <paramref name="wanted"/> that are not installed; empty when
    /// all are, or when this host has no dpkg database to tell.</summary>
    public IReadOnlyList<string> Missing(IEnumerable<string> wanted)
    {
        var installed = Installed();
        return installed is null ? [] : wanted.Where(p => !installed.Contains(p)).ToList();
    }

    /// <summary>Installed package names, or null when the status file cannot be read.</summary>
    public IReadOnlySet<string>? Installed()
    {
        DateTime stamp;
        try
        {
            stamp = File.GetLastWriteTimeUtc(_statusPath);
            if (!File.Exists(_statusPath))
            {
                return null;
            }
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        lock (_gate)
        {
            if (_cached.Installed is not null && _cached.Stamp == stamp)
            {
                return _cached.Installed;
            }

            try
            {
                using var reader = new StreamReader(_statusPath);
                _cached = (stamp, Parse(reader));
                return _cached.Installed;
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }
    }

    /// <summary>Reads dpkg's status format: stanzas separated by blank lines, each with a
    /// "Package:" and a "Status:" field; a package counts when its status ends "installed".</summary>
    internal static HashSet<string> Parse(TextReader reader)
    {
        var installed = new HashSet<string>(StringComparer.Ordinal);
        string? package = null;
        var isInstalled = false;
        for (var line = reader.ReadLine(); ; line = reader.ReadLine())
        {
            if (string.IsNullOrEmpty(line))
            {
                if (package is not null && isInstalled)
                {
                    installed.Add(package);
                }

                package = null;
                isInstalled = false;
                if (line is null)
                {
                    return installed;
                }

                continue;
            }

            if (line.StartsWith("Package:", StringComparison.Ordinal))
            {
                package = line["Package:".Length..].Trim();
            }
            else if (line.StartsWith("Status:", StringComparison.Ordinal))
            {
                var words = line["Status:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                isInstalled = words.Length == 3 && words[0] == "install" && words[2] == "installed";
            }
        }
    }
}
