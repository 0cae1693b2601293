using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Web.Tests;

/// <summary>
/// A user set up through the API for a browser test: signed up, signed in once (cookie and
/// anti-forgery token) to create an API key, then calling the API with that key. Tests use it
/// to arrange what a test is not about; what a test is about goes through the browser.
/// </summary>
public sealed class ApiUser : IDisposable
{
    private readonly HttpClient _http;

    private ApiUser(string id, string name, string password, HttpClient http)
    {
        Id = id;
        Name = name;
        Password = password;
        _http = http;
    }

    public string Id { get; }

    public string Name { get; }

    public string Password { get; }

    /// <summary>Signs up <paramref name="name"/> (the server's first user becomes its admin).</summary>
    public static async Task<ApiUser> SignUpAsync(Uri server, string name, string password = "correct horse battery")
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var session = new HttpClient(handler, disposeHandler: false) { BaseAddress = server };
        var credentials = new { name, password };
        using (var signup = await session.PostAsJsonAsync("/api/v1/auth/signup", credentials, cancellationToken))
        {
            await EnsureAsync(signup, "sign up");
        }

        using (var login = await session.PostAsJsonAsync("/api/v1/auth/login", credentials, cancellationToken))
        {
            await EnsureAsync(login, "sign in");
        }

        var token = await session.GetFromJsonAsync<JsonElement>("/api/v1/auth/antiforgery", cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/keys") { Content = JsonContent.Create(new { name = "browser tests" }) };
        request.Headers.Add(token.GetProperty("headerName").GetString()!, token.GetProperty("token").GetString());
        using var created = await session.SendAsync(request, cancellationToken);
        await EnsureAsync(created, "create a key");
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("key").GetString();

        var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var me = await http.GetFromJsonAsync<JsonElement>("/api/v1/whoami", cancellationToken);
        return new ApiUser(me.GetProperty("id").GetString()!, name, password, http);
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        await EnsureAsync(response, $"GET {path}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    /// <summary>POSTs JSON and returns the answer's JSON (an empty object for an empty body).</summary>
    public async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, TestContext.Current.CancellationToken);
        await EnsureAsync(response, $"POST {path}");
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone();
    }

    /// <summary>Submits and waits until judged; returns the finished submission.</summary>
    public async Task<JsonElement> SubmitAsync(object body)
    {
        var id = (await PostAsync("/api/v1/submissions", body)).GetProperty("id").GetString();
        var deadline = DateTime.UtcNow + Browser.Timeout;
        while (true)
        {
            var submission = await GetAsync($"/api/v1/submissions/{id}");
            if (submission.GetProperty("status").GetString() is "Judged" or "Failed")
            {
                return submission;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Waited {Browser.Timeout.TotalSeconds} s for submission {id} to be judged.");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Fail($"Could not {what}: {(int)response.StatusCode} {body}");
        }
    }

    public void Dispose() => _http.Dispose();
}
