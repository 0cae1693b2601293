namespace Arbiter.Storage;

/// <summary>A page of submissions, newest first.</summary>
/// <remarks>
/// <para><c>Before</c>: Only submissions created before this one (the previous page's last id): keyset paging.</para>
/// <para><c>Limit</c>: Page size, 1 to 500.</para>
/// <para><c>AssignmentId</c>: Only answers to this assignment.</para>
/// </remarks>
public sealed record SubmissionQuery(
    string? Owner = null,
    string? ProblemId = null,
    SubmissionStatus? Status = null,
    string? Before = null,
    int Limit = 50,
    string? AssignmentId = null);
