using Arbiter.Server.Features.Courses;
using Arbiter.Server.Features.Users;
using Arbiter.Storage;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Submissions;

/// <summary>
/// The one policy for what of a submission's result leaves the server, and to whom. Every door
/// a result goes out by asks it: GET by id or ticket, the batch GET, <c>?wait=true</c>, the
/// callback POST (<see cref="Callbacks.CallbackDispatcher"/>), the listings (the submissions
/// list, an assignment's attempts, the admin overview) and the web pages, which read the same
/// JSON. A full view (secret tests' diffs, checker messages and stderr) goes only to staff, to
/// the staff of the course whose assignment it answers, and to anyone for a problem that reveals
/// its secret tests; everyone else gets <see cref="SecretTests.Hidden"/>. Listings carry the
/// verdict and score alone, never test data, and so do grades (a best score per cell) and the
/// logs (a verdict per job). Who reads what of a course's submissions is
/// <see cref="CourseAccess"/>'s to say, here as in the Courses feature.
/// </summary>
internal sealed class ResultPolicy(IArbiterStore store, CourseAccess courses, IOptions<ServerOptions> options)
{
    /// <summary>Whether <paramref name="reader"/> may read the submission at all: its owner,
    /// staff, anyone for an anonymous one, and the staff of the course whose assignment it
    /// answers. Everyone else is answered as if it did not exist.</summary>
    public async Task<bool> MayReadAsync(Caller reader, SubmissionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(record);
        return reader.MayRead(record.Owner) || await SeesSecretTestsAsync(reader, record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The submission as <paramref name="reader"/> may see it.</summary>
    /// <param name="reader">Who reads it.</param>
    /// <param name="record">The stored submission.</param>
    /// <param name="history">Its status changes.</param>
    /// <param name="position">Its queue position while queued.</param>
    /// <param name="waiting">While queued: why no live worker will start it, or null when one may.</param>
    /// <param name="callbacks">Its callback deliveries.</param>
    /// <param name="cancellationToken">Cancels the store reads.</param>
    public async Task<SubmissionView> ViewAsync(
        Caller reader,
        SubmissionRecord record,
        IReadOnlyList<StatusChange> history,
        long? position,
        string? waiting,
        IReadOnlyList<CallbackAttempt> callbacks,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var hide = record.Kind == SubmissionKind.Judge && record.ResultJson is not null && !await SeesSecretTestsAsync(reader, record, cancellationToken).ConfigureAwait(false);
        return SubmissionView.From(record, history, position, waiting, callbacks, hide);
    }

    /// <summary>The body of a callback: what its submitter would see with a GET. The callback
    /// URL is the submitter's, so whatever it receives must be theirs to read.</summary>
    public async Task<SubmissionView> CallbackViewAsync(SubmissionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var history = await store.GetHistoryAsync(record.Id, cancellationToken).ConfigureAwait(false);
        return await ViewAsync(await SubmitterAsync(record, cancellationToken).ConfigureAwait(false), record, history, null, null, [], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A line of a listing: its verdict and score, never test data, for any reader.</summary>
    public static SubmissionSummary Summary(SubmissionRecord record) => SubmissionSummary.From(record);

    /// <summary>A line of an assignment's attempts: as <see cref="Summary"/>, with who sent it.</summary>
    public static AttemptView Attempt(SubmissionRecord record, string? ownerName) =>
        new(record.Id, record.Ticket, record.Owner, ownerName, record.Language, record.Status, record.Verdict, record.Score, record.CreatedAt);

    /// <summary>Staff (or a trusted anonymous caller), or staff of the course whose assignment
    /// it answers: who may see secret tests' details.</summary>
    public async Task<bool> SeesSecretTestsAsync(Caller reader, SubmissionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(record);
        return reader.IsStaff
            || (record.AssignmentId is { } assignment && await courses.IsStaffOfAssignmentAsync(reader, assignment, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Who sent the submission, with their role now: a user, or the anonymous caller
    /// of this server's <see cref="ServerOptions.Anonymous"/> mode.</summary>
    private async Task<Caller> SubmitterAsync(SubmissionRecord record, CancellationToken cancellationToken)
    {
        if (record.Owner is not { } owner)
        {
            return Caller.Anonymous(options.Value.Anonymous);
        }

        // A user deleted since keeps no role: a student's view.
        var user = await store.GetUserAsync(owner, cancellationToken).ConfigureAwait(false);
        return new Caller(owner, user?.Name, user?.Role, "callback");
    }
}
