using System.Threading.Channels;
using Arbiter.Storage;

namespace Arbiter.Server.Features.Submissions;

/// <summary>
/// Group commit for the accept path: submissions arriving together are stored in one
/// transaction (one disk sync instead of one each), and every request is answered only after
/// the transaction that holds it committed. A batch that fails (a ticket taken meanwhile) is
/// retried one submission at a time, each with a fresh ticket on conflict.
/// </summary>
internal sealed class SubmissionWriter : BackgroundService
{
    private const int MaxGroup = 256;
    private readonly Channel<(NewSubmission Submission, TaskCompletionSource<NewSubmission> Done)> _queue =
        Channel.CreateUnbounded<(NewSubmission, TaskCompletionSource<NewSubmission>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly IArbiterStore _store;

    public SubmissionWriter(IArbiterStore store) => _store = store;

    /// <summary>Stores the submission durably; returns it as stored (its ticket may have changed).</summary>
    public async Task<NewSubmission> AddAsync(NewSubmission submission, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<NewSubmission>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync((submission, done), cancellationToken).ConfigureAwait(false);
        return await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var group = new List<(NewSubmission Submission, TaskCompletionSource<NewSubmission> Done)>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var item))
            {
                group.Add(item);
            }

            try
            {
                await _store.AddSubmissionsAsync(group.Select(g => g.Submission).ToList(), stoppingToken).ConfigureAwait(false);
                foreach (var (submission, done) in group)
                {
                    done.TrySetResult(submission);
                }
            }
            catch (StoreConflictException)
            {
                foreach (var (submission, done) in group)
                {
                    await AddOneAsync(submission, done, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                foreach (var (_, done) in group)
                {
                    done.TrySetException(e);
                }
            }
        }
    }

    private async Task AddOneAsync(NewSubmission submission, TaskCompletionSource<NewSubmission> done, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _store.AddSubmissionsAsync([submission], cancellationToken).ConfigureAwait(false);
                done.TrySetResult(submission);
                return;
            }
            catch (StoreConflictException) when (attempt < 5)
            {
                submission = submission with { Ticket = Identifiers.NewTicket() };
            }
            catch (Exception e)
            {
                done.TrySetException(e);
                return;
            }
        }
    }
}
