using Arbiter.Server.Features.Languages;
using Arbiter.Server.Features.Submissions;
using Arbiter.Server.Features.Users;
using Arbiter.Server.Jobs;
using Arbiter.Storage;

namespace Arbiter.Server.Features.Compat.Piston;

/// <summary>
/// Piston's API v2, under <c>/api/v2/</c> (a self-hosted Piston's paths) and <c>/api/v2/piston/</c>
/// (the public instance's, where client libraries point by default): <c>GET runtimes</c> and a
/// synchronous <c>POST execute</c>. Errors are Piston's: <c>{"message": …}</c> with 400. Not in the
/// OpenAPI document; docs/compat.md describes it.
/// </summary>
internal static class PistonEndpoints
{
    public static void MapPiston(this IEndpointRouteBuilder routes)
    {
        foreach (var prefix in new[] { "/api/v2", "/api/v2/piston" })
        {
            var group = routes.MapGroup(prefix).WithTags("Piston").ExcludeFromDescription().RequireAccess(AccessFilter.Level.Caller);
            group.MapGet("/runtimes", RuntimesAsync);
            group.MapPost("/execute", ExecuteAsync).RequireRateLimiting(SubmissionRateLimit.Policy);
        }
    }

    private static async Task<IResult> RuntimesAsync(
        LanguageDirectory directory,
        CompatLanguages languages,
        IArbiterStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var offered = await OfferedAsync(directory, languages, store, time, cancellationToken);
        return TypedResults.Json(
            offered.Select(o => new PistonRuntime(o.Compat.PistonLanguage, o.Version, o.Compat.PistonAliases, o.Compat.PistonRuntime)).ToList(),
            ServerJson.Options);
    }

    private static async Task<IResult> ExecuteAsync(
        HttpContext http,
        LanguageDirectory directory,
        CompatLanguages languages,
        CompatRuns runs,
        IArbiterStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (request, invalid) = PistonExecuteRequest.Read(await CompatJson.ReadAsync(http, cancellationToken));
        if (request is null)
        {
            return Error(invalid!);
        }

        var offered = await OfferedAsync(directory, languages, store, time, cancellationToken);
        var named = languages.ByPistonName(request.Language);
        var runtime = offered.Find(o => o.Compat == named);
        if (named is null || runtime.Compat is null || !PistonVersions.Matches(request.Version, runtime.Version))
        {
            return Error($"{request.Language}-{request.Version ?? "*"} runtime is unknown");
        }

        var language = named.Language;
        var files = request.Files.Select((f, i) => new SubmissionFile(i == 0 ? language.SourceFile : f.Name, Convert.ToBase64String(f.Content), "base64")).ToList();
        var submission = new SubmissionRequest
        {
            Language = language.Id,
            Files = files,
            Stdin = request.Stdin ?? "",
            Args = request.Args,
            Limits = request.RunTimeoutMs is null && request.RunMemoryBytes is null ? null
                : new LimitsRequest(request.RunTimeoutMs, request.RunTimeoutMs, request.RunMemoryBytes is { } bytes ? (bytes + (1 << 20) - 1) >> 20 : null, null, null),
        };
        var run = await runs.RunAsync(http, submission, cancellationToken);
        return run switch
        {
            { Invalid: { } reasons } => Error(string.Join("; ", reasons)),
            { Refused: { } refused } => refused,
            { Overloaded: { } why } => TypedResults.Json(new PistonError(why), ServerJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable),
            { Report: { } report } => TypedResults.Json(
                new PistonResult(
                    named.PistonLanguage,
                    runtime.Version,
                    report.Run is { } r ? PistonStage.Run(r) : null,
                    language.Compile is null ? null : PistonStage.Compile(report.Compile)),
                ServerJson.Options),
            _ => TypedResults.Json(
                new PistonError($"the run failed on the server (submission {run.SubmissionId})"),
                ServerJson.Options,
                statusCode: StatusCodes.Status500InternalServerError),
        };
    }

    /// <summary>The languages a worker has, with their semver (every language until one has probed).</summary>
    private static async Task<List<(CompatLanguage Compat, string Version)>> OfferedAsync(
        LanguageDirectory directory,
        CompatLanguages languages,
        IArbiterStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var probed = await LanguageEndpoints.ProbedAsync(directory, store, time, cancellationToken);
        return [.. languages.Languages
            .Select(l => (Compat: l, Status: probed.GetValueOrDefault(l.Language.Id)))
            .Where(l => probed.Count == 0 || l.Status?.Available == true)
            .Select(l => (l.Compat, PistonVersions.Of(l.Status?.Version)))];
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<PistonError> Error(string message) =>
        TypedResults.Json(new PistonError(message), ServerJson.Options, statusCode: StatusCodes.Status400BadRequest);
}
