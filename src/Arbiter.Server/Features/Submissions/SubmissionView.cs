using System.Text.Json;
using Arbiter.Storage;

namespace Arbiter.Server.Features.Submissions;

/// <summary>A submission as the API shows it: its state, history and (once finished) result.</summary>
public sealed record SubmissionView(
    string Id,
    string Ticket,
    SubmissionKind Kind,
    string Language,
    string? Problem,
    string? Assignment,
    string? Owner,
    SubmissionStatus Status,
    string? Verdict,
    double? Score,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long? QueuePosition,
    string? Waiting,
    int Attempts,
    IReadOnlyList<StatusChange> History,
    JsonElement? Result,
    IReadOnlyList<CallbackAttempt> Callbacks)
{
    /// <param name="record">The stored submission.</param>
    /// <param name="history">Its status changes.</param>
    /// <param name="position">Its queue position while queued.</param>
    /// <param name="waiting">While queued: why no live worker will start it, or null when one may.</param>
    /// <param name="callbacks">Its callback deliveries.</param>
    /// <param name="hideSecretTests">For a caller who is not staff of it: secret tests keep their
    /// verdict, time and memory, but lose what would give their data away (see <see cref="SecretTests"/>).
    /// Decided by <see cref="ResultPolicy"/>, the only caller.</param>
    internal static SubmissionView From(
        SubmissionRecord record,
        IReadOnlyList<StatusChange> history,
        long? position,
        string? waiting,
        IReadOnlyList<CallbackAttempt> callbacks,
        bool hideSecretTests) => new(
        record.Id,
        record.Ticket,
        record.Kind,
        record.Language,
        record.ProblemId,
        record.AssignmentId,
        record.Owner,
        record.Status,
        record.Verdict,
        record.Score,
        record.CreatedAt,
        record.UpdatedAt,
        position,
        waiting,
        record.Attempts,
        history,
        record.ResultJson is null ? null : hideSecretTests ? SecretTests.Hidden(record.ResultJson) : JsonDocument.Parse(record.ResultJson).RootElement.Clone(),
        callbacks);
}

/// <summary>The 202 answer to a submission: where to find it (its queue position is shown there),
/// and <see cref="Waiting"/>: why no live worker will start it, or null when one may.</summary>
public sealed record SubmissionAccepted(string Id, string Ticket, SubmissionStatus Status, string Location, string? Waiting);

/// <summary>A page of submissions; <see cref="Next"/> is the id to pass as <c>before</c> for the next page.</summary>
public sealed record SubmissionPage(IReadOnlyList<SubmissionSummary> Items, string? Next);

public sealed record SubmissionSummary(
    string Id,
    string Ticket,
    SubmissionKind Kind,
    string Language,
    string? Problem,
    string? Assignment,
    SubmissionStatus Status,
    string? Verdict,
    double? Score,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    internal static SubmissionSummary From(SubmissionRecord r) => new(
        r.Id,
        r.Ticket,
        r.Kind,
        r.Language,
        r.ProblemId,
        r.AssignmentId,
        r.Status,
        r.Verdict,
        r.Score,
        r.CreatedAt,
        r.UpdatedAt);
}

/// <summary>The files of a submission as sent: text as is, anything else base64.</summary>
public sealed record SourceView(IReadOnlyList<SubmissionFile> Files);

/// <summary>POST /api/v1/submissions/batch.</summary>
public sealed record BatchRequest(IReadOnlyList<SubmissionRequest>? Submissions);

public sealed record BatchAccepted(IReadOnlyList<SubmissionAccepted> Items);
