using Arbiter.Server.Features.Problems;

namespace Arbiter.Server.Tests;

/// <summary>Statements render as Markdown, and nothing in them can run in the page.</summary>
public sealed class StatementRendererTests
{
    [Fact]
    public void Markdown_RendersHeadingsCodeAndTables()
    {
        var html = StatementRenderer.ToHtml("# Sum\n\nAdd `a` and *b*.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\n1 2\n```\n");

        Assert.Contains("<h1", html, StringComparison.Ordinal);
        Assert.Contains("<code>a</code>", html, StringComparison.Ordinal);
        Assert.Contains("<em>b</em>", html, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("<pre><code>1 2", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click]( JAVASCRIPT:alert(1))")]
    [InlineData("![x](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[x](//evil.example/steal)")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    public void HostileMarkup_IsEscapedOrLosesItsAddress(string markdown)
    {
        var html = StatementRenderer.ToHtml(markdown);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\" javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:text/html", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("evil.example", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("[docs](https://example.org/x)", "href=\"https://example.org/x\"")]
    [InlineData("[mail](mailto:ta@example.org)", "href=\"mailto:ta@example.org\"")]
    [InlineData("![figure](figure.png)", "src=\"figure.png\"")]
    [InlineData("[below](#input)", "href=\"#input\"")]
    public void SafeLinks_AreKept(string markdown, string expected) =>
        Assert.Contains(expected, StatementRenderer.ToHtml(markdown), StringComparison.Ordinal);
}
