namespace Arbiter.Storage;

/// <summary>How many submissions finished in one minute (<c>Minute</c> is its start, UTC) with
/// one verdict ("unknown" for those finished before verdicts were kept).</summary>
public sealed record ActivityBucket(DateTimeOffset Minute, string Verdict, long Count);
