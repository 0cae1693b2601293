using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Users;

/// <summary>
/// Students may send one submission request per <see cref="ServerOptions.SubmissionIntervalSeconds"/>,
/// counted per user (so several keys or sessions do not multiply it); a public playground's
/// visitors (<see cref="AnonymousAccess.Tickets"/>) the same, counted per client address. Staff,
/// admins and the anonymous callers of a trusted server are not limited: graders bulk-submit.
/// </summary>
internal static class SubmissionRateLimit
{
    public const string Policy = "submissions";

    public static IServiceCollection AddSubmissionRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                http.Response.Headers.RetryAfter = Math.Ceiling(retry.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem(
                        $"Too many submissions: one per {Interval(http).TotalSeconds:0.#} s. Try again in {Math.Ceiling(retry.TotalSeconds):0} s.",
                        statusCode: StatusCodes.Status429TooManyRequests)
                    .ExecuteAsync(http);
            };
            limiter.AddPolicy(Policy, http =>
            {
                var caller = Caller.Of(http);
                var interval = Interval(http);
                // Refused anonymous callers and bad credentials go on to their 401, not a 429.
                var anonymousCounted = caller.IsVisitor && http.Request.Headers.Authorization.Count == 0;
                if (caller.IsStaff || interval <= TimeSpan.Zero || (!caller.IsAuthenticated && !anonymousCounted))
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }

                var who = caller.UserId ?? "address:" + http.Connection.RemoteIpAddress;
                return RateLimitPartition.GetFixedWindowLimiter(who, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = 1,
                    Window = interval,
                    QueueLimit = 0,
                });
            });
        });

    private static TimeSpan Interval(HttpContext http) =>
        TimeSpan.FromSeconds(http.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.SubmissionIntervalSeconds);
}
