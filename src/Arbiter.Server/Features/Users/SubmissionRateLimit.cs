using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Users;

/// <summary>
/// Students may send one submission request per <see cref="ServerOptions.SubmissionIntervalSeconds"/>,
/// counted per user (so several keys or sessions do not multiply it). Staff, admins and the
/// anonymous caller of a trusted server are not limited: graders bulk-submit, and anonymous
/// callers have no identity to count against.
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
                await TypedResults.Problem($"Too many submissions: one per {Interval(http).TotalSeconds:0.#} s. Try again in {Math.Ceiling(retry.TotalSeconds):0} s.", statusCode: StatusCodes.Status429TooManyRequests)
                    .ExecuteAsync(http);
            };
            limiter.AddPolicy(Policy, http =>
            {
                var caller = Caller.Of(http);
                var interval = Interval(http);
                if (caller.IsStaff || !caller.IsAuthenticated || interval <= TimeSpan.Zero)
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }

                return RateLimitPartition.GetFixedWindowLimiter(caller.UserId!, _ => new FixedWindowRateLimiterOptions
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
