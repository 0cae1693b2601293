namespace Arbiter.Storage.Classroom;

/// <summary>
/// Courses, their members and assignments, drafts, grades and shared playground programs. Written
/// once (<see cref="ClassroomStore"/>) over the SQL both databases understand alike; a
/// conflicting id or join code raises <see cref="StoreConflictException"/>, a reference to an
/// unknown user, course or problem raises <see cref="KeyNotFoundException"/>.
/// </summary>
public interface IClassroomStore
{
    Task AddCourseAsync(CourseRecord course, CancellationToken cancellationToken);

    Task<CourseRecord?> GetCourseAsync(string id, CancellationToken cancellationToken);

    Task<CourseRecord?> GetCourseByJoinCodeAsync(string joinCode, CancellationToken cancellationToken);

    /// <summary>Every course, oldest first, with <paramref name="userId"/>'s role in each (null when not a member).</summary>
    Task<IReadOnlyList<(CourseRecord Course, CourseRole? Role)>> ListCoursesAsync(string? userId, CancellationToken cancellationToken);

    /// <summary>The courses <paramref name="userId"/> belongs to, with the role in each.</summary>
    Task<IReadOnlyList<(CourseRecord Course, CourseRole Role)>> ListCoursesOfAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Adds the member or changes their role.</summary>
    Task SetMemberAsync(string courseId, string userId, CourseRole role, DateTimeOffset at, CancellationToken cancellationToken);

    Task<bool> RemoveMemberAsync(string courseId, string userId, CancellationToken cancellationToken);

    /// <summary>The member's role, or null when not a member.</summary>
    Task<CourseRole?> GetMemberRoleAsync(string courseId, string userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<CourseMember>> ListMembersAsync(string courseId, CancellationToken cancellationToken);

    Task AddAssignmentAsync(AssignmentRecord assignment, CancellationToken cancellationToken);

    Task<AssignmentRecord?> GetAssignmentAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<AssignmentRecord>> ListAssignmentsAsync(string courseId, CancellationToken cancellationToken);

    /// <summary>Changes an assignment's title and due date; false for an unknown one.</summary>
    Task<bool> UpdateAssignmentAsync(string id, string title, DateTimeOffset? dueAt, CancellationToken cancellationToken);

    /// <summary>Removes an assignment and its drafts; its submissions stay (they leave the grades). False for an unknown one.</summary>
    Task<bool> DeleteAssignmentAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces the user's draft for the assignment.</summary>
    Task SaveDraftAsync(DraftRecord draft, CancellationToken cancellationToken);

    Task<DraftRecord?> GetDraftAsync(string userId, string assignmentId, CancellationToken cancellationToken);

    /// <summary>Per student and assignment of the course, over judged submissions with an owner.</summary>
    Task<IReadOnlyList<GradeRow>> GradesAsync(string courseId, CancellationToken cancellationToken);

    Task AddShareAsync(ShareRecord share, CancellationToken cancellationToken);

    /// <summary>The share, expired or not (the caller tells "expired" from "unknown").</summary>
    Task<ShareRecord?> GetShareAsync(string id, CancellationToken cancellationToken);

    /// <summary>Deletes shares that expired before <paramref name="before"/>; returns how many.</summary>
    Task<int> DeleteSharesExpiredBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
