using Arbiter.Storage;

namespace Arbiter.Server.Jobs;

/// <summary>
/// A job's progress (Compiling, Running) on its way to the store, in as few writes as the job's
/// length allows. A change waits in memory for up to <see cref="HoldBack"/>: a job that finishes
/// sooner hands its changes to its completion (<see cref="TakeHeldBackAsync"/>), which records
/// them with their own times in the same transaction, so a cached run costs one write instead of
/// three; a longer job's changes are written when the hold-back ends, so anyone watching sees
/// them while it runs. Nothing promised is lost: progress is bookkeeping, and a job whose worker
/// dies runs again from its lease either way.
/// </summary>
internal sealed partial class JobProgress(IJobLeases store, string submissionId, string workerId, TimeProvider time, ILogger logger, TimeSpan holdBack) : IDisposable
{
    /// <summary>How long a change waits for the job's completion before it is written alone:
    /// short enough that nobody watching a longer job notices, longer than a cached run.</summary>
    public static readonly TimeSpan HoldBack = TimeSpan.FromMilliseconds(200);

    private readonly List<StatusChange> _held = [];
    private ITimer? _timer;
    private Task _writing = Task.CompletedTask;
    private bool _completing;

    /// <summary>Notes a change now; it reaches the store with the completion or once the hold-back ends.</summary>
    public void Report(SubmissionStatus status, string? detail)
    {
        lock (_held)
        {
            if (_completing)
            {
                return;
            }

            _held.Add(new StatusChange(status, time.GetUtcNow(), workerId, detail));
            _timer ??= time.CreateTimer(_ => Flush(), null, holdBack, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Stops writing and returns what was not written yet, in order, for the
    /// completion to carry; once any write already under way has finished.</summary>
    public async Task<IReadOnlyList<StatusChange>> TakeHeldBackAsync()
    {
        List<StatusChange> held;
        Task writing;
        lock (_held)
        {
            _completing = true;
            _timer?.Dispose();
            held = [.. _held];
            _held.Clear();
            writing = _writing;
        }

        await writing.ConfigureAwait(false);
        return held;
    }

    public void Dispose()
    {
        lock (_held)
        {
            _completing = true;
            _timer?.Dispose();
        }
    }

    /// <summary>The hold-back ended before the job did: write what is held, and from now on
    /// each change as it comes (the timer fires once; later changes start it again).</summary>
    private void Flush()
    {
        lock (_held)
        {
            if (_completing || _held.Count == 0)
            {
                return;
            }

            var batch = _held.ToList();
            _held.Clear();
            _timer?.Dispose();
            _timer = null;
            _writing = WriteAfterAsync(_writing, batch);
        }
    }

    private async Task WriteAfterAsync(Task previous, List<StatusChange> batch)
    {
        await previous.ConfigureAwait(false);
        foreach (var change in batch)
        {
            try
            {
                await store.SetStatusAsync(submissionId, workerId, change.Status, change.Detail, change.At, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Progress is bookkeeping: the job goes on, and its completion says how it ended.
                LogProgressFailed(logger, submissionId, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {SubmissionId}: recording its progress failed: {Reason}")]
    private static partial void LogProgressFailed(ILogger logger, string submissionId, string reason);
}
