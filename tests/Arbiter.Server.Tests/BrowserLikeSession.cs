using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Server.Tests;

/// <summary>
/// What the web UI's fetch wrapper does: before each change (POST, PUT, PATCH, DELETE) it asks
/// for a fresh anti-forgery token and sends it in the header the server names. A fresh token
/// each time because the token belongs to the signed-in user, who changes at sign-in.
/// </summary>
internal sealed class BrowserLikeSession : DelegatingHandler
{
    public BrowserLikeSession()
        : base(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() })
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
        {
            using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(request.RequestUri!, "/api/v1/auth/antiforgery"));
            using var answer = await base.SendAsync(tokenRequest, cancellationToken);
            answer.EnsureSuccessStatusCode();
            var token = await answer.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            request.Headers.Remove(token.GetProperty("headerName").GetString()!);
            request.Headers.Add(token.GetProperty("headerName").GetString()!, token.GetProperty("token").GetString());
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
