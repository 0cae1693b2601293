using System.Text.RegularExpressions;

namespace Arbiter.Web.Tests;

[Collection(SharedWebServer.Name)]
public sealed partial class ShareTests(WebServer server)
{
    [Fact]
    public void Share_ThenOpenThePermalinkInAnotherBrowser_RestoresCodeLanguageAndStdin()
    {
        const string code = "#include <stdio.h>\nint main(void) { int n; scanf(\"%d\", &n); printf(\"%d\\n\", n * 2); }\n";
        string link;
        using (var author = server.OpenBrowser())
        {
            author.Open("/");
            author.Click("#language option[value='c']");
            author.SetEditorText(code);
            author.Type("#stdin", "21");

            author.Click("#share");

            link = Browser.Until(() => author.WaitFor("#share-link").GetDomProperty("value") is { Length: > 0 } value ? value : null, "the share link");
            Assert.Matches(PermalinkPattern(), link);
            Assert.Contains("until", author.WaitFor("#share-expiry").Text, StringComparison.Ordinal);
        }

        using var reader = server.OpenBrowser();
        reader.Open(new Uri(link).PathAndQuery);

        Assert.Equal(code, reader.EditorText);
        Assert.Equal("c", reader.WaitFor("#language").GetDomProperty("value"));
        Assert.Equal("21", reader.WaitFor("#stdin").GetDomProperty("value"));
        reader.WaitForText("#share-notice", "shared program");

        reader.Click("#run");
        reader.WaitForText("#run-status", "Finished");
        Assert.Equal("42", reader.WaitFor("#stdout").Text.Trim());
    }

    [Fact]
    public void Permalink_Unknown_SaysNoProgramHasIt()
    {
        using var browser = server.OpenBrowser();
        browser.Open("/s/0123456789");

        browser.WaitForText("#share-notice", "No shared program has this link");
        Assert.NotEqual("", browser.EditorText);
    }

    [GeneratedRegex("^http://127\\.0\\.0\\.1:\\d+/s/[0-9a-f]{10}$")]
    private static partial Regex PermalinkPattern();
}
