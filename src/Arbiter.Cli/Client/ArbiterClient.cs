using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Cli.Client;

/// <summary>
/// The Arbiter REST API over HTTP for the client commands: JSON in, <see cref="JsonElement"/>
/// out. Every failure becomes a <see cref="ClientException"/> with a one-line reason (server
/// unreachable, no answer in time, an error answer in the server's own words), never a stack
/// trace. An API key goes as <c>Authorization: Bearer</c>; a cookie container, when given, keeps
/// the session of a password sign-in.
/// </summary>
internal sealed class ArbiterClient : IDisposable
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public ArbiterClient(Uri server, string? key, CookieContainer? cookies = null, TimeProvider? time = null)
    {
        Server = server;
        _time = time ?? TimeProvider.System;
        SendsKey = key is not null;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            AllowAutoRedirect = false,
        };
        _http = new HttpClient(handler) { BaseAddress = server, Timeout = RequestTimeout };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("arbiter-cli", typeof(ArbiterClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
        if (key is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
    }

    public Uri Server { get; }

    /// <summary>Requests carry an API key (so a 401 means the key was refused).</summary>
    public bool SendsKey { get; }

    /// <summary>An absolute http(s) URL, or why not; "host:port" alone gets http://.</summary>
    public static Uri ParseServer(string text)
    {
        var value = text.Trim();
        if (!value.Contains("://", StringComparison.Ordinal))
        {
            value = "http://" + value;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.Host.Length == 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new ClientException($"'{text}' is not a server URL (like http://127.0.0.1:5180)", ExitCodes.Usage);
        }

        // Relative API paths resolve under the server's path, so keep it ending in '/'.
        return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
    }

    /// <summary>Sends <paramref name="name"/>: <paramref name="value"/> with every later request
    /// (the anti-forgery token a cookie session needs for changes).</summary>
    public void AddHeader(string name, string value) => _http.DefaultRequestHeaders.Add(name, value);

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, Relative(path)), cancellationToken);

    public Task<JsonElement> PostAsync<T>(string path, T body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, Relative(path)) { Content = JsonContent.Create(body) }, cancellationToken);

    public Task<JsonElement> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, Relative(path)), cancellationToken);

    public void Dispose() => _http.Dispose();

    private static string Relative(string path) => path.TrimStart('/');

    /// <summary>The answer's JSON (an undefined element for an empty body, such as a 204).</summary>
    private async Task<JsonElement> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new ClientException($"cannot reach the server at {ServerError.Display(Server)}: {Reason(e)}", ExitCodes.Unreachable);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ClientException($"the server at {ServerError.Display(Server)} did not answer within {RequestTimeout.TotalSeconds:0} s", ExitCodes.Unreachable);
            }

            using (response)
            {
                string body;
                try
                {
                    body = await response.Content.ReadAsStringAsync(cancellationToken);
                }
                catch (HttpRequestException e)
                {
                    throw new ClientException($"the connection to {ServerError.Display(Server)} broke: {Reason(e)}", ExitCodes.Unreachable);
                }

                if (!response.IsSuccessStatusCode)
                {
                    var retryAfter = response.Headers.RetryAfter is { } retry
                        ? retry.Delta ?? (retry.Date is { } date ? date - _time.GetUtcNow() : null)
                        : null;
                    throw ServerError.From(response.StatusCode, body, retryAfter, Server, SendsKey);
                }

                if (body.Length == 0)
                {
                    return default;
                }

                try
                {
                    using var document = JsonDocument.Parse(body);
                    return document.RootElement.Clone();
                }
                catch (JsonException)
                {
                    throw new ClientException($"{ServerError.Display(Server)} answered {request.RequestUri} with something that is not JSON: " +
                        $"is it an Arbiter server?", ExitCodes.Unreachable);
                }
            }
        }
    }

    /// <summary>The innermost message ("Connection refused (127.0.0.1:1)"), not the wrapper's.</summary>
    private static string Reason(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }
}
