using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Arbiter.Engine.Reports;
using Arbiter.Sandbox;
using Arbiter.Server.Features.Submissions;
using Arbiter.Storage;

namespace Arbiter.Server.Features.Compat.Judge0;

/// <summary>
/// A submission as Judge0 shows it, from what <see cref="ResultPolicy"/> let its reader see
/// (<see cref="SubmissionView"/>) and what was stored with it (<see cref="Judge0Meta"/>, the
/// stored request). Decimals (<c>time</c>, <c>wall_time</c>, the time limits) are strings of
/// seconds and memory is KB, as in Judge0. Text is base64 when asked; otherwise text that is not
/// UTF-8 makes the whole answer Judge0's conversion error (<see cref="ConversionError"/>).
/// </summary>
internal static class Judge0View
{
    public const string ConversionError = "some attributes for this submission cannot be converted to UTF-8, use base64_encoded=true query parameter";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The submission with <paramref name="fields"/>, or null when a text field is not
    /// UTF-8 and base64 was not asked for.</summary>
    public static JsonObject? Render(SubmissionView view, SubmissionRecord record, Judge0Meta? meta, CompatLanguages? languages, IReadOnlyList<string> fields, bool base64)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(record);
        var stored = JsonSerializer.Deserialize<StoredRequest>(record.RequestJson, ServerJson.Options)!;
        var report = view.Status == SubmissionStatus.Judged && view.Result is { } json ? json.Deserialize<RunFileReport>(ServerJson.Options) : null;
        var outcome = Outcome(view.Status, report, meta);
        var languageId = meta?.LanguageId ?? (languages?.Languages.FirstOrDefault(l => l.Language.Id == record.Language)?.Judge0Ids is [var first, ..] ? first : 0);
        var limits = stored.Limits;
        var defaults = SandboxLimits.Default;
        var result = new JsonObject();
        foreach (var field in fields)
        {
            JsonNode? value;
            switch (field)
            {
                case "source_code": if (!Text(stored.Files.Count > 0 ? stored.Files[0].Content : null, base64, out value)) { return null; } break;
                case "stdin": if (!Text(stored.Stdin, base64, out value)) { return null; } break;
                case "expected_output": if (!Text(meta?.ExpectedOutput, base64, out value)) { return null; } break;
                case "stdout": if (!Text(outcome.Stdout, base64, out value)) { return null; } break;
                case "stderr": if (!Text(outcome.Stderr, base64, out value)) { return null; } break;
                case "compile_output": if (!Text(outcome.CompileOutput, base64, out value)) { return null; } break;
                case "message": if (!Text(outcome.Message is null ? null : Encoding.UTF8.GetBytes(outcome.Message), base64, out value)) { return null; } break;
                case "language_id": value = languageId; break;
                case "language":
                    value = new JsonObject
                    {
                        ["id"] = languageId,
                        ["name"] = languages is not null && languages.Judge0.TryGetValue(languageId, out var l) ? Judge0Languages.Name(l, null) : record.Language,
                    };
                    break;
                case "status": value = new JsonObject { ["id"] = outcome.Status.Id, ["description"] = outcome.Status.Description }; break;
                case "status_id": value = outcome.Status.Id; break;
                case "created_at": value = record.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture); break;
                case "finished_at":
                    value = view.Status is SubmissionStatus.Judged or SubmissionStatus.Failed
                        ? record.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
                        : null;
                    break;
                case "time": value = Seconds(report?.Run?.CpuTimeMs); break;
                case "wall_time": value = Seconds(report?.Run?.WallTimeMs); break;
                case "memory": value = report?.Run?.MemoryKiB; break;
                case "token": value = record.Id; break;
                case "number_of_runs": value = 1; break;
                case "cpu_time_limit": value = Seconds((limits?.CpuTime ?? defaults.CpuTime).TotalMilliseconds); break;
                case "cpu_extra_time": value = "0.0"; break;
                case "wall_time_limit": value = Seconds((limits?.WallTime ?? defaults.WallTime).TotalMilliseconds); break;
                case "memory_limit": value = (limits?.MemoryBytes ?? defaults.MemoryBytes) / 1024; break;
                case "stack_limit": value = defaults.StackBytes / 1024; break;
                case "max_processes_and_or_threads": value = limits?.Processes ?? defaults.Processes; break;
                case "enable_per_process_and_thread_time_limit": value = false; break;
                case "enable_per_process_and_thread_memory_limit": value = false; break;
                case "max_file_size": value = (limits?.OutputBytes ?? defaults.OutputBytes) / 1024; break;
                case "exit_code": value = report?.Run?.ExitCode; break;
                case "exit_signal": value = report?.Run is { } run ? run.Signal ?? (run.Status is RunStatus.TLE or RunStatus.MLE ? 9 : null) : null; break;
                case "compiler_options": value = meta?.CompilerOptions; break;
                case "command_line_arguments": value = meta?.CommandLineArguments; break;
                case "redirect_stderr_to_stdout": value = meta?.RedirectStderrToStdout ?? false; break;
                case "callback_url": value = record.CallbackUrl; break;
                case "additional_files": value = null; break;
                case "enable_network": value = false; break;
                default: continue;
            }

            result[field] = value;
        }

        return result;
    }

    /// <summary>Judge0's status of a submission, and the text it shows for it.</summary>
    public static Judge0Outcome Outcome(SubmissionStatus status, RunFileReport? report, Judge0Meta? meta)
    {
        if (status == SubmissionStatus.Queued)
        {
            return new(Judge0Status.InQueue, null, null, null, null);
        }

        if (status is SubmissionStatus.Compiling or SubmissionStatus.Running)
        {
            return new(Judge0Status.Processing, null, null, null, null);
        }

        if (report is null)
        {
            return new(Judge0Status.InternalError, null, null, null, "the run failed on the server");
        }

        var compileOutput = CompileOutput(report.Compile);
        if (!report.Compile.Succeeded)
        {
            return new(Judge0Status.CompilationError, null, null, compileOutput, report.Compile.Message);
        }

        if (report.Run is not { } run)
        {
            return new(Judge0Status.InternalError, null, null, compileOutput, report.Compile.Message ?? "the program was not run");
        }

        var stdout = Bytes(run.Stdout, run.StdoutBase64);
        var stderr = Bytes(run.Stderr, run.StderrBase64);
        if (meta?.RedirectStderrToStdout == true)
        {
            stdout = [.. stdout, .. stderr];
            stderr = [];
        }

        var judged = run.Status switch
        {
            RunStatus.OK => meta?.ExpectedOutput is { } expected && !SameOutput(expected, stdout) ? Judge0Status.WrongAnswer : Judge0Status.Accepted,
            RunStatus.TLE => Judge0Status.TimeLimitExceeded,
            RunStatus.OLE => Judge0Status.Sigxfsz,
            RunStatus.MLE => Judge0Status.OtherRuntimeError,
            RunStatus.IE => Judge0Status.InternalError,
            _ when run.LimitExceeded == LimitKind.Syscall => Judge0Status.OtherRuntimeError,
            _ => Judge0Status.RuntimeError(run.Signal),
        };
        var message = run.Message ?? (run.Status == RunStatus.MLE ? "Memory limit exceeded" : null);
        return new(judged, stdout.Length > 0 ? stdout : null, stderr.Length > 0 ? stderr : null, compileOutput, message);
    }

    /// <summary>The compiler's output as a person reads it: a compiler that reports in JSON
    /// (gcc's <c>-fdiagnostics-format=json</c>) has its diagnostics written out as gcc's text
    /// lines, as Judge0's compilers print them; nothing to say is null, as in Judge0.</summary>
    private static byte[]? CompileOutput(CompileReport compile)
    {
        var output = compile.Output.Trim();
        if (output.StartsWith('[') && output.EndsWith(']'))
        {
            var lines = compile.Diagnostics.Items.Select(d => $"{d.File}:{d.Line}:{d.Column}: {d.Severity.ToString().ToLowerInvariant()}: {d.Message}\n");
            output = string.Concat(lines);
        }

        return output.Length > 0 ? Encoding.UTF8.GetBytes(output) : null;
    }

    /// <summary>Judge0's comparison: each line without its trailing white space, and the whole
    /// without trailing white space.</summary>
    public static bool SameOutput(byte[] expected, byte[] actual) => Trimmed(expected) == Trimmed(actual);

    private static string Trimmed(byte[] bytes) =>
        string.Join('\n', Encoding.Latin1.GetString(bytes).Split('\n').Select(line => line.TrimEnd())).TrimEnd();

    private static byte[] Bytes(string text, string? exact) => exact is not null ? Convert.FromBase64String(exact) : Encoding.UTF8.GetBytes(text);

    private static string? Seconds(double? milliseconds) =>
        milliseconds is { } ms ? (ms / 1000).ToString("0.0##", CultureInfo.InvariantCulture) : null;

    private static bool Text(byte[]? bytes, bool base64, out JsonNode? value)
    {
        value = null;
        if (bytes is null)
        {
            return true;
        }

        if (base64)
        {
            value = Convert.ToBase64String(bytes);
            return true;
        }

        try
        {
            value = StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
