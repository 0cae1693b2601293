using Arbiter.Storage.Classroom;
using static Arbiter.Storage.Tests.Samples;

namespace Arbiter.Storage.Tests;

/// <summary>Courses, members, assignments, drafts, grades, shares, per-key counts, and the
/// verdict and score a finished submission keeps.</summary>
public abstract partial class StoreContractTests
{
    private IClassroomStore Classroom => Store.Classroom;

    /// <summary>Users alice (staff) and bob, carol (students); course cs101 by alice with a
    /// problem "sum" and an assignment a1.</summary>
    private async Task SeedCourseAsync()
    {
        await Store.AddUserAsync(User("alice", "Alice", role: UserRole.Staff), Ct);
        await Store.AddUserAsync(User("bob", "Bob"), Ct);
        await Store.AddUserAsync(User("carol", "Carol"), Ct);
        await Store.SaveProblemAsync(Problem("sum", "A + B", [1]), Ct);
        await Classroom.AddCourseAsync(new CourseRecord("cs101", "Programming 1", "JOIN-1", "alice", T0), Ct);
        await Classroom.SetMemberAsync("cs101", "alice", CourseRole.Staff, T0, Ct);
        await Classroom.AddAssignmentAsync(new AssignmentRecord("a1", "cs101", "sum", "Add two numbers", T0.AddDays(7), T0), Ct);
    }

    [Fact]
    public async Task Course_RoundTrips_ByIdAndJoinCode_AndConflictsOnEither()
    {
        await SeedCourseAsync();

        var expected = new CourseRecord("cs101", "Programming 1", "JOIN-1", "alice", Stored(T0));
        Assert.Equal(expected, await Classroom.GetCourseAsync("cs101", Ct));
        Assert.Equal(expected, await Classroom.GetCourseByJoinCodeAsync("JOIN-1", Ct));
        Assert.Null(await Classroom.GetCourseAsync("cs102", Ct));
        await Assert.ThrowsAsync<StoreConflictException>(() => Classroom.AddCourseAsync(expected with { JoinCode = "OTHER" }, Ct));
        await Assert.ThrowsAsync<StoreConflictException>(() => Classroom.AddCourseAsync(expected with { Id = "cs102" }, Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Classroom.AddCourseAsync(new CourseRecord("cs103", "x", "J3", "nobody", T0), Ct));
    }

    [Fact]
    public async Task Members_AddChangeListRemove_AndCoursesShowTheCallersRole()
    {
        await SeedCourseAsync();
        await Classroom.AddCourseAsync(new CourseRecord("cs102", "Programming 2", "JOIN-2", "alice", T0.AddSeconds(1)), Ct);

        await Classroom.SetMemberAsync("cs101", "bob", CourseRole.Student, T0, Ct);
        await Classroom.SetMemberAsync("cs101", "carol", CourseRole.Student, T0, Ct);
        await Classroom.SetMemberAsync("cs101", "carol", CourseRole.Staff, T0.AddSeconds(5), Ct);

        Assert.Equal(CourseRole.Student, await Classroom.GetMemberRoleAsync("cs101", "bob", Ct));
        Assert.Equal(CourseRole.Staff, await Classroom.GetMemberRoleAsync("cs101", "carol", Ct));
        Assert.Null(await Classroom.GetMemberRoleAsync("cs102", "bob", Ct));
        var members = await Classroom.ListMembersAsync("cs101", Ct);
        Assert.Equal(["Alice:staff", "Carol:staff", "Bob:student"], members.Select(m => m.UserName + ":" + WireNames.Of(m.Role)));
        Assert.Equal(Stored(T0), members.Single(m => m.UserId == "carol").JoinedAt);

        Assert.Equal([("cs101", CourseRole.Student)], (await Classroom.ListCoursesOfAsync("bob", Ct)).Select(c => (c.Course.Id, c.Role)));
        Assert.Equal([("cs101", (CourseRole?)CourseRole.Student), ("cs102", null)], (await Classroom.ListCoursesAsync("bob", Ct)).Select(c => (c.Course.Id, c.Role)));
        Assert.Equal([("cs101", (CourseRole?)null), ("cs102", null)], (await Classroom.ListCoursesAsync(null, Ct)).Select(c => (c.Course.Id, c.Role)));

        Assert.True(await Classroom.RemoveMemberAsync("cs101", "bob", Ct));
        Assert.False(await Classroom.RemoveMemberAsync("cs101", "bob", Ct));
        Assert.Empty(await Classroom.ListCoursesOfAsync("bob", Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Classroom.SetMemberAsync("cs101", "bob", (CourseRole)5, T0, Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Classroom.SetMemberAsync("cs101", "nobody", CourseRole.Student, T0, Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Classroom.SetMemberAsync("nowhere", "bob", CourseRole.Student, T0, Ct));
    }

    [Fact]
    public async Task Assignments_RoundTrip_InCreationOrder_AndNeedAnExistingProblem()
    {
        await SeedCourseAsync();
        await Classroom.AddAssignmentAsync(new AssignmentRecord("a0", "cs101", "sum", "Again", null, T0.AddSeconds(1)), Ct);

        Assert.Equal(new AssignmentRecord("a1", "cs101", "sum", "Add two numbers", Stored(T0.AddDays(7)), Stored(T0)), await Classroom.GetAssignmentAsync("a1", Ct));
        Assert.Null((await Classroom.GetAssignmentAsync("a0", Ct))!.DueAt);
        Assert.Equal(["a1", "a0"], (await Classroom.ListAssignmentsAsync("cs101", Ct)).Select(a => a.Id));
        Assert.Null(await Classroom.GetAssignmentAsync("zz", Ct));
        await Assert.ThrowsAsync<StoreConflictException>(() => Classroom.AddAssignmentAsync(new AssignmentRecord("a1", "cs101", "sum", "dup", null, T0), Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Classroom.AddAssignmentAsync(new AssignmentRecord("a2", "cs101", "missing", "x", null, T0), Ct));
    }

    [Fact]
    public async Task Draft_IsReplacedBySave_PerUser_KeepingTextExactly()
    {
        await SeedCourseAsync();
        const string text = "print('héllo')\r\n\t# \u2028 end 😀";

        Assert.Null(await Classroom.GetDraftAsync("bob", "a1", Ct));
        await Classroom.SaveDraftAsync(new DraftRecord("bob", "a1", "python", "first", T0), Ct);
        await Classroom.SaveDraftAsync(new DraftRecord("bob", "a1", "c", text, T0.AddSeconds(3)), Ct);

        Assert.Equal(new DraftRecord("bob", "a1", "c", text, Stored(T0.AddSeconds(3))), await Classroom.GetDraftAsync("bob", "a1", Ct));
        Assert.Null(await Classroom.GetDraftAsync("carol", "a1", Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Classroom.SaveDraftAsync(new DraftRecord("bob", "zz", "c", "x", T0), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Classroom.SaveDraftAsync(new DraftRecord("bob", "a1", "c", "a\0b", T0), Ct));
        Assert.Equal(text, (await Classroom.GetDraftAsync("bob", "a1", Ct))?.Source);
    }

    [Fact]
    public async Task Grades_BestScorePerStudentAndAssignment_OverJudgedOwnedSubmissions()
    {
        await SeedCourseAsync();
        NewSubmission Answer(string id, string owner, int second) =>
            Submission(id, createdAt: T0.AddSeconds(second), owner: owner, problemId: "sum") with { AssignmentId = "a1" };
        await Store.AddSubmissionsAsync([Answer("b1", "bob", 1), Answer("b2", "bob", 2), Answer("b3", "bob", 3), Answer("c1", "carol", 4),
            Submission("x1", owner: "bob", problemId: "sum")], Ct);
        var outcomes = new Dictionary<string, SubmissionOutcome>
        {
            ["b1"] = new("{}", "WA", 40), ["b2"] = new("{}", "AC", 100), ["c1"] = new("{}", "TLE", 0), ["x1"] = new("{}", "AC", 100),
        };
        while (await Store.LeaseNextAsync("w1", TimeSpan.FromMinutes(1), [], T0, Ct) is { } lease)
        {
            if (outcomes.TryGetValue(lease.SubmissionId, out var outcome))
            {
                Assert.True(await Store.CompleteAsync(lease.SubmissionId, "w1", SubmissionStatus.Judged, outcome, T0, Ct));
            }
        }

        var grades = await Classroom.GradesAsync("cs101", Ct);

        Assert.Equal(
            [new GradeRow("a1", "bob", 2, 100, true, Stored(T0.AddSeconds(2))), new GradeRow("a1", "carol", 1, 0, false, Stored(T0.AddSeconds(4)))],
            grades);
        var b1 = await Store.GetSubmissionAsync("b1", Ct);
        Assert.Equal(("a1", "WA", 40.0), (b1!.AssignmentId, b1.Verdict, b1.Score));
        Assert.Equal(["b3", "b2", "b1"], (await Store.ListSubmissionsAsync(new SubmissionQuery(Owner: "bob", AssignmentId: "a1"), Ct)).Select(s => s.Id));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.CompleteAsync("b3", "w1", SubmissionStatus.Judged, new("{}", "AC", double.NaN), T0, Ct));
    }

    [Fact]
    public async Task KeySubmissions_AreCountedFromAnInstant()
    {
        await Store.AddSubmissionsAsync(
        [
            Submission("s1", createdAt: T0) with { KeyId = "k1" },
            Submission("s2", createdAt: T0.AddHours(1)) with { KeyId = "k1" },
            Submission("s3", createdAt: T0.AddHours(2)) with { KeyId = "k2" },
            Submission("s4", createdAt: T0.AddHours(3)),
        ], Ct);

        Assert.Equal(2, await Store.CountKeySubmissionsAsync("k1", T0, Ct));
        Assert.Equal(1, await Store.CountKeySubmissionsAsync("k1", T0.AddMinutes(1), Ct));
        Assert.Equal(0, await Store.CountKeySubmissionsAsync("k9", T0, Ct));
        Assert.Equal("k1", (await Store.GetSubmissionAsync("s1", Ct))?.KeyId);
    }

    [Fact]
    public async Task ApiKey_DailyQuota_RoundTrips()
    {
        await Store.AddUserAsync(User("u1", "alice"), Ct);
        await Store.AddApiKeyAsync(Key("k1", "u1", hash: "h1") with { DailyQuota = 500 }, Ct);
        await Store.AddApiKeyAsync(Key("k2", "u1", hash: "h2"), Ct);

        Assert.Equal(500, (await Store.FindApiKeyAsync("h1", Ct))?.Key.DailyQuota);
        Assert.Null((await Store.FindApiKeyAsync("h2", Ct))?.Key.DailyQuota);
        Assert.Equal("u1", (await Store.FindApiKeyAsync("h1", Ct))?.User.Id);
    }

    [Fact]
    public async Task Share_RoundTrips_ExpiredOnesStayUntilPurged()
    {
        var share = new ShareRecord("0123456789", "python", "print(input())", "héllo\n", null, T0, T0.AddDays(30));
        await Classroom.AddShareAsync(share, Ct);
        await Classroom.AddShareAsync(share with { Id = "abcdefabcd", ExpiresAt = T0.AddDays(1), Owner = "someone" }, Ct);

        Assert.Equal(share with { CreatedAt = Stored(T0), ExpiresAt = Stored(T0.AddDays(30)) }, await Classroom.GetShareAsync("0123456789", Ct));
        await Assert.ThrowsAsync<StoreConflictException>(() => Classroom.AddShareAsync(share, Ct));

        Assert.Equal(1, await Classroom.DeleteSharesExpiredBeforeAsync(T0.AddDays(2), Ct));
        Assert.Null(await Classroom.GetShareAsync("abcdefabcd", Ct));
        Assert.NotNull(await Classroom.GetShareAsync("0123456789", Ct));
    }

    [Fact]
    public async Task OldestWaitingAndActivity_SummariseTheQueueAndFinishedWorkPerMinute()
    {
        var minute = new DateTimeOffset(2026, 3, 4, 5, 6, 0, TimeSpan.Zero);
        Assert.Null(await Store.OldestWaitingAsync(minute, Ct));
        await Store.AddSubmissionsAsync(
            [Submission("a", minute), Submission("b", minute.AddSeconds(1)), Submission("c", minute.AddSeconds(2)), Submission("d", minute.AddSeconds(3))],
            Ct);
        Assert.Equal(minute, await Store.OldestWaitingAsync(minute, Ct));

        await Store.LeaseNextAsync("w1", TimeSpan.FromMinutes(10), [], minute, Ct);
        Assert.Equal(minute.AddSeconds(1), await Store.OldestWaitingAsync(minute, Ct));
        await Store.CompleteAsync("a", "w1", SubmissionStatus.Judged, new("{}", "AC", 1), minute.AddSeconds(10), Ct);
        await Store.LeaseNextAsync("w1", TimeSpan.FromMinutes(10), [], minute, Ct);
        await Store.CompleteAsync("b", "w1", SubmissionStatus.Judged, new("{}", "AC", 1), minute.AddSeconds(50), Ct);
        await Store.LeaseNextAsync("w1", TimeSpan.FromMinutes(10), [], minute, Ct);
        await Store.CompleteAsync("c", "w1", SubmissionStatus.Failed, new("{}", "IE"), minute.AddSeconds(70), Ct);

        Assert.Equal(
            [new ActivityBucket(minute, "AC", 2), new ActivityBucket(minute.AddMinutes(1), "IE", 1)],
            await Store.ActivityAsync(minute, Ct));
        Assert.Equal([new ActivityBucket(minute.AddMinutes(1), "IE", 1)], await Store.ActivityAsync(minute.AddSeconds(60), Ct));
        Assert.Equal(minute.AddSeconds(3), await Store.OldestWaitingAsync(minute, Ct));
    }

    [Fact]
    public async Task Assignment_UpdateAndDelete_DeletingTakesDraftsButLeavesSubmissionsOutOfGrades()
    {
        await SeedCourseAsync();
        await Classroom.SaveDraftAsync(new DraftRecord("bob", "a1", "c", "x", T0), Ct);
        await Store.AddSubmissionsAsync([Submission("s1", owner: "bob", problemId: "sum") with { AssignmentId = "a1" }], Ct);
        var lease = await Store.LeaseNextAsync("w1", TimeSpan.FromMinutes(1), [], T0, Ct);
        await Store.CompleteAsync(lease!.SubmissionId, "w1", SubmissionStatus.Judged, new("{}", "AC", 1), T0, Ct);

        Assert.True(await Classroom.UpdateAssignmentAsync("a1", "Renamed", null, Ct));
        Assert.Equal(("Renamed", (DateTimeOffset?)null), await Classroom.GetAssignmentAsync("a1", Ct) is { } a ? (a.Title, a.DueAt) : default);
        Assert.False(await Classroom.UpdateAssignmentAsync("zz", "x", null, Ct));
        Assert.Single(await Classroom.GradesAsync("cs101", Ct));

        Assert.True(await Classroom.DeleteAssignmentAsync("a1", Ct));
        Assert.False(await Classroom.DeleteAssignmentAsync("a1", Ct));
        Assert.Null(await Classroom.GetAssignmentAsync("a1", Ct));
        Assert.Null(await Classroom.GetDraftAsync("bob", "a1", Ct));
        Assert.Empty(await Classroom.GradesAsync("cs101", Ct));
        Assert.Equal("a1", (await Store.GetSubmissionAsync("s1", Ct))?.AssignmentId);
    }
}
