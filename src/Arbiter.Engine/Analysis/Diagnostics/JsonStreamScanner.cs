using System.Text.Json;

namespace Arbiter.Engine.Analysis.Diagnostics;

/// <summary>Splits a stream of JSON values (arrays or objects starting a line) from the plain text
/// lines around them. gcc prints one array per compiler run followed by driver and linker text;
/// rustc prints one object per line. A truncated value yields the elements read before the cut.</summary>
internal static class JsonStreamScanner
{
    internal const int MaxTextLines = 20_000;

    public static void Scan(ReadOnlySpan<byte> data, Action<JsonElement> onElement, List<string> textLines)
    {
        var pos = 0;
        while (pos < data.Length)
        {
            var rest = data[pos..];
            var newline = rest.IndexOf((byte)'\n');
            var lineLength = newline < 0 ? rest.Length : newline;
            var line = rest[..lineLength];
            var trimmed = line.TrimStart(" \t\r"u8);
            if (trimmed.Length > 0 && (trimmed[0] == '[' || trimmed[0] == '{'))
            {
                var start = lineLength - trimmed.Length;
                var consumed = ReadValue(rest[start..], onElement);
                if (consumed > 0)
                {
                    pos += start + consumed;
                    continue;
                }
            }

            if (line.Trim(" \t\r"u8).Length > 0 && textLines.Count < MaxTextLines)
            {
                textLines.Add(AnalysisText.Decode(line).TrimEnd('\r'));
            }

            pos += lineLength + 1;
        }
    }

    /// <summary>Reads one JSON value, passing each element of a top-level array (or the object
    /// itself) to <paramref name="onElement"/>; returns the bytes consumed, or 0 when nothing
    /// could be read, in which case the line is treated as text.</summary>
    private static int ReadValue(ReadOnlySpan<byte> data, Action<JsonElement> onElement)
    {
        var delivered = false;
        var reader = new Utf8JsonReader(data, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        try
        {
            if (!reader.Read())
            {
                return 0;
            }

            if (reader.TokenType == JsonTokenType.StartObject)
            {
                onElement(JsonElement.ParseValue(ref reader));
                return (int)reader.BytesConsumed;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return 0;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var element = JsonElement.ParseValue(ref reader);
                if (element.ValueKind == JsonValueKind.Object)
                {
                    delivered = true;
                    onElement(element);
                }
            }

            return (int)reader.BytesConsumed;
        }
        catch (JsonException)
        {
            // Truncated or not JSON after all: keep what was delivered and skip the line.
            if (!delivered)
            {
                return 0;
            }

            var newline = data.IndexOf((byte)'\n');
            return newline < 0 ? data.Length : newline + 1;
        }
    }
}
