using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Arbiter.Autoscaling.Scoring;
using Arbiter.Autoscaling.Traces;

namespace Arbiter.Autoscaling.LoadTesting;

/// <summary>
/// Replays a trace against a running Arbiter, open-loop: each request is sent at its scheduled time
/// (<see cref="ArrivalSchedule"/>) whether or not earlier ones have been answered, as
/// <c>POST /api/v1/submissions?wait=true</c>; a 202 (not finished within the server's wait) is
/// followed by reads of the submission until it finishes. A request succeeds when its submission
/// is judged within the timeout, measured from its scheduled time (so a late send counts against
/// the server, not lost); anything else (an error status, a failed job, no answer in time) fails.
/// The live workers are counted every second. The run is scored as the simulator scores.
/// </summary>
public sealed class LoadTestRunner(HttpClient http, LoadTestOptions options, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private readonly IntervalRecorder _recorder = new(options.BatchSeconds);
    private readonly Lock _gate = new();
    private readonly List<double> _recentLatencies = [];
    private long _inFlight;
    private int? _lastReplicas;

    /// <summary>True once the server has reported its workers at least once.</summary>
    public bool ReplicasReported { get; private set; }

    public async Task<ScoredRun> RunAsync(Trace trace, IProgress<LoadTestProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trace);
        using var body = JsonContent.Create(new { language = options.Language, source = options.Source });
        var payload = await body.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var start = time.GetTimestamp();
        double Elapsed() => time.GetElapsedTime(start).TotalSeconds;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var end = (double)trace.Seconds;
        var sampler = SampleWorkersAsync(Elapsed, () => end, progress, stop.Token);
        var requests = new List<Task>();
        long count = 0;
        var lastDue = 0.0;
        foreach (var due in ArrivalSchedule.Arrivals(trace, options.MaxRequests, options.Arrivals, options.Seed))
        {
            count++;
            lastDue = due;
            var wait = due - Elapsed();
            if (wait > 0.001)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait), time, cancellationToken).ConfigureAwait(false);
            }

            lock (_gate)
            {
                _recorder.RecordSent(due);
            }

            Interlocked.Increment(ref _inFlight);
            requests.Add(SendAsync(payload, due, Elapsed, cancellationToken));
        }

        if (count == options.MaxRequests)
        {
            // Cut short by --max-requests: the run ends with the second of the last request.
            end = Math.Min(end, Math.Ceiling(lastDue + 1e-9));
        }

        var remaining = end - Elapsed();
        if (remaining > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(remaining), time, cancellationToken).ConfigureAwait(false);
        }

        await Task.WhenAll(requests).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        lock (_gate)
        {
            var duration = end;
            var intervals = _recorder.Build(duration);
            var summary = RunSummary.From("loadtest", trace.Name, null, _recorder, intervals, duration, options.Penalty);
            return new ScoredRun(summary, intervals);
        }
    }

    private async Task SendAsync(byte[] payload, double due, Func<double> elapsed, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var left = options.Timeout - TimeSpan.FromSeconds(Math.Max(0, elapsed() - due));
        deadline.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        var ok = false;
        try
        {
            ok = await SubmitAndWaitAsync(payload, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            ok = false;
        }
        finally
        {
            var latency = elapsed() - due;
            lock (_gate)
            {
                if (ok && latency <= options.Timeout.TotalSeconds)
                {
                    _recorder.Success(due, latency);
                    _recentLatencies.Add(latency);
                }
                else
                {
                    _recorder.Failure(due);
                }
            }

            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<bool> SubmitAndWaitAsync(byte[] payload, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(new Uri("api/v1/submissions?wait=true", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return Finished(await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false)) == true;
        }

        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            return false;
        }

        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        var id = accepted.TryGetProperty("id", out var value) ? value.GetString() : null;
        if (string.IsNullOrEmpty(id))
        {
            return false;
        }

        while (true)
        {
            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
            using var read = await http.GetAsync(new Uri($"api/v1/submissions/{Uri.EscapeDataString(id)}", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            if (!read.IsSuccessStatusCode)
            {
                return false;
            }

            if (Finished(await read.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false)) is { } done)
            {
                return done;
            }
        }
    }

    /// <summary>True when judged, false when failed, null while still queued or running.</summary>
    private static bool? Finished(JsonElement submission) =>
        submission.TryGetProperty("status", out var status) ? status.GetString() switch
        {
            "Judged" => true,
            "Failed" => false,
            _ => null,
        } : false;

    private async Task SampleWorkersAsync(Func<double> elapsed, Func<double> end, IProgress<LoadTestProgress>? progress, CancellationToken cancellationToken)
    {
        var counter = new WorkerCounter(http, options.Language);
        using var timer = new PeriodicTimer(options.ReplicaSampleInterval, time);
        try
        {
            do
            {
                var replicas = await counter.CountAsync(cancellationToken).ConfigureAwait(false);
                var now = elapsed();
                lock (_gate)
                {
                    if (replicas is { } count)
                    {
                        ReplicasReported = true;
                        _lastReplicas = count;
                        // Only during the trace: the minute of stragglers after it is not scored.
                        if (now < end())
                        {
                            _recorder.Replicas(now, count);
                        }
                    }

                    progress?.Report(Snapshot(now));
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the run is over
        }
    }

    private LoadTestProgress Snapshot(double now)
    {
        double? p50 = null, p95 = null;
        if (_recentLatencies.Count > 0)
        {
            _recentLatencies.Sort();
            p50 = _recentLatencies[(int)Math.Ceiling(0.5 * _recentLatencies.Count) - 1] * 1000;
            p95 = _recentLatencies[(int)Math.Ceiling(0.95 * _recentLatencies.Count) - 1] * 1000;
            _recentLatencies.Clear();
        }

        return new LoadTestProgress(now, _recorder.Sent, _recorder.Succeeded, _recorder.Failed, Interlocked.Read(ref _inFlight), p50, p95, _lastReplicas);
    }
}
