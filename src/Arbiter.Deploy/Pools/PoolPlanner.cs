using System.Text.RegularExpressions;
using Arbiter.Engine.Languages;

namespace Arbiter.Deploy.Pools;

/// <summary>
/// Decides the worker pools: every default language (not <c>optional: true</c>) in its own pool,
/// except those grouped by <c>NAME=lang,lang</c> arguments; an optional language gets a pool only
/// when a grouping names it (<c>--pool kotlin=kotlin</c>), as scripts/setup.sh installs it only
/// when asked. Pools come out sorted by name, so generated files are stable.
/// </summary>
public static partial class PoolPlanner
{
    /// <summary>Names that would collide with the API image or read badly as a pool.</summary>
    private static readonly string[] Reserved = ["api", "base"];

    /// <exception cref="PoolPlanException">A grouping is malformed, names an unknown language, repeats
    /// one, or makes two pools of one name.</exception>
    public static IReadOnlyList<WorkerPool> Plan(LanguageCatalog catalog, IReadOnlyList<string> groupings)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(groupings);
        var poolOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var named = new List<string>();
        foreach (var grouping in groupings)
        {
            var (name, ids) = ParseGrouping(grouping);
            if (named.Contains(name, StringComparer.Ordinal))
            {
                throw new PoolPlanException($"--pool {grouping}: pool '{name}' is defined twice.");
            }

            named.Add(name);
            foreach (var id in ids)
            {
                if (catalog.Find(id) is null)
                {
                    throw new PoolPlanException($"--pool {grouping}: unknown language '{id}' (one of {string.Join(", ", catalog.Languages.Select(l => l.Id))}).");
                }

                if (!poolOf.TryAdd(id, name))
                {
                    throw new PoolPlanException($"--pool {grouping}: language '{id}' is already in pool '{poolOf[id]}'.");
                }
            }
        }

        foreach (var language in catalog.Languages.Where(l => !l.Optional && !poolOf.ContainsKey(l.Id)))
        {
            var own = DefaultName(language.Id);
            if (named.Contains(own, StringComparer.Ordinal))
            {
                throw new PoolPlanException($"--pool {own}=…: the name is taken by language '{language.Id}', which is in no pool; add it to one or choose another name.");
            }

            if (poolOf.FirstOrDefault(p => p.Value == own && p.Key != language.Id) is { Key: not null } other && !named.Contains(own, StringComparer.Ordinal))
            {
                throw new PoolPlanException($"Languages '{other.Key}' and '{language.Id}' would both get pool '{own}'; group them with --pool NAME=… to choose.");
            }

            poolOf[language.Id] = own;
        }

        return [.. catalog.Languages
            .Where(l => poolOf.ContainsKey(l.Id))
            .GroupBy(l => poolOf[l.Id], StringComparer.Ordinal)
            .Select(g => new WorkerPool(g.Key, [.. g]))
            .OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    /// <summary>A language's own pool: its id with '+' spelt "p" ("c++" → "cpp"), since image and
    /// Kubernetes names allow only letters, digits and '-'.</summary>
    public static string DefaultName(string languageId)
    {
        ArgumentNullException.ThrowIfNull(languageId);
        return languageId.Replace("+", "p", StringComparison.Ordinal);
    }

    private static (string Name, IReadOnlyList<string> Ids) ParseGrouping(string grouping)
    {
        var equals = grouping.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            throw new PoolPlanException($"--pool {grouping}: expected NAME=LANGUAGE[,LANGUAGE…], e.g. jvm=java,kotlin.");
        }

        var name = grouping[..equals].Trim();
        if (!NamePattern().IsMatch(name) || Reserved.Contains(name, StringComparer.Ordinal))
        {
            throw new PoolPlanException($"--pool {grouping}: the name must be 1-40 lower-case letters, digits or '-', start with a letter, and not be " +
                $"{string.Join(" or ", Reserved)}.");
        }

        var ids = grouping[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length == 0)
        {
            throw new PoolPlanException($"--pool {grouping}: the pool names no language.");
        }

        var repeated = ids.GroupBy(id => id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new PoolPlanException($"--pool {grouping}: language '{repeated.Key}' is listed twice.");
        }

        return (name, ids);
    }

    [GeneratedRegex("^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$")]
    private static partial Regex NamePattern();
}
