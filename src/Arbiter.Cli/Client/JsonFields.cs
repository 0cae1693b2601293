using System.Globalization;
using System.Text.Json;

namespace Arbiter.Cli.Client;

/// <summary>Lenient reading of the server's JSON: a missing or null field is null, never an
/// exception, so an older or newer server still prints what it has.</summary>
internal static class JsonFields
{
    public static JsonElement? Field(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? value
            : null;

    public static string? Text(this JsonElement element, string name) => element.Field(name) switch
    {
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { } value => value.GetRawText(),
        null => null,
    };

    public static double? Number(this JsonElement element, string name) =>
        element.Field(name) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;

    public static bool Flag(this JsonElement element, string name) =>
        element.Field(name) is { ValueKind: JsonValueKind.True };

    public static IEnumerable<JsonElement> Items(this JsonElement element, string name) =>
        element.Field(name) is { ValueKind: JsonValueKind.Array } value ? value.EnumerateArray() : [];

    /// <summary>"12.5" for 12.5, invariant, at most <paramref name="decimals"/> decimals.</summary>
    public static string Format(double value, int decimals = 2) =>
        Math.Round(value, decimals).ToString(CultureInfo.InvariantCulture);
}
