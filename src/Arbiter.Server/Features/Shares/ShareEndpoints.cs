using System.Security.Cryptography;
using Arbiter.Engine.Languages;
using Arbiter.Server.Features.Users;
using Arbiter.Storage;
using Arbiter.Storage.Classroom;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Shares;

/// <summary>
/// Playground permalinks: <c>POST /api/v1/shares</c> keeps a program (language, source, stdin)
/// under ten random hex digits for <see cref="ServerOptions.ShareLifetimeDays"/>;
/// <c>GET /api/v1/shares/{id}</c> gives it back, or 410 Gone naming the day it expired (expired
/// shares are kept as long again before they are purged, so the answer stays "expired" rather
/// than "unknown" for a while).
/// </summary>
internal static class ShareEndpoints
{
    /// <summary>Stdin of a share is for a text box; bigger inputs belong in a test file.</summary>
    private const int MaxShareStdinBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapShares(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/shares").WithTags("Playground").RequireAccess(AccessFilter.Level.Caller);
        group.MapPost("/", CreateAsync);
        group.MapGet("/{id}", GetAsync);
        return routes;
    }

    private static async Task<Results<Created<ShareView>, ValidationProblem>> CreateAsync(
        ShareRequest? request,
        HttpContext http,
        IArbiterStore store,
        LanguageCatalog languages,
        IOptions<ServerOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var errors = new List<string>();
        if (request is null)
        {
            errors.Add("the request body must be a JSON object");
        }
        else
        {
            if (request.Language is not { Length: > 0 } language || languages.Find(language) is null)
            {
                errors.Add(request.Language is { Length: > 0 } ? $"unknown language '{request.Language}'" : "'language' is required");
            }

            errors.AddRange(new[]
            {
                TextInput.Problem(request.Source, "source", limits.MaxSourceBytes),
                TextInput.Problem(request.Stdin, "stdin", Math.Min(limits.MaxStdinBytes, MaxShareStdinBytes), required: false),
            }.OfType<string>());
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["request"] = [.. errors] }, detail: string.Join("; ", errors));
        }

        var now = time.GetUtcNow();
        var share = new ShareRecord(NewId(), request!.Language!, request.Source!, request.Stdin ?? "", Caller.Of(http).UserId, now, now.AddDays(limits.ShareLifetimeDays));
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await store.Classroom.AddShareAsync(share, cancellationToken);
                break;
            }
            catch (StoreConflictException) when (attempt < 3)
            {
                share = share with { Id = NewId() };
            }
        }

        // Now and then, forget shares that expired long ago (two lifetimes back).
        if (RandomNumberGenerator.GetInt32(100) == 0)
        {
            await store.Classroom.DeleteSharesExpiredBeforeAsync(now.AddDays(-limits.ShareLifetimeDays), cancellationToken);
        }

        return TypedResults.Created($"/api/v1/shares/{share.Id}", ShareView.From(share));
    }

    private static async Task<Results<Ok<ShareView>, ProblemHttpResult>> GetAsync(string id, IArbiterStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var share = IsShareId(id) ? await store.Classroom.GetShareAsync(id, cancellationToken) : null;
        if (share is null)
        {
            return TypedResults.Problem($"No shared program has the link '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown link");
        }

        return share.ExpiresAt <= time.GetUtcNow()
            ? TypedResults.Problem($"This link expired on {share.ExpiresAt:yyyy-MM-dd HH:mm} UTC.", statusCode: StatusCodes.Status410Gone, title: "Link expired")
            : TypedResults.Ok(ShareView.From(share));
    }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));

    private static bool IsShareId(string id) => id.Length == 10 && id.All(char.IsAsciiHexDigitLower);
}

public sealed record ShareRequest(string? Language, string? Source, string? Stdin);

/// <summary>A shared program; <c>Url</c> is the page that opens it.</summary>
public sealed record ShareView(string Id, string Url, string Language, string Source, string Stdin, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    internal static ShareView From(ShareRecord share) =>
        new(share.Id, "/s/" + share.Id, share.Language, share.Source, share.Stdin, share.CreatedAt, share.ExpiresAt);
}
