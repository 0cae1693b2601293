using System.Text.Json;

namespace Arbiter.Server.Features.Compat.Jobe;

/// <summary>
/// A <c>run_spec</c> read the way Jobe reads it: <c>language_id</c> and <c>sourcecode</c> required,
/// the rest optional; a field of the wrong JSON type is an error naming it. Parameters Arbiter has
/// no equivalent for are ignored, as Jobe ignores those it does not know.
/// </summary>
internal sealed record JobeRunSpec(
    string LanguageId,
    string SourceCode,
    string? SourceFileName,
    string? Input,
    IReadOnlyList<(string Id, string Name)> Files,
    double? CpuTimeSeconds,
    long? MemoryLimitMiB,
    int? NumProcs,
    IReadOnlyList<string> CompileArgs,
    IReadOnlyList<string> LinkArgs,
    IReadOnlyList<string> InterpreterArgs,
    IReadOnlyList<string> RunArgs)
{
    /// <summary>The run_spec of a <c>POST runs</c> body, or the message of Jobe's 400.</summary>
    public static (JobeRunSpec? Spec, string? Error) Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("run_spec", out var spec) || spec.ValueKind != JsonValueKind.Object)
        {
            return (null, "runs_post: missing or invalid run_spec parameter");
        }

        try
        {
            var language = Text(spec, "language_id") ?? throw new FormatException("runs_post: missing language_id");
            var source = Text(spec, "sourcecode") ?? throw new FormatException("runs_post: missing sourcecode");
            var parameters = spec.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            return (new JobeRunSpec(
                language,
                source,
                Text(spec, "sourcefilename") is { Length: > 0 } name ? name : null,
                Text(spec, "input"),
                FileList(spec),
                Number(parameters, "cputime"),
                Number(parameters, "memorylimit") is { } memory ? (long)Math.Ceiling(memory) : null,
                Number(parameters, "numprocs") is { } procs ? (int)Math.Clamp(procs, int.MinValue, int.MaxValue) : null,
                Words(parameters, "compileargs"),
                Words(parameters, "linkargs"),
                Words(parameters, "interpreterargs"),
                Words(parameters, "runargs")), null);
        }
        catch (FormatException e)
        {
            return (null, e.Message);
        }
    }

    private static string? Text(JsonElement spec, string name) =>
        !spec.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new FormatException($"runs_post: {name} must be a string");

    private static double? Number(JsonElement parameters, string name)
    {
        if (parameters.ValueKind != JsonValueKind.Object || !parameters.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // PHP clients send numbers as strings as often as not.
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var n) && double.IsFinite(n) ? n
            : value.ValueKind == JsonValueKind.String
                && double.TryParse(value.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                && double.IsFinite(parsed) ? parsed
            : throw new FormatException($"runs_post: parameter {name} must be a number");
    }

    private static string[] Words(JsonElement parameters, string name)
    {
        if (parameters.ValueKind != JsonValueKind.Object || !parameters.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(a => a.ValueKind == JsonValueKind.String)
            ? [.. value.EnumerateArray().Select(a => a.GetString()!)]
            : throw new FormatException($"runs_post: parameter {name} must be a list of strings");
    }

    private static List<(string, string)> FileList(JsonElement spec)
    {
        if (!spec.TryGetProperty("file_list", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("runs_post: file_list must be a list of [file_id, file_name] pairs");
        }

        return [.. list.EnumerateArray().Select(pair =>
            pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() == 2 && pair[0].ValueKind == JsonValueKind.String && pair[1].ValueKind == JsonValueKind.String
                ? (pair[0].GetString()!, pair[1].GetString()!)
                : throw new FormatException("runs_post: each file_list entry must be a [file_id, file_name] pair of strings"))];
    }
}
