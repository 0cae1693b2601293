namespace Arbiter.Storage;

/// <summary>Accounts and their API keys, with the count a key's daily quota checks.</summary>
public interface IUserStore
{
    /// <summary>Adds a user. Names are unique regardless of case: a taken name throws
    /// <see cref="StoreConflictException"/>.</summary>
    Task AddUserAsync(UserRecord user, CancellationToken cancellationToken);

    Task<UserRecord?> GetUserAsync(string id, CancellationToken cancellationToken);

    /// <summary>By name, case-insensitive.</summary>
    Task<UserRecord?> GetUserByNameAsync(string name, CancellationToken cancellationToken);

    /// <summary>All users, oldest first.</summary>
    Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken cancellationToken);

    Task<long> CountUsersAsync(CancellationToken cancellationToken);

    /// <summary>False for an unknown user.</summary>
    Task<bool> SetUserRoleAsync(string userId, UserRole role, CancellationToken cancellationToken);

    /// <summary>Replaces a user's password hash; false for an unknown user.</summary>
    Task<bool> SetPasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken);

    /// <summary>Adds an API key; its hash is unique (a duplicate throws <see cref="StoreConflictException"/>).</summary>
    Task AddApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken);

    /// <summary>The key with this hash and its user, when the key exists and is not revoked.</summary>
    Task<(ApiKeyRecord Key, UserRecord User)?> FindApiKeyAsync(string hash, CancellationToken cancellationToken);

    /// <summary>A user's keys, revoked ones included, newest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Revokes one of this user's keys; false when the user has no such key or it was already revoked.</summary>
    Task<bool> RevokeApiKeyAsync(string userId, string keyId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>How many submissions the key sent from <paramref name="since"/> on (its quota counts these).</summary>
    Task<long> CountKeySubmissionsAsync(string keyId, DateTimeOffset since, CancellationToken cancellationToken);
}
