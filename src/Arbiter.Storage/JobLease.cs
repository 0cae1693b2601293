namespace Arbiter.Storage;

/// <summary>A worker's claim on a queued submission, valid until <paramref name="ExpiresAt"/>
/// unless renewed. A lease that expires returns the submission to the queue.</summary>
public sealed record JobLease(string SubmissionId, string WorkerId, DateTimeOffset ExpiresAt, int Attempt);
