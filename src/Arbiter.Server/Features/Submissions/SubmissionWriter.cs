using System.Threading.Channels;
using Arbiter.Storage;

namespace Arbiter.Server.Features.Submissions;

/// <summary>
/// Group commit for the accept path: requests arriving together (a single submission or a
/// batch) are stored in one transaction (one disk sync instead of one each), and every request
/// is answered only after the transaction that holds it committed. A group that fails (a ticket
/// taken meanwhile) is retried one request at a time; a request that conflicts again gets fresh
/// tickets for all its submissions, so a batch stays all or nothing. A request whose
/// idempotency key is taken fails alone with <see cref="IdempotencyKeyTakenException"/>.
/// </summary>
internal sealed class SubmissionWriter : BackgroundService
{
    private const int MaxGroup = 256;
    private const int MaxAttempts = 6;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    private readonly ISubmissionStore _store;

    public SubmissionWriter(ISubmissionStore store) => _store = store;

    /// <summary>Stores the submission durably; returns it as stored (its ticket may have changed).</summary>
    public async Task<NewSubmission> AddAsync(NewSubmission submission, CancellationToken cancellationToken) =>
        (await AddManyAsync([submission], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Stores the submissions durably in one transaction, all or none; returns them as
    /// stored, in order (their tickets may have changed).</summary>
    public async Task<IReadOnlyList<NewSubmission>> AddManyAsync(IReadOnlyList<NewSubmission> submissions, CancellationToken cancellationToken)
    {
        var pending = new Pending(submissions, new TaskCompletionSource<IReadOnlyList<NewSubmission>>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        return await pending.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var group = new List<Pending>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        Pending? next = null;
        while (next is not null || await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            group.Clear();
            keys.Clear();
            var count = 0;
            while (count < MaxGroup && (next is not null || _queue.Reader.TryRead(out next)))
            {
                // Two requests under one idempotency key (a client retrying at once) must not share
                // a transaction: the store would take them for one batch under that key. The later
                // one waits for the next group, where it finds the key taken and gets the first.
                var claimed = next.Submissions.Select(s => s.Idempotency?.Key).OfType<string>().ToList();
                if (claimed.Exists(keys.Contains))
                {
                    break;
                }

                keys.UnionWith(claimed);
                group.Add(next);
                count += next.Submissions.Count;
                next = null;
            }

            try
            {
                await _store.AddSubmissionsAsync(group.SelectMany(p => p.Submissions).ToList(), stoppingToken).ConfigureAwait(false);
                foreach (var pending in group)
                {
                    pending.Done.TrySetResult(pending.Submissions);
                }
            }
            catch (Exception e) when (e is StoreConflictException or IdempotencyKeyTakenException)
            {
                foreach (var pending in group)
                {
                    await AddAloneAsync(pending, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                foreach (var pending in group)
                {
                    pending.Done.TrySetException(e);
                }
            }
        }
    }

    private async Task AddAloneAsync(Pending pending, CancellationToken cancellationToken)
    {
        var submissions = pending.Submissions;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _store.AddSubmissionsAsync(submissions, cancellationToken).ConfigureAwait(false);
                pending.Done.TrySetResult(submissions);
                return;
            }
            catch (IdempotencyKeyTakenException e)
            {
                // New tickets would not help: the key is the request's own.
                pending.Done.TrySetException(e);
                return;
            }
            catch (StoreConflictException) when (attempt < MaxAttempts)
            {
                // The store does not say which ticket collided; none of these has been shown to anyone yet.
                submissions = [.. submissions.Select(s => s with { Ticket = Identifiers.NewTicket() })];
            }
            catch (Exception e)
            {
                pending.Done.TrySetException(e);
                return;
            }
        }
    }

    private sealed record Pending(IReadOnlyList<NewSubmission> Submissions, TaskCompletionSource<IReadOnlyList<NewSubmission>> Done);
}
