using System.Text.Json;
using Arbiter.Server.Features.Languages;
using Arbiter.Server.Features.Users;
using Arbiter.Server.Jobs;
using Arbiter.Storage;

namespace Arbiter.Server.Features.Compat.Jobe;

/// <summary>
/// Jobe's REST API v1 (the sandbox behind Moodle's CodeRunner), under <c>/jobe/index.php/restapi/</c>
/// and <c>/restapi/</c>: <c>GET languages</c>, synchronous <c>POST runs</c>, and <c>PUT</c>/<c>HEAD
/// files/{id}</c>; <c>GET runresults/{id}</c> answers Jobe's 404. Errors are Jobe's: a JSON string with 400 or 404. Not in the OpenAPI document,
/// which describes Arbiter's own API; docs/compat.md describes this one.
/// </summary>
internal static class JobeEndpoints
{
    public static readonly string[] Prefixes = ["/jobe/index.php/restapi", "/restapi"];

    /// <summary>Jobe's own answer to <c>GET runresults/{id}</c>.</summary>
    public const string RunResultsUnimplemented = "runresults_get: unimplemented, as all submissions run immediately.";

    public static void MapJobe(this IEndpointRouteBuilder routes)
    {
        foreach (var prefix in Prefixes)
        {
            var group = routes.MapGroup(prefix).WithTags("Jobe").ExcludeFromDescription().RequireAccess(AccessFilter.Level.Caller);
            group.MapGet("/languages", LanguagesAsync);
            group.MapPost("/runs", RunAsync).RequireRateLimiting(SubmissionRateLimit.Policy);
            group.MapPut("/files/{id}", PutFileAsync);
            group.MapMethods("/files/{id}", [HttpMethods.Head], HeadFileAsync);
            // Jobe runs every submission at once and keeps no results; it answers this 404.
            group.MapGet("/runresults/{id?}", () => Error(RunResultsUnimplemented, StatusCodes.Status404NotFound));
        }
    }

    /// <summary>[[language_id, version], ...] for the languages the workers have (all of them
    /// until a worker has probed).</summary>
    private static async Task<IResult> LanguagesAsync(
        LanguageDirectory directory,
        CompatLanguages languages,
        IArbiterStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var probed = await LanguageEndpoints.ProbedAsync(directory, store, time, cancellationToken);
        var list = languages.Languages
            .Select(l => (l.JobeId, Status: probed.GetValueOrDefault(l.Language.Id)))
            .Where(l => probed.Count == 0 || l.Status?.Available == true)
            .Select(l => new[] { l.JobeId, l.Status?.Version ?? "unknown" })
            .ToList();
        return TypedResults.Json(list, ServerJson.Options);
    }

    private static async Task<IResult> RunAsync(HttpContext http, CompatLanguages languages, JobeFileCache files, CompatRuns runs, CancellationToken cancellationToken)
    {
        var (spec, invalid) = JobeRunSpec.Read(await CompatJson.ReadAsync(http, cancellationToken));
        if (spec is null)
        {
            return Error(invalid!, StatusCodes.Status400BadRequest);
        }

        var (request, error, status) = await JobeRequests.ToSubmissionAsync(spec, languages, files, cancellationToken);
        if (request is null)
        {
            return Error(error!, status);
        }

        var run = await runs.RunAsync(http, request, cancellationToken);
        return run switch
        {
            { Invalid: { } reasons } => Error("runs_post: " + string.Join("; ", reasons), StatusCodes.Status400BadRequest),
            { Refused: { } refused } => refused,
            { Overloaded: not null } => TypedResults.Json(JobeResult.Overloaded(run.SubmissionId), ServerJson.Options),
            _ => TypedResults.Json(JobeResult.From(run.SubmissionId, run.Report), ServerJson.Options),
        };
    }

    private static async Task<IResult> PutFileAsync(string id, HttpContext http, JobeFileCache files, CancellationToken cancellationToken)
    {
        if (!JobeFileCache.IsValidId(id))
        {
            return Error($"put: file id '{Printable(id)}' is not valid (1 to {IFileCache.MaxIdLength} letters, digits, '-', '_' or '.')", StatusCodes.Status400BadRequest);
        }

        var body = await CompatJson.ReadAsync(http, cancellationToken);
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("file_contents", out var contents) || contents.ValueKind != JsonValueKind.String)
        {
            return Error("put: missing file_contents parameter", StatusCodes.Status400BadRequest);
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(contents.GetString()!);
        }
        catch (FormatException)
        {
            return Error($"put: contents of file {id} are not valid base-64", StatusCodes.Status400BadRequest);
        }

        if (bytes.LongLength > files.Capacity)
        {
            return Error($"put: file {id} is {bytes.Length} bytes, more than this server's file cache holds ({files.Capacity} bytes)", StatusCodes.Status413PayloadTooLarge);
        }

        return await files.PutAsync(id, bytes, cancellationToken) ? TypedResults.StatusCode(StatusCodes.Status201Created) : TypedResults.NoContent();
    }

    private static async Task<IResult> HeadFileAsync(string id, JobeFileCache files, CancellationToken cancellationToken) =>
        await files.ContainsAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    /// <summary>An id as it may be shown back: its first 64 characters, control characters as '?'.</summary>
    private static string Printable(string id) => new([.. id.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);

    /// <summary>Jobe's error: the message as a JSON string.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<string> Error(string message, int status) =>
        TypedResults.Json(message, ServerJson.Options, statusCode: status);
}
