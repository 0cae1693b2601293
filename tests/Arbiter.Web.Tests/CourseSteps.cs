using System.Globalization;

namespace Arbiter.Web.Tests;

/// <summary>Steps the course page tests share.</summary>
internal static class CourseSteps
{
    /// <summary>Signs in through the sign-in page and waits for <paramref name="next"/> to be ready.</summary>
    public static void SignIn(this Browser browser, ApiUser user, string next)
    {
        browser.Open($"/login?next={Uri.EscapeDataString(next)}");
        browser.Type("#name", user.Name);
        browser.Type("#password", user.Password);
        browser.Click("button[type='submit']");
        browser.AwaitPage(next);
        browser.ConsoleErrors(); // the sign-in page asked who was there before anyone was
    }

    /// <summary>Waits until the browser is on a page whose path starts with <paramref name="path"/>
    /// and that page is ready; returns the path.</summary>
    public static string AwaitPage(this Browser browser, string path)
    {
        var at = Browser.Until(() => new Uri(browser.Driver.Url).AbsolutePath is var p && p.StartsWith(path, StringComparison.Ordinal) ? p : null, $"the page {path}");
        browser.WaitUntilReady();
        return at;
    }

    /// <summary>The 1-based line of the editor's cursor.</summary>
    public static long CursorLine(this Browser browser) =>
        (long)browser.Script("const s = window.arbiterEditor.view.state; return s.doc.lineAt(s.selection.main.head).number;")!;

    public static void AssertFitsWidth(this Browser browser, string what)
    {
        var fits = (IReadOnlyList<object>)browser.Script("return [document.scrollingElement.scrollWidth, window.innerWidth];")!;
        var (scrollWidth, innerWidth) = (Convert.ToInt64(fits[0], CultureInfo.InvariantCulture), Convert.ToInt64(fits[1], CultureInfo.InvariantCulture));
        Assert.True(scrollWidth <= innerWidth, $"{what}: the page is {scrollWidth} px wide in a {innerWidth} px window");
    }
}
