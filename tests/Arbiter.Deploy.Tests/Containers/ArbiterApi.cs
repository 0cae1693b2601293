using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Deploy.Tests.Containers;

/// <summary>What the container tests ask a containerised API: which languages its live workers
/// offer, and waiting until something holds (with the containers' logs when it never does).</summary>
internal static class ArbiterApi
{
    /// <summary>The languages the API's live workers offer, or null while it does not answer.</summary>
    public static async Task<HashSet<string>?> OffersAsync(HttpClient http)
    {
        try
        {
            var workers = await http.GetFromJsonAsync<JsonElement>("/api/v1/workers", TestContext.Current.CancellationToken);
            return workers.EnumerateArray()
                .Where(w => w.GetProperty("capabilities").TryGetProperty("offers", out var o) && o.ValueKind == JsonValueKind.Array)
                .SelectMany(w => w.GetProperty("capabilities").GetProperty("offers").EnumerateArray().Select(o => o.GetString()!))
                .ToHashSet();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan timeout, Func<Task<string>> logs)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}:\n{await logs()}");
            }

            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }
}
