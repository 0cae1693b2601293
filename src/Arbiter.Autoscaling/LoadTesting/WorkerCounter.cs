using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Autoscaling.LoadTesting;

/// <summary>
/// Counts the worker processes alive now from <c>GET /api/v1/workers</c>: those that beat within
/// <see cref="Fresh"/> and offer the language (or have not said yet). Tighter than the server's own
/// 30-second liveness, because a stopped worker leaves its row behind and the score counts
/// processes, not rows. Null when the server will not say (an older server, a key without rights).
/// </summary>
internal sealed class WorkerCounter(HttpClient http, string language)
{
    /// <summary>Two heartbeats (5 s apart) and some slack.</summary>
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(12);

    public async Task<int?> CountAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("api/v1/workers", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var document = await response.Content.ReadFromJsonAsync<JsonDocument>(cancellationToken).ConfigureAwait(false);
            if (document?.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            return document.RootElement.EnumerateArray().Count(Counts);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private bool Counts(JsonElement worker)
    {
        if (!worker.TryGetProperty("heartbeatAgeSeconds", out var age) || age.ValueKind != JsonValueKind.Number || age.GetDouble() > Fresh.TotalSeconds)
        {
            return false;
        }

        if (worker.TryGetProperty("capabilities", out var capabilities) && capabilities.ValueKind == JsonValueKind.Object
            && capabilities.TryGetProperty("offers", out var offers) && offers.ValueKind == JsonValueKind.Array)
        {
            return offers.EnumerateArray().Any(o => o.ValueKind == JsonValueKind.String && o.GetString() == language);
        }

        return true;
    }
}
