using Arbiter.Server.Features.Courses;
using Arbiter.Server.Features.Submissions;
using Arbiter.Server.Features.Users;
using Arbiter.Storage;
using Arbiter.Storage.Classroom;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Tests.Courses;

/// <summary>The one owner of a caller's standing in a course, over a real SQLite store: what the
/// course endpoints, the submission intake and the result policy all ask. A teaching assistant
/// here is a student user who is staff of one course: only that course's standing lets them
/// read its answers, and it ends when they leave the course.</summary>
public sealed class CourseAccessTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("arbiter-course-access-");
    private SqliteStore _store = null!;
    private CourseAccess _access = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Caller Admin => new("u-admin", "admin", UserRole.Admin, "test");

    private static Caller Teacher => new("u-teacher", "teacher", UserRole.Staff, "test");

    private static Caller Assistant => new("u-ta", "ta", UserRole.Student, "test");

    private static Caller Ann => new("u-ann", "ann", UserRole.Student, "test");

    private static Caller Outsider => new("u-eve", "eve", UserRole.Student, "test");

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteStore(Path.Combine(_directory.FullName, "arbiter.db"));
        await _store.MigrateAsync(Token);
        foreach (var (id, name, role) in new[]
            {
                ("u-admin", "admin", UserRole.Admin), ("u-teacher", "teacher", UserRole.Staff), ("u-ta", "ta", UserRole.Student),
                ("u-ann", "ann", UserRole.Student), ("u-eve", "eve", UserRole.Student),
            })
        {
            await _store.AddUserAsync(new UserRecord(id, name, "hash-" + id, role, T0), Token);
        }

        await _store.SaveProblemAsync(new ProblemRecord("sum", "A + B", "batch", T0, "u-teacher", [1]), Token);
        await _store.Classroom.AddCourseAsync(new CourseRecord("cs101", "Programming 1", "JOINCODE", "u-teacher", T0), Token);
        await _store.Classroom.SetMemberAsync("cs101", "u-teacher", CourseRole.Staff, T0, Token);
        await _store.Classroom.SetMemberAsync("cs101", "u-ta", CourseRole.Staff, T0, Token);
        await _store.Classroom.SetMemberAsync("cs101", "u-ann", CourseRole.Student, T0, Token);
        await _store.Classroom.AddAssignmentAsync(new AssignmentRecord("a1", "cs101", "sum", "Add", null, T0), Token);
        _access = new CourseAccess(_store);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Standing_FollowsMembership_AdminsAreStaffEverywhere_NobodyHasNone()
    {
        Assert.Equal(CourseRole.Staff, await _access.RoleAsync(Teacher, "cs101", Token));
        Assert.Equal(CourseRole.Staff, await _access.RoleAsync(Assistant, "cs101", Token));
        Assert.Equal(CourseRole.Student, await _access.RoleAsync(Ann, "cs101", Token));
        Assert.Equal(CourseRole.Staff, await _access.RoleAsync(Admin, "cs101", Token));
        Assert.Null(await _access.RoleAsync(Outsider, "cs101", Token));
        // A trusted anonymous caller counts as staff of the server, never of a course.
        Assert.Null(await _access.RoleAsync(Caller.Anonymous(AnonymousAccess.Trusted), "cs101", Token));
    }

    [Fact]
    public async Task OpenAssignment_ForMembersOnly_MissingAndForeignAnswerAlike()
    {
        Assert.Equal("a1 as Student", await OpenAsync(Ann, "a1"));
        Assert.Equal("a1 as Staff", await OpenAsync(Assistant, "a1"));
        Assert.Equal("a1 as Staff", await OpenAsync(Admin, "a1"));
        Assert.Null(await _access.OpenAsync(Outsider, "a1", Token));
        Assert.Null(await _access.OpenAsync(Caller.Anonymous(AnonymousAccess.Trusted), "a1", Token));
        Assert.Null(await _access.OpenAsync(Ann, "a2", Token));
        Assert.Null(await _access.OpenAsync(Ann, new string('a', 10_000), Token));

        Assert.True(await _access.IsStaffOfAssignmentAsync(Assistant, "a1", Token));
        Assert.False(await _access.IsStaffOfAssignmentAsync(Ann, "a1", Token));
        Assert.False(await _access.IsStaffOfAssignmentAsync(Outsider, "a1", Token));
    }

    [Fact]
    public async Task ResultPolicy_ReadsACoursesAnswers_AsCourseAccessSays()
    {
        await _store.AddSubmissionsAsync([new NewSubmission("s1", "TSAAA", SubmissionKind.Judge, "python3", "sum", "{}", null, 0, "u-ann", T0, AssignmentId: "a1")], Token);
        var record = (await _store.GetSubmissionAsync("s1", Token))!;
        var policy = new ResultPolicy(_store, _access, Options.Create(new ServerOptions()));

        Assert.True(await policy.MayReadAsync(Ann, record, Token));
        Assert.True(await policy.MayReadAsync(Assistant, record, Token));
        Assert.True(await policy.SeesSecretTestsAsync(Assistant, record, Token));
        Assert.False(await policy.SeesSecretTestsAsync(Ann, record, Token));
        Assert.False(await policy.MayReadAsync(Outsider, record, Token));

        Assert.True(await _store.Classroom.RemoveMemberAsync("cs101", "u-ta", Token));
        Assert.False(await policy.MayReadAsync(Assistant, record, Token));
    }

    private async Task<string?> OpenAsync(Caller caller, string id) =>
        await _access.OpenAsync(caller, id, Token) is { } opened ? $"{opened.Assignment.Id} as {opened.Role}" : null;
}
