using Arbiter.Server.Features.Languages;
using Arbiter.Server.Jobs;
using Arbiter.Storage;

namespace Arbiter.Server.Features.Compat.Judge0;

/// <summary>The languages Judge0's <c>GET /languages</c> lists: those with a Judge0 number that a
/// live worker has (all of them until one has probed), under the first of their numbers.</summary>
internal static class Judge0Languages
{
    public static async Task<List<(int Id, CompatLanguage Compat, string? Version)>> OfferedAsync(
        LanguageDirectory directory,
        CompatLanguages languages,
        IArbiterStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var probed = await LanguageEndpoints.ProbedAsync(directory, store, time, cancellationToken);
        return [.. languages.Languages
            .Where(l => l.Judge0Ids.Count > 0)
            .Select(l => (Compat: l, Status: probed.GetValueOrDefault(l.Language.Id)))
            .Where(l => probed.Count == 0 || l.Status?.Available == true)
            .Select(l => (l.Compat.Judge0Ids[0], l.Compat, l.Status?.Version))
            .OrderBy(l => l.Item1)];
    }

    /// <summary>Judge0's name for it: the mapping's name with the probed version ("C (GCC 14.2.0)"),
    /// or without the parenthesis when the version is not known.</summary>
    public static string Name(CompatLanguage compat, string? version)
    {
        ArgumentNullException.ThrowIfNull(compat);
        var name = compat.Judge0Name ?? compat.Language.Name + " ({version})";
        var first = version?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(w => w.Length > 0 && char.IsAsciiDigit(w[0]));
        return first is not null ? name.Replace("{version}", first, StringComparison.Ordinal)
            : name.Replace(" {version}", "", StringComparison.Ordinal).Replace(" ({version})", "", StringComparison.Ordinal).Replace("{version}", "", StringComparison.Ordinal);
    }
}
