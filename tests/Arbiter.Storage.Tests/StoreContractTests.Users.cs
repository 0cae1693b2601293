using static Arbiter.Storage.Tests.Samples;

namespace Arbiter.Storage.Tests;

/// <summary>Users, roles and API keys, and the migration that added them.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task AddUser_ThenGetByIdAndByName_ReturnsEveryField_NameCaseInsensitive()
    {
        var alice = User("u1", "Alice", T0, role: UserRole.Staff);

        await Store.AddUserAsync(alice, Ct);

        var expected = alice with { CreatedAt = Stored(T0) };
        Assert.Equal(expected, await Store.GetUserAsync("u1", Ct));
        Assert.Equal(expected, await Store.GetUserByNameAsync("Alice", Ct));
        Assert.Equal(expected, await Store.GetUserByNameAsync("aLICE", Ct));
        Assert.Equal(TimeSpan.Zero, (await Store.GetUserAsync("u1", Ct))!.CreatedAt.Offset);
        Assert.Null(await Store.GetUserAsync("U1", Ct));
        Assert.Null(await Store.GetUserAsync("nobody", Ct));
        Assert.Null(await Store.GetUserByNameAsync("Alic", Ct));
    }

    [Fact]
    public async Task SetPasswordHash_ReplacesOnlyThatUsersHash()
    {
        await Store.AddUserAsync(User("u1", "alice"), Ct);
        await Store.AddUserAsync(User("u2", "bob"), Ct);

        Assert.True(await Store.SetPasswordHashAsync("u1", "new-hash", Ct));
        Assert.False(await Store.SetPasswordHashAsync("nobody", "new-hash", Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SetPasswordHashAsync("u1", " ", Ct));

        Assert.Equal("new-hash", (await Store.GetUserAsync("u1", Ct))?.PasswordHash);
        Assert.Equal(User("u2", "bob").PasswordHash, (await Store.GetUserAsync("u2", Ct))?.PasswordHash);
    }

    [Fact]
    public async Task AddUser_NameTakenInAnyCase_Conflicts_BeyondAsciiToo()
    {
        await Store.AddUserAsync(User("u1", "alice"), Ct);
        await Store.AddUserAsync(User("u2", "Zoë"), Ct);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddUserAsync(User("u3", "ALICE"), Ct));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddUserAsync(User("u4", "ZOË"), Ct));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddUserAsync(User("u1", "someone else"), Ct));

        Assert.Equal("u2", (await Store.GetUserByNameAsync("zoË", Ct))?.Id);
        Assert.Null(await Store.GetUserAsync("u3", Ct));
        Assert.Equal(2, await Store.CountUsersAsync(Ct));
    }

    [Fact]
    public async Task AddUser_RejectsBadArguments_StoringNothing()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.AddUserAsync(User("u1", "alice", role: (UserRole)9), Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.AddUserAsync(User("u1", "alice", role: (UserRole)(-2)), Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AddUserAsync(User("u1", " "), Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AddUserAsync(User("", "alice"), Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AddUserAsync(User("u1", "alice") with { PasswordHash = "" }, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.AddUserAsync(null!, Ct));

        Assert.Equal(0, await Store.CountUsersAsync(Ct));
    }

    [Fact]
    public async Task ListUsers_OldestFirst_IdBreaksTies_AndCountMatches()
    {
        Assert.Empty(await Store.ListUsersAsync(Ct));
        Assert.Equal(0, await Store.CountUsersAsync(Ct));

        await Store.AddUserAsync(User("u3", "carol", T0.AddSeconds(2)), Ct);
        await Store.AddUserAsync(User("u2", "bob", T0), Ct);
        await Store.AddUserAsync(User("u1", "alice", T0.AddTicks(1)), Ct);

        Assert.Equal(["u1", "u2", "u3"], (await Store.ListUsersAsync(Ct)).Select(u => u.Id));
        Assert.Equal(3, await Store.CountUsersAsync(Ct));
    }

    [Fact]
    public async Task SetUserRole_ChangesTheRole_UnknownIsFalse_BadRoleThrows()
    {
        await Store.AddUserAsync(User("u1", "alice"), Ct);

        Assert.True(await Store.SetUserRoleAsync("u1", UserRole.Admin, Ct));
        Assert.Equal(UserRole.Admin, (await Store.GetUserAsync("u1", Ct))?.Role);
        Assert.False(await Store.SetUserRoleAsync("nobody", UserRole.Staff, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.SetUserRoleAsync("u1", (UserRole)7, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.SetUserRoleAsync("nobody", (UserRole)(-1), Ct));

        Assert.Equal(UserRole.Admin, (await Store.GetUserAsync("u1", Ct))?.Role);
    }

    [Fact]
    public async Task AddApiKey_ThenFind_ReturnsKeyAndUser_RevokedOrUnknownIsNull()
    {
        await Store.AddUserAsync(User("u1", "alice", role: UserRole.Staff), Ct);
        var key = Key("k1", "u1", T0, hash: "ABCDEF0123");

        await Store.AddApiKeyAsync(key, Ct);

        var found = await Store.FindApiKeyAsync("ABCDEF0123", Ct);
        Assert.NotNull(found);
        Assert.Equal(key with { CreatedAt = Stored(T0) }, found.Value.Key);
        Assert.Equal(User("u1", "alice", Stored(T0), role: UserRole.Staff), found.Value.User);
        Assert.Null(await Store.FindApiKeyAsync("abcdef0123", Ct));
        Assert.Null(await Store.FindApiKeyAsync("nope", Ct));

        Assert.True(await Store.RevokeApiKeyAsync("u1", "k1", T0.AddMinutes(1), Ct));
        Assert.Null(await Store.FindApiKeyAsync("ABCDEF0123", Ct));
    }

    [Fact]
    public async Task AddApiKey_DuplicateHashOrId_Conflicts_UnknownUserIsNotFound()
    {
        await Store.AddUserAsync(User("u1", "alice"), Ct);
        await Store.AddUserAsync(User("u2", "bob"), Ct);
        await Store.AddApiKeyAsync(Key("k1", "u1", hash: "h1"), Ct);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddApiKeyAsync(Key("k2", "u2", hash: "h1"), Ct));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddApiKeyAsync(Key("k1", "u2", hash: "h2"), Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.AddApiKeyAsync(Key("k3", "nobody", hash: "h3"), Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AddApiKeyAsync(Key("k4", "u1") with { Hash = "" }, Ct));

        Assert.Empty(await Store.ListApiKeysAsync("u2", Ct));
        Assert.Equal("u1", (await Store.FindApiKeyAsync("h1", Ct))?.User.Id);
        Assert.Null(await Store.FindApiKeyAsync("h3", Ct));
    }

    [Fact]
    public async Task ListApiKeys_NewestFirst_RevokedIncluded_OnlyThatUsers()
    {
        await Store.AddUserAsync(User("u1", "alice"), Ct);
        await Store.AddUserAsync(User("u2", "bob"), Ct);
        await Store.AddApiKeyAsync(Key("k1", "u1", T0), Ct);
        await Store.AddApiKeyAsync(Key("k2", "u1", T0.AddSeconds(2)), Ct);
        await Store.AddApiKeyAsync(Key("k3", "u1", T0.AddSeconds(1)), Ct);
        await Store.AddApiKeyAsync(Key("k4", "u1", T0.AddSeconds(1)), Ct);
        await Store.AddApiKeyAsync(Key("k5", "u2", T0.AddSeconds(9)), Ct);
        Assert.True(await Store.RevokeApiKeyAsync("u1", "k3", T0.AddMinutes(5), Ct));

        var keys = await Store.ListApiKeysAsync("u1", Ct);

        Assert.Equal(["k2", "k4", "k3", "k1"], keys.Select(k => k.Id));
        Assert.Equal(Key("k3", "u1", Stored(T0.AddSeconds(1))) with { RevokedAt = Stored(T0.AddMinutes(5)) }, keys[2]);
        Assert.Equal(TimeSpan.Zero, keys[2].RevokedAt!.Value.Offset);
        Assert.All(keys.Where(k => k.Id != "k3"), k => Assert.Null(k.RevokedAt));
        Assert.Empty(await Store.ListApiKeysAsync("nobody", Ct));
    }

    [Fact]
    public async Task RevokeApiKey_OnlyTheOwnersKey_AndOnlyOnce()
    {
        await Store.AddUserAsync(User("u1", "alice"), Ct);
        await Store.AddUserAsync(User("u2", "bob"), Ct);
        await Store.AddApiKeyAsync(Key("k1", "u1", hash: "h1"), Ct);

        Assert.False(await Store.RevokeApiKeyAsync("u2", "k1", T0.AddMinutes(1), Ct));
        Assert.NotNull(await Store.FindApiKeyAsync("h1", Ct));
        Assert.False(await Store.RevokeApiKeyAsync("u1", "unknown", T0.AddMinutes(1), Ct));

        Assert.True(await Store.RevokeApiKeyAsync("u1", "k1", T0.AddMinutes(1), Ct));
        Assert.False(await Store.RevokeApiKeyAsync("u1", "k1", T0.AddMinutes(2), Ct));

        // The first revocation's time stays.
        Assert.Equal(Stored(T0.AddMinutes(1)), (await Store.ListApiKeysAsync("u1", Ct))[0].RevokedAt);
    }

    [Fact]
    public async Task UsersAndKeys_SurviveReopening()
    {
        await Store.AddUserAsync(User("u1", "alice"), Ct);
        await Store.AddApiKeyAsync(Key("k1", "u1", hash: "h1"), Ct);
        await Store.DisposeAsync();

        await using var reopened = OpenStore(Location);
        await reopened.MigrateAsync(Ct);

        Assert.Equal("u1", (await reopened.GetUserByNameAsync("ALICE", Ct))?.Id);
        Assert.Equal("k1", (await reopened.FindApiKeyAsync("h1", Ct))?.Key.Id);
    }

    [Fact]
    public async Task Migrate_FromVersion1_KeepsExistingData_AndAddsUsers()
    {
        // What a version-1 deployment holds: submissions as its store wrote them, then workers,
        // callbacks and problems through tables that have not changed since.
        string t0 = TimeLiteral(T0), t1 = TimeLiteral(T0.AddSeconds(1));
        var location = await CreateVersion1DatabaseAsync(
            "INSERT INTO submissions (id, ticket, kind, language, request_json, priority, owner, created_at, status, updated_at, result_json, attempts, lease_owner) " +
            $"VALUES ('s1', 'TS1', 'run', 'python', '{{}}', 0, 'alice', {t0}, 'judged', {t0}, '{{\"verdict\":\"AC\"}}', 1, 'w1'), " +
            $"('s2', 'TS2', 'run', 'python', '{{}}', 0, 'alice', {t1}, 'queued', {t1}, NULL, 0, NULL)",
            $"INSERT INTO submission_history (submission_id, status, at, worker_id) VALUES ('s1', 'queued', {t0}, NULL), ('s1', 'judged', {t0}, 'w1'), ('s2', 'queued', {t1}, " +
                $"NULL)");
        var old = Open(location);
        await old.UpsertWorkerAsync(Worker("w1", T0), Ct);
        await old.RecordCallbackAsync(new CallbackAttempt("s1", 1, T0, 200, null, true), Ct);
        await old.SaveProblemAsync(Problem("sum", "A + B", [1, 2, 3]), Ct);
        await Assert.ThrowsAnyAsync<Exception>(() => old.CountUsersAsync(Ct));

        var upgraded = Open(location);
        await upgraded.MigrateAsync(Ct);
        await upgraded.MigrateAsync(Ct);

        var s1 = (await upgraded.GetSubmissionAsync("s1", Ct))!;
        Assert.Equal((SubmissionStatus.Judged, """{"verdict":"AC"}""", "w1"), (s1.Status, s1.ResultJson, s1.WorkerId));
        Assert.Equal(2, (await upgraded.GetHistoryAsync("s1", Ct)).Count);
        Assert.Equal("s2", (await upgraded.LeaseNextAsync("w2", TimeSpan.FromMinutes(1), [], T0, Ct))?.SubmissionId);
        Assert.Single(await upgraded.ListWorkersAsync(Ct));
        Assert.Single(await upgraded.GetCallbacksAsync("s1", Ct));
        Assert.Equal(new byte[] { 1, 2, 3 }, (await upgraded.GetProblemAsync("sum", Ct))?.PackageZip);

        Assert.Equal(0, await upgraded.CountUsersAsync(Ct));
        await upgraded.AddUserAsync(User("u1", "alice"), Ct);
        await upgraded.AddApiKeyAsync(Key("k1", "u1", hash: "h1"), Ct);
        Assert.Equal("u1", (await upgraded.FindApiKeyAsync("h1", Ct))?.User.Id);
        Assert.Null(s1.Verdict);
        await upgraded.Classroom.AddCourseAsync(new Classroom.CourseRecord("c1", "Course", "J1", "u1", T0), Ct);
        Assert.Equal("Course", (await upgraded.Classroom.GetCourseAsync("c1", Ct))?.Title);
    }
}
