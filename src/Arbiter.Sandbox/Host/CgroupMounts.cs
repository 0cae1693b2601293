namespace Arbiter.Sandbox.Host;

/// <summary>
/// The engine's own cgroup directory in each hierarchy, from /proc/self/mountinfo and
/// /proc/self/cgroup. The engine may already sit in a non-root cgroup (a container, a systemd
/// unit); runs nest under it so they stay within whatever limits the engine was given.
/// </summary>
internal sealed record CgroupMounts(IReadOnlyDictionary<string, string> V1, string? V2)
{
    public static CgroupMounts Parse(string mountInfo, string selfCgroup)
    {
        // /proc/self/cgroup: "4:memory:/a/b", "7:cpu,cpuacct:/a", "0::/a" (v2).
        var ownV1 = new Dictionary<string, string>(StringComparer.Ordinal);
        string? ownV2 = null;
        foreach (var line in selfCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            if (parts[0] == "0" && parts[1].Length == 0)
            {
                ownV2 = parts[2];
            }

            foreach (var controller in parts[1].Split(','))
            {
                ownV1[controller] = parts[2];
            }
        }

        var v1 = new Dictionary<string, string>(StringComparer.Ordinal);
        string? v2 = null;
        // mountinfo: "id parent major:minor root mountpoint options [optional...] - fstype source superoptions"
        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = line.IndexOf(" - ", StringComparison.Ordinal);
            if (separator < 0)
            {
                continue;
            }

            var fields = line[..separator].Split(' ');
            var tail = line[(separator + 3)..].Split(' ');
            if (fields.Length < 5 || tail.Length < 3)
            {
                continue;
            }

            var (root, mountPoint) = (Unescape(fields[3]), Unescape(fields[4]));
            if (tail[0] == "cgroup2" && ownV2 is not null && v2 is null)
            {
                v2 = Join(mountPoint, root, ownV2);
            }
            else if (tail[0] == "cgroup")
            {
                foreach (var option in tail[2].Split(','))
                {
                    if (ownV1.TryGetValue(option, out var own) && !v1.ContainsKey(option) && Join(mountPoint, root, own) is { } path)
                    {
                        v1[option] = path;
                    }
                }
            }
        }

        return new CgroupMounts(v1, v2);
    }

    /// <summary>The on-disk directory of cgroup <paramref name="own"/> in a hierarchy mounted at
    /// <paramref name="mountPoint"/> whose mount shows the hierarchy from <paramref name="root"/>;
    /// null when the mount does not show that cgroup at all.</summary>
    private static string? Join(string mountPoint, string root, string own)
    {
        var relative = own;
        if (root != "/")
        {
            if (own != root && !own.StartsWith(root + "/", StringComparison.Ordinal))
            {
                return null;
            }

            relative = own[root.Length..];
        }

        return (mountPoint.TrimEnd('/') + "/" + relative.TrimStart('/')).TrimEnd('/');
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as octal.</summary>
    private static string Unescape(string field) => field
        .Replace("\\040", " ", StringComparison.Ordinal)
        .Replace("\\011", "\t", StringComparison.Ordinal)
        .Replace("\\012", "\n", StringComparison.Ordinal)
        .Replace("\\134", "\\", StringComparison.Ordinal);
}
