namespace Arbiter.Storage;

/// <summary>An <c>Idempotency-Key</c> a submission request came with: <c>Key</c> already scoped
/// to its caller by the API, and a hash of the request, to tell a true repeat from another
/// request under the same key. Every submission of one request carries the same claim.</summary>
public sealed record IdempotencyClaim(string Key, string RequestHash);
