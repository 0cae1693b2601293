using System.Net;
using System.Text.Json;

namespace Arbiter.Cli.Client;

/// <summary>
/// An error answer in plain words. The server's errors are ProblemDetails (title, detail,
/// errors); a 401 tells how to sign in, a 429 when to try again, and each status class has its
/// own exit code so scripts can tell "fix the request" from "sign in" from "try later".
/// </summary>
internal static class ServerError
{
    public static ClientException From(HttpStatusCode status, string body, TimeSpan? retryAfter, Uri server, bool sentKey)
    {
        var said = Describe(status, body);
        var (message, exitCode) = (int)status switch
        {
            401 => ((sentKey ? "not signed in (the server refused the API key: it is unknown or was revoked)" : "not signed in")
                + $": run arbiter login --server {Display(server)}\n  the server said: {said}", ExitCodes.NotSignedIn),
            403 => ($"not allowed: {said}", ExitCodes.NotSignedIn),
            429 => ($"{said}\n  retry after {(retryAfter is { } wait ? $"{Math.Ceiling(wait.TotalSeconds):0} s" : "a while")}", ExitCodes.RateLimited),
            >= 500 => ($"the server at {Display(server)} failed ({(int)status}): {said}", ExitCodes.Unreachable),
            _ => (said, ExitCodes.Usage),
        };
        return new ClientException(message, exitCode, status);
    }

    /// <summary>The server's URL as people type it: no trailing slash.</summary>
    public static string Display(Uri server) => server.ToString().TrimEnd('/');

    /// <summary>"title: detail" and every listed error not already in the detail; the bare status
    /// when the body is not a ProblemDetails.</summary>
    private static string Describe(HttpStatusCode status, string body)
    {
        var fallback = $"{(int)status} {status}";
        JsonElement problem;
        try
        {
            using var document = JsonDocument.Parse(body);
            problem = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return body.Length is > 0 and < 300 ? $"{fallback}: {body.Trim()}" : fallback;
        }

        var title = problem.Text("title");
        var detail = problem.Text("detail");
        var parts = new List<string>();
        // ASP.NET Core's default title is only the status's name: say the code with it.
        if (title is not null && !string.Equals(title.Replace(" ", "", StringComparison.Ordinal), status.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            parts.Add(title.TrimEnd('.'));
        }

        if (detail is not null)
        {
            parts.Add(detail);
        }

        var text = parts.Count > 0 ? string.Join(": ", parts) : fallback;
        if (problem.Field("errors") is { ValueKind: JsonValueKind.Object } errors)
        {
            foreach (var field in errors.EnumerateObject())
            {
                var messages = field.Value.ValueKind == JsonValueKind.Array ? field.Value.EnumerateArray().Select(m => m.ToString()) : [field.Value.ToString()];
                foreach (var message in messages.Where(m => detail?.Contains(m, StringComparison.Ordinal) != true))
                {
                    text += $"\n  {field.Name}: {message}";
                }
            }
        }

        return text;
    }
}
