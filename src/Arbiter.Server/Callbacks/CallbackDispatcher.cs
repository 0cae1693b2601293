using System.Text.Json;
using System.Threading.Channels;
using Arbiter.Server.Features.Submissions;
using Arbiter.Storage;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Callbacks;

/// <summary>
/// POSTs a finished submission (the same JSON as GET /api/v1/submissions/{id}) to its callback
/// URL, retrying with exponential backoff (1 s, 2 s, 4 s…) up to the configured attempts. Every
/// attempt is recorded on the submission; a delivery that never succeeds loses nothing, since the
/// result stays in the store.
/// </summary>
internal sealed partial class CallbackDispatcher(
    IArbiterStore store,
    IHttpClientFactory clients,
    IOptions<ServerOptions> options,
    TimeProvider time,
    ILogger<CallbackDispatcher> logger) : BackgroundService
{
    private readonly Channel<string> _pending = Channel.CreateUnbounded<string>();

    public void Enqueue(string submissionId) => _pending.Writer.TryWrite(submissionId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in _pending.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            _ = DeliverAsync(id, stoppingToken);
        }
    }

    private async Task DeliverAsync(string id, CancellationToken stoppingToken)
    {
        var record = await store.GetSubmissionAsync(id, stoppingToken).ConfigureAwait(false);
        if (record?.CallbackUrl is not { } url)
        {
            return;
        }

        var view = SubmissionView.From(record, await store.GetHistoryAsync(id, stoppingToken).ConfigureAwait(false), null, []);
        var client = clients.CreateClient(nameof(CallbackDispatcher));
        for (var attempt = 1; attempt <= options.Value.CallbackAttempts; attempt++)
        {
            int? status = null;
            string? error = null;
            try
            {
                // A plain body with a Content-Length: the simplest receivers handle it.
                using var body = new StringContent(JsonSerializer.Serialize(view, ServerJson.Options), System.Text.Encoding.UTF8, "application/json");
                using var response = await client.PostAsync(url, body, stoppingToken).ConfigureAwait(false);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    await store.RecordCallbackAsync(new CallbackAttempt(id, attempt, time.GetUtcNow(), status, null, true), stoppingToken).ConfigureAwait(false);
                    return;
                }

                error = $"HTTP {status}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                error = e.Message;
            }

            await store.RecordCallbackAsync(new CallbackAttempt(id, attempt, time.GetUtcNow(), status, error, false), stoppingToken).ConfigureAwait(false);
            LogAttemptFailed(logger, id, attempt, error);
            await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt - 1)), time, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback for {SubmissionId}, attempt {Attempt}, failed: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, string submissionId, int attempt, string? error);
}
