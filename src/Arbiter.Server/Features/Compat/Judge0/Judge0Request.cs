using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Arbiter.Server.Features.Compat.Judge0;

/// <summary>
/// A Judge0 CE submission as sent: the fields Judge0 permits, read the way Rails reads them
/// (a number or a numeric string, <c>true</c> or <c>"true"</c>), the text fields decoded from
/// base64 when <c>base64_encoded=true</c>. What is wrong comes back as Judge0's 422 body: each
/// field with its messages.
/// </summary>
internal sealed record Judge0Request(
    byte[]? SourceCode,
    int? LanguageId,
    byte[]? Stdin,
    byte[]? ExpectedOutput,
    double? CpuTimeLimit,
    double? WallTimeLimit,
    double? MemoryLimit,
    double? MaxProcessesAndOrThreads,
    double? MaxFileSize,
    string? CompilerOptions,
    string? CommandLineArguments,
    bool RedirectStderrToStdout,
    string? CallbackUrl,
    byte[]? AdditionalFiles)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static (Judge0Request? Request, Dictionary<string, List<string>> Errors) Read(JsonElement body, bool base64)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (body.ValueKind != JsonValueKind.Object)
        {
            Add(errors, "submission", "must be a JSON object");
            return (null, errors);
        }

        var reader = new Reader(body, errors);
        var source = reader.Text("source_code", base64);
        if (source is null or { Length: 0 } && !errors.ContainsKey("source_code"))
        {
            Add(errors, "source_code", "can't be blank");
        }

        var language = reader.Number("language_id");
        if (language is null && !errors.ContainsKey("language_id"))
        {
            Add(errors, "language_id", "can't be blank");
        }
        else if (language is { } id && (id != Math.Floor(id) || id is < int.MinValue or > int.MaxValue))
        {
            Add(errors, "language_id", "must be an integer");
        }

        var request = new Judge0Request(
            source,
            language is { } l && l == Math.Floor(l) && l is >= int.MinValue and <= int.MaxValue ? (int)l : null,
            reader.Text("stdin", base64),
            reader.Text("expected_output", base64),
            reader.Number("cpu_time_limit"),
            reader.Number("wall_time_limit"),
            reader.Number("memory_limit"),
            reader.Number("max_processes_and_or_threads"),
            reader.Number("max_file_size"),
            Utf8(reader.Text("compiler_options", false)),
            Utf8(reader.Text("command_line_arguments", false)),
            reader.Flag("redirect_stderr_to_stdout") ?? false,
            Utf8(reader.Text("callback_url", false)),
            reader.Text("additional_files", true));

        // Checked, not applied: each has no counterpart in Arbiter's sandbox, or only one value.
        _ = reader.Number("cpu_extra_time");
        _ = reader.Number("stack_limit");
        if (reader.Number("number_of_runs") is { } runs && runs != 1)
        {
            Add(errors, "number_of_runs", "must be 1 (this server runs each submission once)");
        }

        if (reader.Flag("enable_per_process_and_thread_time_limit") == true)
        {
            Add(errors, "enable_per_process_and_thread_time_limit", "this option cannot be enabled");
        }

        if (reader.Flag("enable_per_process_and_thread_memory_limit") == true)
        {
            Add(errors, "enable_per_process_and_thread_memory_limit", "this option cannot be enabled");
        }

        if (reader.Flag("enable_network") == true)
        {
            Add(errors, "enable_network", "enabling network is not allowed");
        }

        if (request.Stdin is { } stdin && !IsUtf8(stdin))
        {
            Add(errors, "stdin", "must be valid UTF-8 once decoded (this server takes text input)");
        }

        Length(errors, "compiler_options", request.CompilerOptions);
        Length(errors, "command_line_arguments", request.CommandLineArguments);
        return (errors.Count > 0 ? null : request, errors);
    }

    public static void Add(Dictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }

    private static void Length(Dictionary<string, List<string>> errors, string field, string? value)
    {
        if (value is { Length: > 512 })
        {
            Add(errors, field, "is too long (maximum is 512 characters)");
        }
    }

    private static string? Utf8(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            StrictUtf8.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Reads one field at a time, noting what is wrong with each under its name.</summary>
    private sealed class Reader(JsonElement body, Dictionary<string, List<string>> errors)
    {
        public byte[]? Text(string name, bool base64)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Add(errors, name, "must be a string");
                return null;
            }

            var text = value.GetString()!;
            if (!base64)
            {
                return Encoding.UTF8.GetBytes(text);
            }

            try
            {
                // Judge0's clients wrap long base64 at 60 or 76 columns; the line breaks are not data.
                return Convert.FromBase64String(text.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal));
            }
            catch (FormatException)
            {
                Add(errors, name, "is not valid base64");
                return null;
            }
        }

        public double? Number(string name)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            double number;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out number) && double.IsFinite(number))
            {
                return number;
            }

            if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
                && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number))
            {
                return number;
            }

            Add(errors, name, "is not a number");
            return null;
        }

        public bool? Flag(string name)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.String when value.GetString() is "true" or "1":
                    return true;
                case JsonValueKind.String when value.GetString() is "false" or "0" or "":
                    return false;
                default:
                    Add(errors, name, "must be true or false");
                    return null;
            }
        }
    }
}
