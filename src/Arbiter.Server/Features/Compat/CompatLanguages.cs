using Arbiter.Engine.Languages;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Arbiter.Server.Features.Compat;

/// <summary>
/// The one mapping between Arbiter's language ids and the names Jobe, Judge0 and Piston clients
/// send: <c>compat/ids.yaml</c> in the languages directory, read and checked once at start. An
/// entry for a language the catalog lacks, a Judge0 number or a Jobe or Piston name given to two
/// languages stops the server with a message naming it (<see cref="InvalidDataException"/>).
/// A language without an entry is served under its own id by Jobe and Piston, and not by Judge0.
/// Without the file (a custom languages directory) every language is served that way.
/// </summary>
internal sealed class CompatLanguages
{
    private readonly Dictionary<string, CompatLanguage> _byArbiterId;
    private readonly Dictionary<string, CompatLanguage> _byJobeId;
    private readonly Dictionary<string, CompatLanguage> _byPistonName;

    private CompatLanguages(IReadOnlyList<CompatLanguage> languages)
    {
        Languages = languages;
        _byArbiterId = languages.ToDictionary(l => l.Language.Id, StringComparer.Ordinal);
        _byJobeId = Unique<string>(languages, l => [l.JobeId], "Jobe language_id", StringComparer.Ordinal);
        _byPistonName = Unique<string>(languages, l => [l.PistonLanguage, .. l.PistonAliases], "Piston language name or alias", StringComparer.OrdinalIgnoreCase);
        Judge0 = Unique(languages, l => l.Judge0Ids, "Judge0 language id", EqualityComparer<int>.Default);
    }

    /// <summary>Every catalog language, in the catalog's order.</summary>
    public IReadOnlyList<CompatLanguage> Languages { get; }

    /// <summary>The languages by each Judge0 number that names them.</summary>
    public IReadOnlyDictionary<int, CompatLanguage> Judge0 { get; }

    /// <summary>The mapping file of a languages directory.</summary>
    public static string PathIn(string languagesDirectory) => Path.Combine(languagesDirectory, "compat", "ids.yaml");

    /// <exception cref="InvalidDataException">The file is malformed or contradicts the catalog.</exception>
    public static CompatLanguages Load(LanguageCatalog catalog, string path)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var entries = File.Exists(path) ? Read(path) : [];
        foreach (var id in entries.Keys.Where(id => catalog.Find(id) is null))
        {
            throw new InvalidDataException($"{path}: '{id}' is not an Arbiter language id (no languages/{id}.yaml).");
        }

        var languages = catalog.Languages.Select(language =>
        {
            var entry = entries.GetValueOrDefault(language.Id) ?? new Entry();
            return new CompatLanguage(
                language,
                entry.Jobe ?? language.Id,
                entry.Judge0?.Ids ?? [],
                entry.Judge0?.Name,
                entry.Piston?.Language ?? language.Id,
                entry.Piston?.Aliases ?? [],
                entry.Piston?.Runtime);
        }).ToList();
        try
        {
            return new CompatLanguages(languages);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    public CompatLanguage Of(LanguageSpec language) => _byArbiterId[language.Id];

    public CompatLanguage? ByJobeId(string id) => _byJobeId.GetValueOrDefault(id);

    public CompatLanguage? ByPistonName(string name) => _byPistonName.GetValueOrDefault(name);

    private static Dictionary<TKey, CompatLanguage> Unique<TKey>(
        IReadOnlyList<CompatLanguage> languages,
        Func<CompatLanguage, IEnumerable<TKey>> keys,
        string what,
        IEqualityComparer<TKey> comparer)
        where TKey : notnull
    {
        var map = new Dictionary<TKey, CompatLanguage>(comparer);
        foreach (var language in languages)
        {
            foreach (var key in keys(language).Distinct(comparer))
            {
                if (!map.TryAdd(key, language))
                {
                    throw new InvalidDataException($"{what} '{key}' is given to both '{map[key].Language.Id}' and '{language.Language.Id}'.");
                }
            }
        }

        return map;
    }

    private static Dictionary<string, Entry> Read(string path)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        try
        {
            return deserializer.Deserialize<Dictionary<string, Entry>?>(File.ReadAllText(path)) ?? [];
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{path}: line {e.Start.Line}: {(e.InnerException ?? e).Message}", e);
        }
    }

    private sealed class Entry
    {
        public string? Jobe { get; set; }

        public Judge0Entry? Judge0 { get; set; }

        public PistonEntry? Piston { get; set; }
    }

    private sealed class Judge0Entry
    {
        public List<int>? Ids { get; set; }

        public string? Name { get; set; }
    }

    private sealed class PistonEntry
    {
        public string? Language { get; set; }

        public List<string>? Aliases { get; set; }

        public string? Runtime { get; set; }
    }
}
