using Arbiter.Server.Features.Users;

namespace Arbiter.Server.Features.Compat.Jobe;

/// <summary>
/// Jobe's clients (CodeRunner) send their key as <c>X-API-KEY</c>. On Jobe's paths an Arbiter key
/// sent that way is read as if it came as <c>Authorization: Bearer</c>, so it authenticates (and is
/// rate-limited, counted in the key's quota, refused when revoked) like any other. A value that is
/// not an Arbiter key is ignored, as a Jobe server without keys ignores it: the request is then
/// anonymous, and the server's <see cref="ServerOptions.Anonymous"/> mode decides.
/// </summary>
internal static class JobeApiKeyHeader
{
    public const string Header = "X-API-KEY";

    public static IApplicationBuilder UseJobeApiKeyHeader(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            var request = http.Request;
            if (request.Headers.Authorization.Count == 0
                && JobeEndpoints.Prefixes.Any(p => request.Path.StartsWithSegments(p, StringComparison.Ordinal))
                && request.Headers[Header].ToString().Trim() is { } key && ApiKeys.LooksLikeKey(key))
            {
                request.Headers.Authorization = "Bearer " + key;
            }

            return next(http);
        });
}
