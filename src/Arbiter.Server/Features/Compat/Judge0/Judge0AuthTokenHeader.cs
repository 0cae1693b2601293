using Arbiter.Server.Features.Users;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Compat.Judge0;

/// <summary>
/// Judge0's clients send their token as <c>X-Auth-Token</c> (Judge0's <c>AUTHN_HEADER</c>). On
/// Judge0's paths an Arbiter key sent that way is read as if it came as
/// <c>Authorization: Bearer</c>, so it authenticates, is rate-limited and counted in its key's
/// quota, and is refused when revoked, like any other. A value that is not an Arbiter key is
/// ignored (the request is anonymous, and the server's anonymous mode decides), as Jobe's
/// <c>X-API-KEY</c> is.
/// </summary>
internal static class Judge0AuthTokenHeader
{
    public const string Header = "X-Auth-Token";

    public static IApplicationBuilder UseJudge0AuthTokenHeader(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var atRoot = app.ApplicationServices.GetRequiredService<IOptions<CompatOptions>>().Value.Judge0AtRoot;
        return app.Use((http, next) =>
        {
            var request = http.Request;
            if (request.Headers.Authorization.Count == 0
                && (request.Path.StartsWithSegments(Judge0Endpoints.Prefix, StringComparison.Ordinal)
                    || (atRoot && Judge0Endpoints.RootPaths.Any(p => request.Path.StartsWithSegments(p, StringComparison.Ordinal))))
                && request.Headers[Header].ToString().Trim() is { } key && ApiKeys.LooksLikeKey(key))
            {
                request.Headers.Authorization = "Bearer " + key;
            }

            return next(http);
        });
    }
}
