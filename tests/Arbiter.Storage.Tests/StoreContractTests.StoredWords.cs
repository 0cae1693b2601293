using Arbiter.Storage.Classroom;
using static Arbiter.Storage.Tests.Samples;

namespace Arbiter.Storage.Tests;

/// <summary>Kinds and roles are enums in code but the same words in the database as when they
/// were strings: a row an older version wrote reads back as the same value, and a row written now
/// holds the word an older version (or an operator's query) expects.</summary>
public abstract partial class StoreContractTests
{
    /// <summary>Runs <paramref name="sql"/> on the database at <paramref name="location"/>, outside
    /// the store, and gives back the first column of every row it returns (as text).</summary>
    protected abstract Task<IReadOnlyList<string>> RawAsync(string location, string sql);

    [Fact]
    public async Task KindsAndRoles_WrittenNow_AreStoredAsTheWordsOlderVersionsWrote()
    {
        await SeedCourseAsync();
        await Classroom.SetMemberAsync("cs101", "bob", CourseRole.Student, T0, Ct);
        await Store.AddUserAsync(User("dave", "Dave", role: UserRole.Admin), Ct);
        await Store.AddSubmissionsAsync([Submission("s1"), Submission("s2", problemId: "sum")], Ct);

        Assert.Equal(["run", "judge"], await RawAsync(Location, "SELECT kind FROM submissions ORDER BY id"));
        Assert.Equal(["staff", "student", "student", "admin"], await RawAsync(Location, "SELECT role FROM users ORDER BY id"));
        Assert.Equal(["staff", "student"], await RawAsync(Location, "SELECT role FROM course_members ORDER BY user_id"));
    }

    [Fact]
    public async Task KindsAndRoles_InRowsWrittenAsWords_ReadBackAsTheSameValues()
    {
        await SeedCourseAsync();
        await Classroom.SetMemberAsync("cs101", "bob", CourseRole.Student, T0, Ct);
        await Store.AddSubmissionsAsync([Submission("s1"), Submission("s2")], Ct);
        // As a version that kept these as strings left them (or an operator's UPDATE by hand).
        await RawAsync(Location, "UPDATE submissions SET kind = 'judge' WHERE id = 's2'");
        await RawAsync(Location, "UPDATE users SET role = 'admin' WHERE id = 'carol'");
        await RawAsync(Location, "UPDATE course_members SET role = 'staff' WHERE user_id = 'bob'");

        Assert.Equal(SubmissionKind.Run, (await Store.GetSubmissionAsync("s1", Ct))?.Kind);
        Assert.Equal(SubmissionKind.Judge, (await Store.GetSubmissionAsync("s2", Ct))?.Kind);
        UserRole[] roles = [(await Store.GetUserAsync("alice", Ct))!.Role, (await Store.GetUserAsync("bob", Ct))!.Role, (await Store.GetUserAsync("carol", Ct))!.Role];
        Assert.Equal([UserRole.Staff, UserRole.Student, UserRole.Admin], roles);
        Assert.Equal(CourseRole.Staff, await Classroom.GetMemberRoleAsync("cs101", "bob", Ct));
        Assert.Null(await Classroom.GetMemberRoleAsync("cs101", "carol", Ct));
    }

    [Fact]
    public async Task Kind_InAVersion1Row_ReadsBackAfterTheMigrations()
    {
        var t0 = TimeLiteral(T0);
        var location = await CreateVersion1DatabaseAsync(
            "INSERT INTO submissions (id, ticket, kind, language, request_json, priority, owner, created_at, status, updated_at, result_json, attempts, lease_owner) " +
            $"VALUES ('s1', 'TS1', 'run', 'python', '{{}}', 0, NULL, {t0}, 'queued', {t0}, NULL, 0, NULL), " +
            $"('s2', 'TS2', 'judge', 'python', '{{}}', 0, NULL, {t0}, 'queued', {t0}, NULL, 0, NULL)");
        var upgraded = Open(location);
        await upgraded.MigrateAsync(Ct);

        Assert.Equal(
            [SubmissionKind.Run, SubmissionKind.Judge],
            (await upgraded.GetSubmissionsAsync(["s1", "s2"], Ct)).OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => s.Kind));
    }
}
