using Arbiter.Sandbox;
using Arbiter.Server.Features.Submissions;

namespace Arbiter.Server.Features.Compat.Judge0;

/// <summary>
/// A Judge0 submission as an Arbiter playground run, or Judge0's 422 body saying why it cannot
/// be one. Judge0's units become Arbiter's: seconds to milliseconds, KB of memory to MiB
/// (rounded up), <c>max_file_size</c> KB to the output bound. A limit not sent is the server's
/// default, not Judge0's. <c>compiler_options</c> and <c>command_line_arguments</c> are split at
/// white space (Judge0 passes them through a shell; Arbiter runs no shell).
/// </summary>
internal static class Judge0Submissions
{
    public static (SubmissionRequest? Request, Judge0Meta? Meta, Dictionary<string, List<string>> Errors) From(
        Judge0Request request,
        bool base64,
        CompatLanguages languages,
        long maxSourceBytes)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (request.LanguageId is not { } id || !languages.Judge0.TryGetValue(id, out var compat))
        {
            Judge0Request.Add(errors, "language_id", $"language with id {request.LanguageId} doesn't exist");
            return (null, null, errors);
        }

        var language = compat.Language;
        var maximum = SandboxLimits.Maximum;
        Range(errors, "cpu_time_limit", request.CpuTimeLimit, 0, maximum.CpuTime.TotalSeconds, exclusiveMinimum: true);
        Range(errors, "wall_time_limit", request.WallTimeLimit, 0, maximum.WallTime.TotalSeconds, exclusiveMinimum: true);
        Range(errors, "memory_limit", request.MemoryLimit, SandboxLimits.MinimumMemoryBytes / 1024, maximum.MemoryBytes / 1024, exclusiveMinimum: false);
        Range(errors, "max_processes_and_or_threads", request.MaxProcessesAndOrThreads, 0, maximum.Processes, exclusiveMinimum: true);
        Range(errors, "max_file_size", request.MaxFileSize, 0, maximum.OutputBytes / 1024, exclusiveMinimum: true);
        var flags = Split(request.CompilerOptions);
        if (flags.Count > 0 && language.Compile?.Command.Contains("{flags}") != true)
        {
            Judge0Request.Add(errors, "compiler_options", "setting compiler options is only allowed for compiled languages");
        }

        var files = new List<SubmissionFile> { new(language.SourceFile, Convert.ToBase64String(request.SourceCode ?? []), "base64") };
        if (request.AdditionalFiles is { Length: > 0 } zip)
        {
            var (unpacked, error) = Judge0Zip.Unpack(zip, maxSourceBytes);
            if (error is not null)
            {
                Judge0Request.Add(errors, "additional_files", error);
            }

            files.AddRange((unpacked ?? []).Select(f => new SubmissionFile(f.Name, Convert.ToBase64String(f.Content), "base64")));
        }

        if (errors.Count > 0)
        {
            return (null, null, errors);
        }

        var limits = request is { CpuTimeLimit: null, WallTimeLimit: null, MemoryLimit: null, MaxProcessesAndOrThreads: null, MaxFileSize: null } ? null
            : new LimitsRequest(
                request.CpuTimeLimit * 1000,
                request.WallTimeLimit * 1000,
                request.MemoryLimit is { } kb ? (long)Math.Ceiling(kb / 1024) : null,
                request.MaxProcessesAndOrThreads is { } processes ? (int)processes : null,
                request.MaxFileSize is { } fileKb ? (long)Math.Ceiling(fileKb) : null);
        var submission = new SubmissionRequest
        {
            Language = language.Id,
            Files = files,
            Stdin = request.Stdin is { } stdin ? System.Text.Encoding.UTF8.GetString(stdin) : null,
            Args = Split(request.CommandLineArguments),
            CompilerFlags = flags,
            Limits = limits,
            CallbackUrl = request.CallbackUrl is { Length: > 0 } url ? url : null,
        };
        var meta = new Judge0Meta(id, request.ExpectedOutput, request.RedirectStderrToStdout, base64, request.CompilerOptions, request.CommandLineArguments);
        return (submission, meta, errors);
    }

    /// <summary>The intake's reasons, each under the Judge0 field it is about.</summary>
    public static Dictionary<string, List<string>> Errors(IEnumerable<string> reasons)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var reason in reasons)
        {
            var field = reason.Contains("callbackUrl", StringComparison.Ordinal) ? "callback_url"
                : reason.StartsWith("limits", StringComparison.Ordinal) ? "limits"
                : reason.Contains("stdin", StringComparison.Ordinal) ? "stdin"
                : reason.StartsWith("files[", StringComparison.Ordinal) || reason.Contains("file names", StringComparison.Ordinal) ? "additional_files"
                : reason.Contains("source", StringComparison.Ordinal) ? "source_code"
                : reason.Contains("args", StringComparison.Ordinal) ? "command_line_arguments"
                : reason.Contains("compiler", StringComparison.Ordinal) ? "compiler_options"
                : "submission";
            Judge0Request.Add(errors, field, reason);
        }

        return errors;
    }

    private static void Range(Dictionary<string, List<string>> errors, string field, double? value, double minimum, double maximum, bool exclusiveMinimum)
    {
        if (value is not { } v)
        {
            return;
        }

        if (exclusiveMinimum ? v <= minimum : v < minimum)
        {
            Judge0Request.Add(errors, field, exclusiveMinimum ? $"must be greater than {minimum}" : $"must be greater than or equal to {minimum}");
        }
        else if (v > maximum)
        {
            Judge0Request.Add(errors, field, $"must be less than or equal to {maximum}");
        }
    }

    private static List<string> Split(string? text) =>
        [.. (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)];
}
