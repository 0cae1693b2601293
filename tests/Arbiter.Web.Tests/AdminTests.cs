using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OpenQA.Selenium;

namespace Arbiter.Web.Tests;

/// <summary>
/// The admin dashboard on a server closed to anonymous callers. Whichever test runs first signs
/// up <see cref="AdminName"/>, the server's first user and so its admin; the other finds it there.
/// </summary>
public sealed class AdminTests(ClosedServer server) : IClassFixture<ClosedServer>
{
    private const string AdminName = "root";
    private const string AdminPassword = "correct horse battery";

    [Fact]
    public async Task Dashboard_AsAdmin_ShowsQueueSharesWorkersChartJobsAndLogs_DrainsAndResumes_ChangesARole()
    {
        var key = await AdminKeyAsync();
        var finished = new List<JsonElement>
        {
            await SubmitAsync(key, new { language = "python3", source = "print(6 * 7)\n" }),
            await SubmitAsync(key, new { language = "c", source = "int main( {\n" }),
            await SubmitAsync(key, new { language = "python3", problem = "sum", source = "a, b = map(int, input().split())\nprint(a - b)\n" }),
        };
        var verdicts = finished.Select(s => s.GetProperty("verdict").GetString()!).ToList();
        Assert.Equal(["OK", "CE", "WA"], verdicts);
        var student = "student" + Guid.NewGuid().ToString("N")[..8];
        using (var signup = await server.Http.PostAsJsonAsync("/api/v1/auth/signup", new { name = student, password = "student password" }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Created, signup.StatusCode);
        }

        // The worker reports its probed languages with its next heartbeat.
        var (workerId, languages) = await ProbedWorkerAsync(key);
        var row = $"#workers tr[data-worker='{workerId}']";

        // A job still running or waiting when the page loads (a minute, so that a slow browser on a
        // loaded machine still finds it running): the queue by owner shows it.
        using (var slow = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions")
        {
            Content = JsonContent.Create(new { language = "python3", source = "import time\ntime.sleep(60)\n", limits = new { cpuTimeMs = 1000, wallTimeMs = 90000 } }),
        })
        {
            slow.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var accepted = await server.Http.SendAsync(slow, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using var browser = server.OpenBrowser();
        SignIn(browser, "/admin");
        browser.ConsoleErrors(); // the sign-in page's own "who is this?" before signing in
        // Refreshing re-renders the tables every 5 s; the test clicks rows, so it stops that.
        browser.Click("#auto-refresh");
        var share = browser.WaitForText("#shares tbody", AdminName);
        Assert.Matches("1", share);

        Assert.Matches("^[0-9]+$", browser.WaitFor("#card-queue").Text);
        Assert.Contains("of", browser.WaitFor("#card-workers").Text, StringComparison.Ordinal);
        var workerText = browser.WaitForText(row, "working");
        Assert.Equal(languages.ToString(System.Globalization.CultureInfo.InvariantCulture), browser.WaitFor($"{row} td").Text);
        Assert.Contains("ago", workerText, StringComparison.Ordinal);
        Assert.DoesNotContain("stale", workerText, StringComparison.Ordinal);

        Browser.Until(() => browser.Script("return document.querySelectorAll('#chart svg .bar rect').length") is long bars && bars > 0, "a bar in the chart");
        var summary = (string)browser.Script("return document.querySelector('#chart svg').getAttribute('aria-label')")!;
        Assert.Contains("3 in all", summary, StringComparison.Ordinal);
        var numbers = (string)browser.Script("return document.getElementById('activity-table').textContent")!;
        Assert.All(verdicts, v => Assert.Contains(v, numbers, StringComparison.Ordinal));
        browser.WaitForText("#chart-legend", "WA");

        foreach (var submission in finished)
        {
            var ticket = submission.GetProperty("ticket").GetString()!;
            browser.WaitForText("#recent", ticket);
            var link = browser.WaitFor($"#recent a[href='/attempts/{submission.GetProperty("id").GetString()}']");
            Assert.Equal(ticket, link.Text);
        }

        // A worker's own line (per-job lines are Debug, below what the dashboard keeps).
        browser.WaitForText("#logs", "Arbiter.Server.Jobs.LanguageProbing");

        browser.Click($"{row} button[data-focus-key='drain:{workerId}']");
        browser.WaitForText(row, "draining");
        Assert.True(await WorkerFlagAsync(key, workerId, "draining"));
        browser.Click($"{row} button[data-focus-key='resume:{workerId}']");
        browser.WaitForText(row, "working");
        Assert.False(await WorkerFlagAsync(key, workerId, "draining"));

        // Stop asks first; Cancel (where the focus starts) or Escape leaves the worker alone.
        browser.WaitFor($"{row} button[data-focus-key='stop:{workerId}']").SendKeys(Keys.Enter);
        Browser.Until(() => browser.Script("return document.getElementById('confirm-stop').open") is true, "the stop confirmation");
        Assert.Equal("confirm-stop-no", browser.Script("return document.activeElement.id"));
        browser.Driver.SwitchTo().ActiveElement().SendKeys(Keys.Escape);
        Browser.Until(() => browser.Script("return document.getElementById('confirm-stop').open") is false, "the confirmation to close");
        Assert.False(await WorkerFlagAsync(key, workerId, "stopRequested"));

        browser.Click($"#users tr[data-user='{student}'] option[value='staff']");
        browser.Click($"#users tr[data-user='{student}'] button");
        browser.WaitForText("#users-status", $"{student} is now staff");
        var users = await GetAsync(key, "/api/v1/users");
        Assert.Equal("staff", users.EnumerateArray().Single(u => u.GetProperty("name").GetString() == student).GetProperty("role").GetString());

        var studentId = users.EnumerateArray().Single(u => u.GetProperty("name").GetString() == student).GetProperty("id").GetString();
        browser.Click($"#reset-user option[value='{studentId}']");
        browser.Type("#reset-new-password", "set by the admin");
        browser.Click("#reset-password button[type='submit']");
        browser.WaitForText("#users-status", $"{student} has a new password");
        using (var fresh = new HttpClient { BaseAddress = server.Address })
        using (var login = await fresh.PostAsJsonAsync("/api/v1/auth/login", new { name = student, password = "set by the admin" }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        Assert.Empty(browser.ConsoleErrors());
    }

    [Fact]
    public async Task Dashboard_AsStudent_SaysItNeedsAHigherRole_AndSignedOut_AsksToSignIn()
    {
        await AdminKeyAsync();
        using var browser = server.OpenBrowser();
        browser.Open("/admin");
        browser.WaitForText("#error", "Sign in");
        Assert.DoesNotContain(browser.Driver.FindElements(By.CssSelector("#dashboard, #workers")), e => e.Displayed);

        var name = "student" + Guid.NewGuid().ToString("N")[..8];
        browser.Open("/signup?next=%2Fadmin");
        browser.Type("#name", name);
        browser.Type("#password", "student password");
        browser.Click("button[type='submit']");
        Browser.Until(() => new Uri(browser.Driver.Url).AbsolutePath == "/admin", "the admin page");
        browser.WaitUntilReady();

        browser.WaitForText("#error", "This needs a higher role.");
        Assert.DoesNotContain(browser.Driver.FindElements(By.CssSelector("#dashboard, #workers")), e => e.Displayed);
    }

    /// <summary>Signs up the admin unless an earlier test did, and returns an API key of theirs.</summary>
    private async Task<string> AdminKeyAsync()
    {
        var token = TestContext.Current.CancellationToken;
        using (var signup = await server.Http.PostAsJsonAsync("/api/v1/auth/signup", new { name = AdminName, password = AdminPassword }, token))
        {
            Assert.True(signup.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"sign-up answered {signup.StatusCode}");
        }

        using var session = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = server.Address };
        using (var login = await session.PostAsJsonAsync("/api/v1/auth/login", new { name = AdminName, password = AdminPassword }, token))
        {
            login.EnsureSuccessStatusCode();
            Assert.Equal("admin", (await login.Content.ReadFromJsonAsync<JsonElement>(token)).GetProperty("role").GetString());
        }

        var antiforgery = await session.GetFromJsonAsync<JsonElement>("/api/v1/auth/antiforgery", token);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/keys") { Content = JsonContent.Create(new { name = "dashboard test" }) };
        request.Headers.Add(antiforgery.GetProperty("headerName").GetString()!, antiforgery.GetProperty("token").GetString());
        using var created = await session.SendAsync(request, token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>(token)).GetProperty("key").GetString()!;
    }

    private static void SignIn(Browser browser, string next)
    {
        browser.Open($"/login?next={Uri.EscapeDataString(next)}");
        browser.Type("#name", AdminName);
        browser.Type("#password", AdminPassword);
        browser.Click("button[type='submit']");
        Browser.Until(() => new Uri(browser.Driver.Url).AbsolutePath == next, next);
        browser.WaitUntilReady();
    }

    /// <summary>Submits and waits until the submission is judged or failed.</summary>
    private async Task<JsonElement> SubmitAsync(string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions?wait=true") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await server.Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"submit answered {response.StatusCode}");
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString();
        var deadline = DateTime.UtcNow + Browser.Timeout;
        while (true)
        {
            var submission = await GetAsync(key, $"/api/v1/submissions/{id}");
            if (submission.GetProperty("status").GetString() is "Judged" or "Failed")
            {
                return submission;
            }

            Assert.True(DateTime.UtcNow < deadline, $"submission {id} did not finish: {submission}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits until a live worker reports languages; its id and how many it can run.</summary>
    private async Task<(string Id, int Languages)> ProbedWorkerAsync(string key)
    {
        var deadline = DateTime.UtcNow + Browser.Timeout;
        while (true)
        {
            foreach (var worker in (await GetAsync(key, "/api/v1/workers")).EnumerateArray().Where(w => w.GetProperty("alive").GetBoolean()))
            {
                var languages = worker.GetProperty("capabilities").GetProperty("languages").EnumerateArray().Count(l => l.GetProperty("available").GetBoolean());
                if (languages > 0)
                {
                    return (worker.GetProperty("id").GetString()!, languages);
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "no live worker reported its languages");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    private async Task<bool> WorkerFlagAsync(string key, string workerId, string flag) =>
        (await GetAsync(key, "/api/v1/workers")).EnumerateArray().Single(w => w.GetProperty("id").GetString() == workerId).GetProperty(flag).GetBoolean();

    private async Task<JsonElement> GetAsync(string key, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await server.Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {response.StatusCode}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }
}
