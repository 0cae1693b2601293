using System.Text.Json;

namespace Arbiter.Cli.Client;

/// <summary>Polls a submission until it is judged or failed, quickly at first (most finish in
/// well under a second) and backing off to once a second for long queues.</summary>
internal sealed class SubmissionWaiter(ArbiterClient client, WaitProgress progress)
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(1);

    /// <summary>The finished submission, as <c>GET /api/v1/submissions/{id}</c> shows it.</summary>
    public async Task<JsonElement> WaitAsync(string id, CancellationToken cancellationToken)
    {
        var delay = FirstDelay;
        try
        {
            while (true)
            {
                var submission = await client.GetAsync($"api/v1/submissions/{Uri.EscapeDataString(id)}", cancellationToken);
                var status = submission.Text("status") ?? "?";
                if (IsFinished(status))
                {
                    return submission;
                }

                progress.Show(status, submission.Number("queuePosition"), submission.Text("waiting"));
                await progress.PauseAsync(delay, cancellationToken);
                delay = Next(delay);
            }
        }
        finally
        {
            progress.Done();
        }
    }

    public static bool IsFinished(string? status) => status is "Judged" or "Failed";

    /// <summary>The delay after <paramref name="delay"/>: half as long again, at most a second.</summary>
    public static TimeSpan Next(TimeSpan delay)
    {
        var next = delay * 1.5;
        return next < LongestDelay ? next : LongestDelay;
    }
}
