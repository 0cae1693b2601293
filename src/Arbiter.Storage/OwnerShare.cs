namespace Arbiter.Storage;

/// <summary>One owner's part of the queue: jobs waiting, and jobs running now. <c>Owner</c> is a
/// user id, or null for anonymous submissions (which share one turn).</summary>
public sealed record OwnerShare(string? Owner, long Waiting, long Running);
