using System.Text;
using System.Text.Json;
using Arbiter.Engine.Languages;
using Arbiter.Engine.Tracing;
using Arbiter.Sandbox;
using Arbiter.Server.Features.Courses;
using Arbiter.Server.Features.Problems;
using Arbiter.Server.Features.Users;
using Arbiter.Storage;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Submissions;

/// <summary>
/// Turns a request into a stored submission, or into every reason it cannot be one: unknown
/// language or problem, sources too large or not text, limits beyond the server's maxima, a
/// callback that is not an http(s) URL. Nothing reaches the store unvalidated.
/// </summary>
internal sealed class SubmissionIntake(
    LanguageCatalog languages,
    ProblemLibrary problems,
    CourseAccess courses,
    Callbacks.CallbackAddressPolicy callbackPolicy,
    IOptions<ServerOptions> options,
    TimeProvider time)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ServerOptions _options = options.Value;

    public async Task<(NewSubmission? Submission, List<string> Errors)> AcceptAsync(SubmissionRequest? request, Caller caller, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if (request is null)
        {
            return (null, ["the request body must be a JSON object"]);
        }

        var language = request.Language is { Length: > 0 } id ? languages.Find(id) : null;
        if (language is null)
        {
            errors.Add(request.Language is { Length: > 0 }
                ? $"unknown language '{request.Language}' (one of {string.Join(", ", languages.Languages.Select(l => l.Id))})"
                : "'language' is required");
        }

        var files = Files(request, language, errors);
        var stdin = Stdin(request, errors);
        var limits = Limits(request.Limits, errors);
        Check(errors, request.Args is { Count: > 64 }, "at most 64 'args'");
        Check(errors, request.Args?.Any(a => a.Contains('\0', StringComparison.Ordinal)) == true, "'args' must not contain NUL characters");
        Check(errors, request.CompilerFlags is { Count: > 32 }, "at most 32 'compilerFlags'");
        Check(
            errors,
            request.CompilerFlags?.Any(f => f.Length > 200 || f.Contains('\0', StringComparison.Ordinal)) == true,
            "each compiler flag must have at most 200 characters and no NUL");
        Check(errors, request.Priority is < -10 or > 10, "'priority' must be between -10 and 10");
        Check(errors, request.CallbackUrl is { } url && !IsHttpUrl(url), "'callbackUrl' must be an absolute http or https URL");
        if (request.CallbackUrl is { } written && IsHttpUrl(written) && callbackPolicy.WhyRefused(new Uri(written)) is { } refused)
        {
            // An address written out can be refused now; a name is checked when the callback is made.
            errors.Add("'callbackUrl': " + refused);
        }

        var problemId = request.Problem;
        if (request.Assignment is { } assignmentId)
        {
            // Members of its course may submit to it: CourseAccess says who they are.
            if (await courses.OpenAsync(caller, assignmentId, cancellationToken) is not { Assignment: var assignment })
            {
                errors.Add($"unknown assignment '{assignmentId}' (or you are not in its course)");
            }
            else if (problemId is not null && problemId != assignment.ProblemId)
            {
                errors.Add("give 'assignment' or 'problem', not both");
            }
            else
            {
                problemId = assignment.ProblemId;
            }
        }

        if (problemId is { } problem)
        {
            Check(errors, !await problems.ExistsAsync(problem, cancellationToken), $"unknown problem '{problem}'");
            Check(errors, request.Stdin is not null, "'stdin' is for playground runs; a judged submission reads the problem's tests");
            Check(errors, request.CompilerFlags is { Count: > 0 }, "'compilerFlags' are for playground runs; a judged submission is compiled with the problem's flags");
            // Refused, not ignored: a judged submission runs with its problem's limits (the
            // verdict must mean the same for every submission), so limits sent with it would not apply.
            Check(errors, request.Limits is not null, "'limits' are for playground runs; a judged submission runs with the problem's limits");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var stored = new StoredRequest(language!.Id, files, stdin, request.Args ?? [], limits, request.CompilerFlags ?? []);
        var submission = new NewSubmission(
            Identifiers.NewId(),
            // Unique in practice (26^5); the store's unique index and the writer's retry settle
            // the rare collision, so no lookup is spent on every submission.
            Identifiers.NewTicket(),
            problemId is null ? SubmissionKind.Run : SubmissionKind.Judge,
            language.Id,
            problemId,
            JsonSerializer.Serialize(stored, ServerJson.Options),
            request.CallbackUrl,
            request.Priority,
            caller.UserId,
            time.GetUtcNow(),
            request.Assignment,
            caller.KeyId,
            TraceParent: ArbiterTrace.ParentForJob());
        return (submission, errors);
    }

    private List<StoredFile> Files(SubmissionRequest request, LanguageSpec? language, List<string> errors)
    {
        var files = new List<StoredFile>();
        if ((request.Source is null) == (request.Files is null or { Count: 0 }))
        {
            errors.Add("give either 'source' or 'files' (not both)");
            return files;
        }

        if (request.Source is not null)
        {
            files.Add(new StoredFile(language?.SourceFile ?? "main", Encoding.UTF8.GetBytes(request.Source)));
        }

        foreach (var (file, index) in (request.Files ?? []).Select((f, i) => (f, i)))
        {
            var name = file.Name ?? "";
            if (name.Length is 0 or > 255 || name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal) || name is "." or "..")
            {
                errors.Add($"files[{index}]: 'name' must be a plain file name");
                continue;
            }

            byte[] content;
            try
            {
                content = file.Encoding is null or "utf-8" ? Encoding.UTF8.GetBytes(file.Content ?? "")
                    : file.Encoding == "base64" ? Convert.FromBase64String(file.Content ?? "")
                    : throw new FormatException($"unknown encoding '{file.Encoding}' (utf-8 or base64)");
            }
            catch (FormatException e)
            {
                errors.Add($"files[{index}]: {e.Message}");
                continue;
            }

            files.Add(new StoredFile(name, content));
        }

        if (files.Count > 0 && !IsText(files[0].Content))
        {
            errors.Add("the source (the first file) is not valid UTF-8 text");
        }

        Check(errors, files.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() != files.Count, "file names must be distinct");
        var total = files.Sum(f => (long)f.Content.Length);
        Check(errors, total > _options.MaxSourceBytes, $"the source is {total} bytes, over the limit of {_options.MaxSourceBytes}");
        return files;
    }

    private byte[]? Stdin(SubmissionRequest request, List<string> errors)
    {
        if (request.Stdin is null)
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetBytes(request.Stdin);
        Check(errors, bytes.Length > _options.MaxStdinBytes, $"'stdin' is {bytes.Length} bytes, over the limit of {_options.MaxStdinBytes}");
        return bytes;
    }

    private static SandboxLimits? Limits(LimitsRequest? request, List<string> errors)
    {
        if (request is null)
        {
            return null;
        }

        // NaN and the infinities are numbers to JSON's number reader but no span of time.
        if (request.CpuTimeMs is { } badCpu && !double.IsFinite(badCpu) || request.WallTimeMs is { } badWall && !double.IsFinite(badWall))
        {
            errors.Add("limits: 'cpuTimeMs' and 'wallTimeMs' must be finite numbers of milliseconds");
            return null;
        }

        // One factory and one wall-time rule for the API, the CLI and the judge: a wall limit not
        // given follows the CPU limit (SandboxLimits.WallTimeFor), never a fixed 5 s.
        var limits = SandboxLimits.Create(
            cpuTime: request.CpuTimeMs is { } cpu ? TimeSpan.FromMilliseconds(Math.Clamp(cpu, -1, 1e12)) : null,
            wallTime: request.WallTimeMs is { } wall ? TimeSpan.FromMilliseconds(Math.Clamp(wall, -1, 1e12)) : null,
            memoryBytes: request.MemoryMiB is { } memory ? Math.Clamp(memory, -1, long.MaxValue >> 21) << 20 : null,
            processes: request.Processes,
            outputBytes: request.OutputKiB is { } output ? Math.Clamp(output, -1, long.MaxValue >> 11) << 10 : null);
        var problems = limits.Validate();
        errors.AddRange(problems.Select(p => "limits: " + p));
        return problems.Count > 0 ? null : limits;
    }

    private static bool IsText(byte[] bytes)
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

    private static bool IsHttpUrl(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private static void Check(List<string> errors, bool failed, string message)
    {
        if (failed)
        {
            errors.Add(message);
        }
    }
}
