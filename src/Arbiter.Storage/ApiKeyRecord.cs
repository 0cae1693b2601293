namespace Arbiter.Storage;

/// <summary>An API key of a user. Only a SHA-256 <c>Hash</c> of the secret is stored, with a short
/// <c>Prefix</c> of it for people to recognise the key; <c>RevokedAt</c> set means it no longer works;
/// <c>DailyQuota</c>, when set, is how many submissions the key may send in any 24 hours.</summary>
public sealed record ApiKeyRecord(string Id, string UserId, string Name, string Hash, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, int? DailyQuota = null);
