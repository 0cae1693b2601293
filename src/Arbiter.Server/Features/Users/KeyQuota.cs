using System.Globalization;
using Arbiter.Storage;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Users;

/// <summary>
/// Per-key daily quotas: a request sent with an API key that has a quota (its own, or the
/// server's <see cref="ServerOptions.KeyDailyQuota"/>) may add submissions only while the key's
/// count since UTC midnight stays within it. Beyond it: 429 with Retry-After until midnight.
/// The count is the store's, so every API process agrees on it.
/// </summary>
internal sealed class KeyQuota(IUserStore store, IOptions<ServerOptions> options, TimeProvider time)
{
    /// <summary>Null when <paramref name="adding"/> more submissions fit; else the 429 answer.</summary>
    public async Task<IResult?> CheckAsync(HttpContext http, int adding, CancellationToken cancellationToken)
    {
        var caller = Caller.Of(http);
        if (caller.KeyId is not { } keyId || (caller.KeyQuota ?? options.Value.KeyDailyQuota) is not { } quota)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var used = await store.CountKeySubmissionsAsync(keyId, midnight, cancellationToken);
        if (used + adding <= quota)
        {
            return null;
        }

        var retry = (int)Math.Ceiling((midnight.AddDays(1) - now).TotalSeconds);
        http.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            $"This API key's quota is {quota} submissions per UTC day; it has sent {used} today. It renews at midnight UTC.",
            statusCode: StatusCodes.Status429TooManyRequests, title: "Quota exhausted");
    }
}
