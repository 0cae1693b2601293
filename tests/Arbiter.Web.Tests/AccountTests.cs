using System.Net;
using System.Net.Http.Headers;

namespace Arbiter.Web.Tests;

[Collection(SharedWebServer.Name)]
public sealed class AccountTests(WebServer server)
{
    [Fact]
    public async Task SignUp_WithNext_LandsThere_AndTheAccountPageCreatesAndRevokesKeys()
    {
        var name = "user" + Guid.NewGuid().ToString("N")[..8];
        using var browser = server.OpenBrowser();
        browser.Open("/signup?next=%2Faccount");
        browser.Type("#name", name);
        browser.Type("#password", "correct horse battery");
        browser.Click("button[type='submit']");

        Browser.Until(() => new Uri(browser.Driver.Url).AbsolutePath == "/account", "the account page");
        browser.WaitUntilReady();
        browser.WaitForText("#me-name", name);
        browser.WaitForText("#site-nav", name);
        Assert.Contains($"arbiter login --server {server.Address.GetLeftPart(UriPartial.Authority)}", browser.WaitFor("#cli-login").Text, StringComparison.Ordinal);

        browser.Type("#key-name", "laptop");
        browser.Click("#new-key button[type='submit']");
        var secret = Browser.Until(() => browser.WaitFor("#secret").GetDomProperty("value") is { Length: > 0 } value ? value : null, "the new key");
        Assert.StartsWith("arb_", secret, StringComparison.Ordinal);
        browser.WaitForText("#keys tbody", "laptop");
        Assert.Equal(HttpStatusCode.OK, await KeysStatusAsync(secret));

        browser.Click("#keys tbody button");
        browser.WaitForText("#keys tbody", "revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, await KeysStatusAsync(secret));
    }

    [Fact]
    public void SignIn_NextPointingElsewhere_GoesHomeInstead()
    {
        var name = "user" + Guid.NewGuid().ToString("N")[..8];
        using var browser = server.OpenBrowser();
        browser.Open("/signup?next=https%3A%2F%2Fexample.org%2F");
        browser.Type("#name", name);
        browser.Type("#password", "correct horse battery");
        browser.Click("button[type='submit']");

        Browser.Until(() => new Uri(browser.Driver.Url) is { Host: "127.0.0.1", AbsolutePath: "/" }, "the playground");
        browser.WaitUntilReady();
        browser.WaitForText("#site-nav", name);
    }

    [Fact]
    public async Task AccountPage_ChangesThePassword_OnlyWithTheCurrentOne()
    {
        var name = "user" + Guid.NewGuid().ToString("N")[..8];
        using var browser = server.OpenBrowser();
        browser.Open("/signup?next=%2Faccount");
        browser.Type("#name", name);
        browser.Type("#password", "correct horse battery");
        browser.Click("button[type='submit']");
        Browser.Until(() => new Uri(browser.Driver.Url).AbsolutePath == "/account", "the account page");
        browser.WaitUntilReady();

        browser.Type("#current-password", "not my password");
        browser.Type("#new-password", "staple battery horse");
        browser.Click("#change-password button[type='submit']");
        browser.WaitForText("#password-error", "current password is wrong");

        browser.Type("#current-password", "correct horse battery");
        browser.Type("#new-password", "staple battery horse");
        browser.Click("#change-password button[type='submit']");
        browser.WaitForText("#password-changed", "changed");

        Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync(name, "correct horse battery"));
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync(name, "staple battery horse"));
    }

    private async Task<HttpStatusCode> LoginStatusAsync(string name, string password)
    {
        using var response = await server.Http.PostAsync("/api/v1/auth/login",
            System.Net.Http.Json.JsonContent.Create(new { name, password }), TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private async Task<HttpStatusCode> KeysStatusAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/keys");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await server.Http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
