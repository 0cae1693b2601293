using Markdig;
using Markdig.Syntax;

namespace Arbiter.Server.Features.Problems;

/// <summary>
/// A problem's Markdown statement as HTML for the assignment page. Problem packages come from
/// staff, not from the world, but a page must still not run what a statement carries: raw HTML
/// in the Markdown is escaped, and a link or image whose address is not http(s), mailto or
/// relative loses its address (the page's Content-Security-Policy is the second lock).
/// </summary>
internal static class StatementRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<Markdig.Syntax.Inlines.LinkInline>())
        {
            if (link.Url is { } url && !IsSafe(url))
            {
                link.Url = "";
            }
        }

        return document.ToHtml(Pipeline);
    }

    private static bool IsSafe(string url)
    {
        var address = url.Trim();
        if (address.StartsWith("//", StringComparison.Ordinal))
        {
            return false;
        }

        // Relative (a path, a fragment, a file beside the statement) has no scheme to abuse.
        if (address.Length == 0 || address[0] is '/' or '#' or '.' || !address.Contains(':', StringComparison.Ordinal))
        {
            return true;
        }

        return Uri.TryCreate(address, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" or "mailto";
    }
}
