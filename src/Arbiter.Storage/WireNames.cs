using System.Reflection;
using System.Text.Json.Serialization;

namespace Arbiter.Storage;

/// <summary>
/// The word an enum value is written as, in the database and in JSON alike: its
/// <see cref="JsonStringEnumMemberNameAttribute"/>, so the one attribute on each member is the
/// only place the word is spelled. Stored rows written before these were enums ("run", "staff")
/// read back as the same values.
/// </summary>
public static class WireNames
{
    /// <summary>The word <paramref name="value"/> is stored and serialized as.</summary>
    public static string Of<T>(T value)
        where T : struct, Enum =>
        Words<T>.ByValue.TryGetValue(value, out var word) ? word : throw new ArgumentOutOfRangeException(nameof(value), value, $"no {typeof(T).Name} has this value");

    /// <summary>The value written as <paramref name="word"/> (exactly, case included).</summary>
    public static bool TryParse<T>(string? word, out T value)
        where T : struct, Enum => Words<T>.ByWord.TryGetValue(word ?? "", out value);

    /// <summary>The value of a word read from the database, which holds only words it wrote.</summary>
    public static T Parse<T>(string word)
        where T : struct, Enum =>
        TryParse(word, out T value) ? value : throw new InvalidDataException($"unknown {typeof(T).Name} '{word}' in the database");

    /// <summary>Every word of <typeparamref name="T"/>, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>()
        where T : struct, Enum => Words<T>.All;

    private static class Words<T>
        where T : struct, Enum
    {
        public static readonly IReadOnlyList<string> All = [.. Enum.GetValues<T>().Select(Word)];

        public static readonly Dictionary<T, string> ByValue = Enum.GetValues<T>().ToDictionary(v => v, Word);

        public static readonly Dictionary<string, T> ByWord = ByValue.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

        private static string Word(T value) =>
            typeof(T).GetField(value.ToString(), BindingFlags.Public | BindingFlags.Static)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
            ?? throw new InvalidOperationException($"{typeof(T).Name}.{value} has no JsonStringEnumMemberName: it has no stored form");
    }
}
