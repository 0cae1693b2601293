using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Arbiter.Bench;

/// <summary>
/// Submits through <c>POST /api/v1/submissions?wait=true</c> and returns the finished
/// submission. On a loaded machine a submission can outlast the service's 30 s wait and come
/// back 202 without a result; it is then polled with <c>GET</c> every 50 ms until it has one, so
/// the time measured is still the whole way to the result, and a slow run is a slow figure, not
/// a benchmark that stops.
/// </summary>
internal static class WaitedSubmission
{
    public static async Task<JsonElement> SubmitAsync(HttpClient http, string body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/api/v1/submissions?wait=true", content, cancellationToken);
        var submission = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        while (response.StatusCode == HttpStatusCode.Accepted && !Finished(submission))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            var id = submission.GetProperty("id").GetString();
            submission = await http.GetFromJsonAsync<JsonElement>($"/api/v1/submissions/{id}", cancellationToken);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"unexpected answer {(int)response.StatusCode}: {submission}");
        }

        return submission;
    }

    /// <summary>The run's stdout, or null when the submission has none (it failed, or did not finish).</summary>
    public static string? Stdout(JsonElement submission) =>
        submission.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object
        && result.TryGetProperty("run", out var run) && run.ValueKind == JsonValueKind.Object
            ? run.GetProperty("stdout").GetString()
            : null;

    private static bool Finished(JsonElement submission) =>
        submission.TryGetProperty("status", out var status) && status.GetString() is "Judged" or "Failed";
}
