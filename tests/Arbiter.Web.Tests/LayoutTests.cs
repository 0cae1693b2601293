namespace Arbiter.Web.Tests;

[Collection(SharedWebServer.Name)]
public sealed class LayoutTests(WebServer server)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/login")]
    [InlineData("/signup")]
    [InlineData("/account")]
    [InlineData("/courses")]
    [InlineData("/courses/cs101")]
    [InlineData("/assignments/0123456789ab")]
    [InlineData("/attempts/0123456789abcdef0123456789abcdef")]
    [InlineData("/grades")]
    [InlineData("/admin")]
    public void Page_AtPhoneWidth_HasNoHorizontalScroll(string path)
    {
        using var browser = server.OpenBrowser(width: 375, height: 812);
        browser.Open(path);
        if (path == "/")
        {
            // Long output lines scroll inside their box, not the page.
            browser.SetEditorText("print('x' * 400)\nprint('a-very-long-word-' * 40)\n");
            browser.Click("#language option[value='python3']");
            browser.Click("#run");
            browser.WaitForText("#run-status", "Finished");
        }
        else if (path == "/admin")
        {
            // The workers table is wider than a phone: it scrolls inside its own box.
            browser.WaitFor("#workers tbody tr");
        }

        var fits = browser.Script("return [document.scrollingElement.scrollWidth, window.innerWidth];") as IReadOnlyList<object>;
        Assert.NotNull(fits);
        var (scrollWidth, innerWidth) = (
            Convert.ToInt64(fits[0], System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToInt64(fits[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(375, innerWidth);
        Assert.True(scrollWidth <= innerWidth, $"{path}: the page is {scrollWidth} px wide in a {innerWidth} px window");
    }

    [Fact]
    public void Playground_LoadingAndRunning_LogsNoConsoleErrors()
    {
        using var browser = server.OpenBrowser();
        browser.Open("/");
        browser.Click("#language option[value='javascript']");
        browser.Click("#run");
        browser.WaitForText("#run-status", "Finished");
        browser.Click("#share");
        browser.WaitFor("#share-link");

        Assert.Empty(browser.ConsoleErrors());
    }

    [Fact]
    public void Playground_IsUsableWithTheKeyboard()
    {
        using var browser = server.OpenBrowser();
        browser.Open("/");

        // The editor is labelled, and Escape then Tab leaves it for the next control.
        Assert.Equal("editor-label", browser.WaitFor(".cm-content").GetAttribute("aria-labelledby"));
        browser.WaitFor(".cm-content").Click();
        browser.WaitFor(".cm-content").SendKeys(OpenQA.Selenium.Keys.Escape);
        browser.WaitFor(".cm-content").SendKeys(OpenQA.Selenium.Keys.Tab);
        Assert.Equal("stdin", browser.Script("return document.activeElement.id"));
        Assert.Equal("status", browser.WaitFor("#run-status").GetAttribute("role"));
    }
}
