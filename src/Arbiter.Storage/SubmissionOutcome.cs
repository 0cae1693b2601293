namespace Arbiter.Storage;

/// <summary>How a submission finished: the result as JSON, served as is, and its verdict and
/// score copied into columns so grades and statistics are plain SQL over the submissions.</summary>
public sealed record SubmissionOutcome(string ResultJson, string? Verdict = null, double? Score = null);
