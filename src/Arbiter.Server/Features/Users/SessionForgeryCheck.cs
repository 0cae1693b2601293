using Microsoft.AspNetCore.Antiforgery;

namespace Arbiter.Server.Features.Users;

/// <summary>
/// Anti-forgery for the web UI's session. A request that changes something (POST, PUT, PATCH,
/// DELETE) and is signed in by the session cookie must carry the token from
/// <c>GET /api/v1/auth/antiforgery</c> in the <see cref="HeaderName"/> header; the token is tied
/// to the signed-in user and to a second HttpOnly cookie. The session cookie is SameSite=Strict
/// already; this is the second lock for older browsers and same-site attackers. Requests with an
/// API key (sent deliberately, never ambient) or without the session cookie are not checked.
/// </summary>
internal static class SessionForgeryCheck
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public static IServiceCollection AddSessionForgeryCheck(this IServiceCollection services) =>
        services.AddAntiforgery(options =>
        {
            options.HeaderName = HeaderName;
            options.Cookie.Name = "arbiter-csrf";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

    /// <summary>Runs after authentication, so the token is checked against the signed-in user.</summary>
    public static IApplicationBuilder UseSessionForgeryCheck(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (NeedsToken(http.Request) && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
        {
            await TypedResults.Problem(
                $"A change made with the web session must send the '{HeaderName}' header with the token from GET /api/v1/auth/antiforgery. " +
                "Scripts should use an API key ('Authorization: Bearer arb_…') instead of the session cookie.",
                statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid anti-forgery token").ExecuteAsync(http);
            return;
        }

        await next(http);
    });

    public static IEndpointRouteBuilder MapAntiforgeryToken(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/auth/antiforgery", (HttpContext http, IAntiforgery antiforgery) =>
            TypedResults.Ok(new AntiforgeryView(antiforgery.GetAndStoreTokens(http).RequestToken!, HeaderName))).WithTags("Users");
        return routes;
    }

    private static bool NeedsToken(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method))
        && request.Headers.Authorization.Count == 0
        && request.Cookies.ContainsKey(SessionCookie.Name);
}

/// <summary>The token to send back in <c>HeaderName</c> with every change.</summary>
public sealed record AntiforgeryView(string Token, string HeaderName);

/// <summary>The web session's cookie.</summary>
internal static class SessionCookie
{
    public const string Name = "arbiter";
}
