namespace Arbiter.Deploy.Building;

/// <summary>
/// Hands a build the apt configuration this host reaches Debian with: its Debian source lists
/// (another vendor's would need its keyring, which the image lacks) and its apt.conf.d settings
/// (a proxy, a snapshot mirror's Check-Valid-Until). The Containerfiles read them through a bind
/// mount during the install step only, so they reach no image layer.
/// </summary>
public static class HostApt
{
    /// <summary>Fills <paramref name="target"/> (the context's apt/ folder) from <paramref name="etcApt"/>;
    /// returns the source files copied. An empty result leaves the base image's own sources in use.</summary>
    public static IReadOnlyList<string> CopyInto(string target, string etcApt = "/etc/apt")
    {
        ArgumentNullException.ThrowIfNull(target);
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        Directory.CreateDirectory(target);
        var sources = new List<string>();
        var parts = Path.Combine(etcApt, "sources.list.d");
        var listed = Directory.Exists(parts)
            ? Directory.EnumerateFiles(parts).Where(f => f.EndsWith(".list", StringComparison.Ordinal) || f.EndsWith(".sources", StringComparison.Ordinal))
            : [];
        var main = Path.Combine(etcApt, "sources.list");
        foreach (var file in listed.Append(main).Where(File.Exists).Where(IsDebian))
        {
            sources.Add(file);
        }

        if (sources.Count == 0)
        {
            return [];
        }

        Directory.CreateDirectory(Path.Combine(target, "sources.list.d"));
        Directory.CreateDirectory(Path.Combine(target, "apt.conf.d"));
        File.WriteAllText(Path.Combine(target, "sources.list"), "");
        foreach (var file in sources)
        {
            var name = file == main ? "host.list" : Path.GetFileName(file);
            File.Copy(file, Path.Combine(target, "sources.list.d", name), overwrite: true);
        }

        var conf = Path.Combine(etcApt, "apt.conf.d");
        if (Directory.Exists(conf))
        {
            foreach (var file in Directory.EnumerateFiles(conf).Where(f => File.ReadAllText(f).Contains("Acquire::", StringComparison.Ordinal)))
            {
                File.Copy(file, Path.Combine(target, "apt.conf.d", Path.GetFileName(file)), overwrite: true);
            }
        }

        return sources;
    }

    /// <summary>A source file whose entries all point at a Debian archive.</summary>
    private static bool IsDebian(string file)
    {
        var uris = File.ReadAllLines(file).Select(l => l.Trim())
            .Where(l => l.StartsWith("URIs:", StringComparison.Ordinal) || l.StartsWith("deb ", StringComparison.Ordinal) || l.StartsWith("deb-src ", StringComparison.Ordinal))
            .ToList();
        return uris.Count > 0 && uris.All(l => l.Contains("/debian", StringComparison.Ordinal));
    }
}
