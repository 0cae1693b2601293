namespace Arbiter.Storage;

/// <summary>A person who can sign in. <c>PasswordHash</c> is a slow salted hash (ASP.NET Core's
/// PasswordHasher, PBKDF2), never the password; <c>Role</c> is stored as "student", "staff" or "admin".</summary>
public sealed record UserRecord(string Id, string Name, string PasswordHash, UserRole Role, DateTimeOffset CreatedAt);
