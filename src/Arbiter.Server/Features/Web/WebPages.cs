using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.FileProviders;

namespace Arbiter.Server.Features.Web;

/// <summary>
/// The web UI: hand-written pages (<c>wwwroot/pages/NAME.html</c>) at friendly routes, and the
/// scripts, styles and editor bundle they load from <c>/assets</c> (<c>wwwroot/assets</c>). A
/// page is a static shell that asks the JSON API for its data with the visitor's session
/// cookie, so the API's access rules are the only ones and a page route needs none.
/// docs/web.md says how to add a page.
/// </summary>
internal static class WebPages
{
    // Everything comes from this server: no CDN, no inline script. CodeMirror writes its
    // styles into <style> elements, hence inline styles.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Serves <c>/assets/*</c>. Goes before authentication: a stylesheet needs no
    /// session lookup.</summary>
    public static IApplicationBuilder UseWebAssets(this IApplicationBuilder app)
    {
        var assets = Path.Combine(WebRoot(app.ApplicationServices), "assets");
        if (!Directory.Exists(assets))
        {
            return app;
        }

        return app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/assets",
            FileProvider = new PhysicalFileProvider(assets),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                // Chunk names carry a content hash; every other file keeps its name across
                // versions, so browsers revalidate it (ETag) before using a cached copy.
                headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets/editor-chunks", StringComparison.Ordinal)
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
    }

    /// <summary>The page routes. A page added later is one more line here and one HTML file.</summary>
    public static RouteGroupBuilder MapWebPages(this IEndpointRouteBuilder routes)
    {
        var root = WebRoot(routes.ServiceProvider);
        var pages = routes.MapGroup("").WithTags("Web").ExcludeFromDescription();
        pages.MapGet("/", Page(root, "playground"));
        pages.MapGet("/s/{id}", Page(root, "playground"));
        pages.MapGet("/login", Page(root, "login"));
        pages.MapGet("/signup", Page(root, "signup"));
        pages.MapGet("/account", Page(root, "account"));
        pages.MapGet("/courses", Page(root, "courses"));
        pages.MapGet("/courses/{id}", Page(root, "course"));
        pages.MapGet("/assignments/{id}", Page(root, "assignment"));
        pages.MapGet("/attempts/{id}", Page(root, "attempt"));
        pages.MapGet("/grades", Page(root, "grades"));
        pages.MapGet("/admin", Page(root, "admin"));
        return pages;
    }

    private static Func<HttpContext, PhysicalFileHttpResult> Page(string root, string name)
    {
        var path = Path.Combine(root, "pages", name + ".html");
        return http =>
        {
            var headers = http.Response.Headers;
            headers.CacheControl = "no-cache";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            return TypedResults.PhysicalFile(path, "text/html; charset=utf-8");
        };
    }

    private static string WebRoot(IServiceProvider services) =>
        Path.Combine(services.GetRequiredService<IWebHostEnvironment>().ContentRootPath, "wwwroot");
}
