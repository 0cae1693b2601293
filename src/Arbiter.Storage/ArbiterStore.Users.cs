using static Arbiter.Storage.Sql.SqlArg;

namespace Arbiter.Storage;

/// <summary>Users and API keys: <see cref="IUserStore"/>. Written durably: an account, a key just
/// handed out or a revocation must not be undone by a power loss.</summary>
public abstract partial class ArbiterStore
{
    /// <inheritdoc />
    public async Task AddUserAsync(UserRecord user, CancellationToken cancellationToken)
    {
        StoreGuard.User(user);
        try
        {
            await Db.ExecuteAsync(SharedSql.InsertUser,
                [Text("id", user.Id), Text("name", user.Name), Text("key", StoreGuard.NameKey(user.Name)), Text("hash", user.PasswordHash),
                 Text("role", WireNames.Of(user.Role)), Time("created", user.CreatedAt)],
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Db.IsUniqueViolation(ex))
        {
            throw new StoreConflictException($"a user with id '{user.Id}' or name '{user.Name}' (in any case) already exists", ex);
        }
    }

    /// <inheritdoc />
    public Task<UserRecord?> GetUserAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return FirstAsync(SharedSql.UserById, [Text("id", id)], row => RecordReader.User(row, ReadTime), cancellationToken);
    }

    /// <inheritdoc />
    public Task<UserRecord?> GetUserByNameAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return FirstAsync(SharedSql.UserByName, [Text("key", StoreGuard.NameKey(name))], row => RecordReader.User(row, ReadTime), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken cancellationToken) =>
        await Db.QueryAsync(SharedSql.ListUsers, [], row => RecordReader.User(row, ReadTime), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<long> CountUsersAsync(CancellationToken cancellationToken) =>
        Db.ScalarAsync<long>(SharedSql.CountUsers, [], cancellationToken);

    /// <inheritdoc />
    public async Task<bool> SetUserRoleAsync(string userId, UserRole role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        StoreGuard.Defined(role, nameof(role));
        return await Db.ExecuteAsync(SharedSql.SetUserRole, [Text("id", userId), Text("role", WireNames.Of(role))], cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<bool> SetPasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(passwordHash);
        return await Db.ExecuteAsync(SharedSql.SetPasswordHash, [Text("id", userId), Text("hash", passwordHash)], cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task AddApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        StoreGuard.ApiKey(key);
        try
        {
            await Db.ExecuteAsync(SharedSql.InsertApiKey,
                [Text("id", key.Id), Text("user", key.UserId), Text("name", key.Name), Text("hash", key.Hash), Text("prefix", key.Prefix),
                 Time("created", key.CreatedAt), Time("revoked", key.RevokedAt), Integer("quota", key.DailyQuota)],
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Db.IsUniqueViolation(ex))
        {
            throw new StoreConflictException($"an API key with id '{key.Id}' or the same hash already exists", ex);
        }
        catch (Exception ex) when (Db.IsForeignKeyViolation(ex))
        {
            throw new KeyNotFoundException($"no user '{key.UserId}' to add an API key for", ex);
        }
    }

    /// <inheritdoc />
    public async Task<(ApiKeyRecord Key, UserRecord User)?> FindApiKeyAsync(string hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var rows = await Db.QueryAsync(SharedSql.FindApiKey, [Text("hash", hash)],
            row => (RecordReader.ApiKey(row, ReadTime), RecordReader.User(row, ReadTime, first: 8)), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return await Db.QueryAsync(SharedSql.ListApiKeys, [Text("user", userId)], row => RecordReader.ApiKey(row, ReadTime), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> RevokeApiKeyAsync(string userId, string keyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(keyId);
        return await Db.ExecuteAsync(SharedSql.RevokeApiKey, [Text("id", keyId), Text("user", userId), Time("at", at)], cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<long> CountKeySubmissionsAsync(string keyId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return await Db.ScalarAsync<long>(SharedSql.CountKeySubmissions, [Text("key", keyId), Time("since", since)], cancellationToken).ConfigureAwait(false);
    }
}
