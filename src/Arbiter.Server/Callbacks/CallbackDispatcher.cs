using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Arbiter.Server.Features.Submissions;
using Arbiter.Storage;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Callbacks;

/// <summary>
/// POSTs a finished submission (the JSON its submitter's GET /api/v1/submissions/{id} gets, see
/// <see cref="ResultPolicy"/>) to its callback
/// URL, retrying with exponential backoff (1 s, 2 s, 4 s…) up to the configured attempts, and
/// records every attempt on the submission.
/// <para>
/// The store is the outbox: what is owed is read from it (finished, undelivered, attempts left),
/// never kept only in memory, so a restart, a crash between finishing a job and calling back,
/// or a dead worker loses no delivery — any worker process picks it up at its next scan. Each
/// attempt is claimed in the store before it is made, so among several processes exactly one
/// makes it. Delivery is at least once: a process that dies after the POST and before recording
/// the answer leaves the attempt "in progress", and it is tried again.
/// </para>
/// </summary>
internal sealed partial class CallbackDispatcher(
    IArbiterStore store,
    ResultPolicy policy,
    IHttpClientFactory clients,
    IOptions<ServerOptions> options,
    StoreOutage outage,
    TimeProvider time,
    ILogger<CallbackDispatcher> logger) : BackgroundService
{
    /// <summary>How far back finished submissions are looked at: a delivery still owed after a
    /// day (every worker down that long) is given up.</summary>
    private static readonly TimeSpan Window = TimeSpan.FromDays(1);

    /// <summary>The longest one POST may take (the named client's timeout); an attempt in
    /// progress for longer than this is taken as interrupted.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan IdleScan = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan BusyScan = TimeSpan.FromSeconds(1);

    private readonly Channel<bool> _nudges = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<string, byte> _delivering = new(StringComparer.Ordinal);

    /// <summary>A job finished here with a callback URL: look at the outbox now rather than at
    /// the next scan.</summary>
    public void Enqueue(string submissionId) => _nudges.Writer.TryWrite(true);

    /// <summary>Whether an attempt for the submission is being made by this process now.</summary>
    internal bool Delivering(string submissionId) => _delivering.ContainsKey(submissionId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var owed = 0;
            try
            {
                owed = await DispatchDueAsync(stoppingToken).ConfigureAwait(false);
                outage.Succeeded();
            }
            catch (StoreUnavailableException e)
            {
                outage.Failed("the callback dispatcher", e);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogScanFailed(logger, e.Message);
            }

            // The scan interval on the injected clock, as every other time here.
            using var interval = new CancellationTokenSource(owed > 0 ? BusyScan : IdleScan, time);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, interval.Token);
            try
            {
                await _nudges.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // the scan interval passed without a nudge
            }
        }
    }

    /// <summary>Claims and starts every attempt that is due; returns how many deliveries are
    /// still owed (due now or later).</summary>
    internal async Task<int> DispatchDueAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        var owed = await store.OwedCallbacksAsync(now - Window, options.Value.CallbackAttempts, 200, stoppingToken).ConfigureAwait(false);
        foreach (var callback in owed)
        {
            if (_delivering.ContainsKey(callback.SubmissionId) || DueAt(callback) > now)
            {
                continue;
            }

            var attempt = callback.Attempts + 1;
            if (await store.ClaimCallbackAsync(callback.SubmissionId, attempt, now, stoppingToken).ConfigureAwait(false)
                && _delivering.TryAdd(callback.SubmissionId, 0))
            {
                _ = DeliverAsync(callback.SubmissionId, attempt, stoppingToken);
            }
        }

        return owed.Count;
    }

    /// <summary>The first attempt at once; the next after 1 s, 2 s, 4 s… from the last answer; an
    /// attempt some process still holds only once it has had its full request time.</summary>
    private static DateTimeOffset DueAt(OwedCallback callback)
    {
        if (callback.LastAttemptAt is not { } last)
        {
            return DateTimeOffset.MinValue;
        }

        var backoff = TimeSpan.FromSeconds(Math.Pow(2, callback.Attempts - 1));
        return callback.InProgressSince is { } held && held >= last ? held + RequestTimeout + backoff : last + backoff;
    }

    private async Task DeliverAsync(string id, int attempt, CancellationToken stoppingToken)
    {
        try
        {
            var outcome = await PostAsync(id, attempt, stoppingToken).ConfigureAwait(false);
            await store.RecordCallbackAsync(outcome, stoppingToken).ConfigureAwait(false);
            if (!outcome.Delivered)
            {
                LogAttemptFailed(logger, id, attempt, outcome.Error);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogAttemptFailed(logger, id, attempt, e.Message);
        }
        catch (OperationCanceledException)
        {
            // shutting down: the attempt stays in progress and another process (or this one,
            // restarted) makes the next
        }
        finally
        {
            _delivering.TryRemove(id, out _);
        }
    }

    private async Task<CallbackAttempt> PostAsync(string id, int attempt, CancellationToken stoppingToken)
    {
        var record = await store.GetSubmissionAsync(id, stoppingToken).ConfigureAwait(false);
        if (record?.CallbackUrl is not { } url)
        {
            return new CallbackAttempt(id, attempt, time.GetUtcNow(), null, "the submission has no callback URL", false);
        }

        // What the submitter may read, no more: secret tests stay hidden from a student's URL.
        var view = await policy.CallbackViewAsync(record, stoppingToken).ConfigureAwait(false);
        try
        {
            // A plain body with a Content-Length: the simplest receivers handle it. A submission
            // sent through Judge0's API is PUT in Judge0's shape, as Judge0 calls back.
            var judge0 = Features.Compat.Judge0.Judge0Callback.Body(record, view);
            using var body = new StringContent(judge0 ?? JsonSerializer.Serialize(view, ServerJson.Options), System.Text.Encoding.UTF8, "application/json");
            using var request = new HttpRequestMessage(judge0 is null ? HttpMethod.Post : HttpMethod.Put, url) { Content = body };
            using var response = await clients.CreateClient(nameof(CallbackDispatcher)).SendAsync(request, stoppingToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return new CallbackAttempt(id, attempt, time.GetUtcNow(), status, response.IsSuccessStatusCode ? null : $"HTTP {status}", response.IsSuccessStatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
        {
            return new CallbackAttempt(id, attempt, time.GetUtcNow(), null, e.Message, false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback for {SubmissionId}, attempt {Attempt}, failed: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, string submissionId, int attempt, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for callbacks to deliver failed: {Error}")]
    private static partial void LogScanFailed(ILogger logger, string error);
}
