using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Arbiter.Server.Features.Users;
using Arbiter.Storage;

namespace Arbiter.Server.Features.Submissions;

/// <summary>
/// The <c>Idempotency-Key</c> header of a submission request (POST /api/v1/submissions and
/// /batch): a client that did not get an answer (a timeout, a dropped connection, a 503) sends
/// the same request again with the same key and gets the submissions the first one made
/// instead of new ones. Keys belong to their caller: a user's keys are theirs alone; callers
/// without an account (anonymous modes) share one space, so their keys must be unguessable
/// (a UUID). The same key with a different request is refused (422), never silently replayed.
/// </summary>
internal static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";

    /// <summary>Set on an answer that replays an earlier request's submissions.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public const int MaxLength = 200;

    /// <summary>The request's claim (null without the header), or why the header is refused.</summary>
    /// <param name="http">The request.</param>
    /// <param name="route">Which endpoint: the same key on another endpoint is another request.</param>
    /// <param name="request">The bound body, hashed to recognise a true repeat.</param>
    public static (IdempotencyClaim? Claim, string? Error) Read(HttpContext http, string route, object? request)
    {
        var values = http.Request.Headers[Header];
        if (values.Count == 0)
        {
            return (null, null);
        }

        if (values.Count > 1 || values[0] is not { Length: > 0 and <= MaxLength } key || !key.All(c => c is > ' ' and <= '~'))
        {
            return (null, $"the {Header} header must be one value of 1 to {MaxLength} visible ASCII characters (a UUID, say)");
        }

        var scope = Caller.Of(http).UserId ?? "-";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(route + "\n" + JsonSerializer.Serialize(request, ServerJson.Options))));
        return (new IdempotencyClaim($"{scope}:{key}", hash), null);
    }

    /// <summary>The answer to a key used before with another request.</summary>
    public static IResult Mismatch() => TypedResults.Problem(
        $"This {Header} was used before with a different request; send a new key for a new request.",
        statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused");
}
