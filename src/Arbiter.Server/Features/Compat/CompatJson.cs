using System.Text.Json;

namespace Arbiter.Server.Features.Compat;

/// <summary>The adapters read bodies themselves, so malformed JSON gets their API's error
/// (Jobe's string, Piston's message) rather than Arbiter's ProblemDetails.</summary>
internal static class CompatJson
{
    /// <summary>The body as JSON, or an undefined element when it is not JSON.</summary>
    public static async Task<JsonElement> ReadAsync(HttpContext http, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: cancellationToken);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
