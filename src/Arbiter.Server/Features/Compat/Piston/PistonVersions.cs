using System.Text.RegularExpressions;

namespace Arbiter.Server.Features.Compat.Piston;

/// <summary>Piston names runtimes by semver ("3.11.2"); Arbiter's workers report what a
/// toolchain printed ("Python 3.11.2", "13.2.0"). The first dotted number of that becomes the
/// semver, padded to three parts; a request's version is matched against it.</summary>
internal static partial class PistonVersions
{
    public static string Of(string? probed)
    {
        if (probed is null || VersionNumber().Match(probed) is not { Success: true } match)
        {
            return "0.0.0";
        }

        var parts = match.Value.Split('.').ToList();
        while (parts.Count < 3)
        {
            parts.Add("0");
        }

        return string.Join('.', parts.Take(3));
    }

    /// <summary>Whether a request's version selects <paramref name="version"/>: "*", "x", "x.y",
    /// "x.y.z", each optionally with a leading ^, ~, = or v, and "x" wildcards ("3.x").</summary>
    public static bool Matches(string? requested, string version)
    {
        var wanted = (requested ?? "*").Trim().TrimStart('^', '~', '=', 'v');
        if (wanted is "*" or "" or "latest")
        {
            return true;
        }

        var have = version.Split('.');
        var want = wanted.Split('.');
        return want.Length <= have.Length && want.Select((w, i) => w is "x" or "X" or "*" || w == have[i]).All(ok => ok);
    }

    [GeneratedRegex(@"\d+(\.\d+){0,2}")]
    private static partial Regex VersionNumber();
}
