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

    /// <summary>The page routes. A page added later is one more line here and one HTML file
    /// holding its <c>&lt;main&gt;</c>; the shell around it (head, skip link, header and nav) is
    /// <c>pages/_layout.html</c>, filled in once at start with the page's title and script.</summary>
    public static RouteGroupBuilder MapWebPages(this IEndpointRouteBuilder routes)
    {
        var root = WebRoot(routes.ServiceProvider);
        var pages = routes.MapGroup("").WithTags("Web").ExcludeFromDescription();
        var playground = Page(root, "playground", "Playground");
        pages.MapGet("/", playground);
        pages.MapGet("/s/{id}", playground);
        pages.MapGet("/login", Page(root, "login", "Sign in", script: "sign-in"));
        pages.MapGet("/signup", Page(root, "signup", "Sign up", script: "sign-in"));
        pages.MapGet("/account", Page(root, "account", "Your account"));
        pages.MapGet("/courses", Page(root, "courses", "Courses"));
        pages.MapGet("/courses/{id}", Page(root, "course", "Course"));
        pages.MapGet("/assignments/{id}", Page(root, "assignment", "Assignment"));
        pages.MapGet("/attempts/{id}", Page(root, "attempt", "Attempt"));
        pages.MapGet("/grades", Page(root, "grades", "Grades"));
        pages.MapGet("/admin", Page(root, "admin", "Admin"));
        return pages;
    }

    /// <param name="root">The web root.</param>
    /// <param name="name">The page's file in <c>pages/</c> (without <c>.html</c>).</param>
    /// <param name="title">The page's title, before " · Arbiter".</param>
    /// <param name="script">Its module in <c>assets/</c> (without <c>.js</c>); by default the page's name.</param>
    private static Func<HttpContext, ContentHttpResult> Page(string root, string name, string title, string? script = null)
    {
        var html = File.ReadAllText(Path.Combine(root, "pages", "_layout.html"))
            .Replace("{{title}}", System.Net.WebUtility.HtmlEncode(title + " · Arbiter"), StringComparison.Ordinal)
            .Replace("{{script}}", (script ?? name) + ".js", StringComparison.Ordinal)
            .Replace("{{main}}", File.ReadAllText(Path.Combine(root, "pages", name + ".html")).TrimEnd('\n'), StringComparison.Ordinal);
        return http =>
        {
            var headers = http.Response.Headers;
            headers.CacheControl = "no-cache";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            return TypedResults.Content(html, "text/html; charset=utf-8");
        };
    }

    private static string WebRoot(IServiceProvider services) =>
        Path.Combine(services.GetRequiredService<IWebHostEnvironment>().ContentRootPath, "wwwroot");
}
