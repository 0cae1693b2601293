using System.Text;
using System.Text.Json;

namespace Arbiter.Server.Features.Compat.Piston;

/// <summary>A Piston v2 <c>POST execute</c> body, read strictly: a field of the wrong type is
/// an error naming it, as Piston's are.</summary>
internal sealed record PistonExecuteRequest(
    string Language,
    string? Version,
    IReadOnlyList<(string? Name, byte[] Content)> Files,
    string? Stdin,
    IReadOnlyList<string> Args,
    double? RunTimeoutMs,
    long? RunMemoryBytes)
{
    public static (PistonExecuteRequest? Request, string? Error) Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, "The request body must be a JSON object");
        }

        try
        {
            var language = Text(body, "language") ?? throw new FormatException("language is required as a string");
            if (!body.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array || files.GetArrayLength() == 0)
            {
                throw new FormatException("files is required as an array of at least one file");
            }

            var read = files.EnumerateArray().Select((file, i) => File(file, i)).ToList();
            var args = body.TryGetProperty("args", out var a) && a.ValueKind != JsonValueKind.Null
                ? a.ValueKind == JsonValueKind.Array && a.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String)
                    ? a.EnumerateArray().Select(x => x.GetString()!).ToList()
                    : throw new FormatException("args must be an array of strings")
                : [];
            // Compilation runs under the language's own limits; these are checked, not applied.
            _ = Limit(body, "compile_timeout");
            _ = Limit(body, "compile_memory_limit");
            return (new PistonExecuteRequest(
                language,
                Text(body, "version"),
                read,
                Text(body, "stdin"),
                args,
                Limit(body, "run_timeout"),
                Limit(body, "run_memory_limit") is { } m ? (long)m : null), null);
        }
        catch (FormatException e)
        {
            return (null, e.Message);
        }
    }

    private static (string?, byte[]) File(JsonElement file, int index)
    {
        if (file.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"files[{index}] must be an object");
        }

        var content = Text(file, "content") ?? throw new FormatException($"files[{index}].content is required as a string");
        var encoding = Text(file, "encoding") ?? "utf8";
        try
        {
            var bytes = encoding switch
            {
                "utf8" => Encoding.UTF8.GetBytes(content),
                "base64" => Convert.FromBase64String(content),
                "hex" => Convert.FromHexString(content),
                _ => throw new FormatException($"files[{index}].encoding must be one of utf8, base64, hex"),
            };
            return (Text(file, "name"), bytes);
        }
        catch (FormatException e) when (encoding is "base64" or "hex")
        {
            throw new FormatException($"files[{index}].content is not valid {encoding}: {e.Message}");
        }
    }

    /// <summary>A limit in Piston's units; -1 (and absent) means the server's default.</summary>
    private static double? Limit(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number) || number < -1 || number is > -1 and <= 0)
        {
            throw new FormatException($"{name} must be a positive number, or -1 for the server's default");
        }

        return number < 0 ? null : number;
    }

    private static string? Text(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new FormatException($"{name} must be a string");
}
