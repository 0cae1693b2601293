namespace Arbiter.Web.Tests;

/// <summary>A server closed to anonymous callers, as for a course, with no user yet.</summary>
public sealed class ClosedServer() : WebServer(new Dictionary<string, string> { ["ARBITER__SERVER__ANONYMOUS"] = "off" });

/// <summary>Only one test here signs up: the first user of this server is its admin.</summary>
public sealed class FirstUserTests(ClosedServer server) : IClassFixture<ClosedServer>
{
    [Fact]
    public void FirstSignUp_IsAdminNamedInNav_SignsOut_WrongPasswordIsRefused_SignsInAgain()
    {
        using var browser = server.OpenBrowser();
        browser.Open("/signup");
        browser.Type("#name", "ada");
        browser.Type("#password", "analytical engine");
        browser.Click("button[type='submit']");

        Browser.Until(() => new Uri(browser.Driver.Url).AbsolutePath == "/", "the playground");
        browser.WaitUntilReady();
        var nav = browser.WaitForText("#site-nav", "ada");
        Assert.Contains("Admin", nav, StringComparison.Ordinal);
        Assert.Contains("Sign out", nav, StringComparison.Ordinal);

        browser.Click("#site-nav .nav-user button");
        browser.WaitForText("#site-nav", "Sign in");
        Assert.DoesNotContain("ada", browser.WaitFor("#site-nav").Text, StringComparison.Ordinal);

        browser.Open("/login");
        browser.Type("#name", "ada");
        browser.Type("#password", "difference engine");
        browser.Click("button[type='submit']");
        browser.WaitForText("#form-error", "The name or the password is wrong.");
        Assert.Equal("/login", new Uri(browser.Driver.Url).AbsolutePath);

        browser.Type("#password", "analytical engine");
        browser.Click("button[type='submit']");
        Browser.Until(() => new Uri(browser.Driver.Url).AbsolutePath == "/", "the playground");
        browser.WaitUntilReady();
        browser.WaitForText("#site-nav", "ada");
    }

    [Fact]
    public void Playground_SignedOut_AsksToSignIn()
    {
        using var browser = server.OpenBrowser();
        browser.Open("/");

        var error = browser.WaitForText("#error", "Sign in");
        Assert.Contains("Sign in to continue", error, StringComparison.Ordinal);
        browser.WaitForText("#site-nav", "Sign up");
    }
}
