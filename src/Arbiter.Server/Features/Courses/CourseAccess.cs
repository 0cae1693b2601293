using Arbiter.Server.Features.Users;
using Arbiter.Storage;
using Arbiter.Storage.Classroom;

namespace Arbiter.Server.Features.Courses;

/// <summary>
/// The one owner of a caller's standing in a course, asked by every feature that needs it: the
/// course and assignment endpoints, the intake of a submission to an assignment, and the
/// <see cref="Submissions.ResultPolicy"/> every door a result leaves by goes through. Admins act
/// as staff of every course; everyone else has the role their membership gives, or none;
/// nobody (no signed-in user) has none anywhere. A course or assignment a caller has no standing
/// in answers like a missing one, so ids cannot be probed.
/// </summary>
internal sealed class CourseAccess(IArbiterStore store)
{
    /// <summary>Longer ids are no assignment's: answered as missing without a store read.</summary>
    private const int MaxAssignmentId = 64;

    /// <summary>The caller's role in the course, or null when they have none (or it does not exist).</summary>
    public async Task<CourseRole?> RoleAsync(Caller caller, string courseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.UserId is not { } user)
        {
            return null;
        }

        return caller.Role == UserRole.Admin ? CourseRole.Staff : await store.Classroom.GetMemberRoleAsync(courseId, user, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The assignment with the caller's role in its course: what a member may open, draft
    /// and submit to. Null when it does not exist or the caller is not in its course.</summary>
    public async Task<OpenAssignment?> OpenAsync(Caller caller, string assignmentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(assignmentId);
        if (caller.UserId is null || assignmentId.Length > MaxAssignmentId
            || await store.Classroom.GetAssignmentAsync(assignmentId, cancellationToken).ConfigureAwait(false) is not { } assignment)
        {
            return null;
        }

        return await RoleAsync(caller, assignment.CourseId, cancellationToken).ConfigureAwait(false) is { } role ? new OpenAssignment(assignment, role) : null;
    }

    /// <summary>Whether the caller is staff of the course the assignment belongs to: who sees
    /// every member's answers to it in full (secret tests included).</summary>
    public async Task<bool> IsStaffOfAssignmentAsync(Caller caller, string assignmentId, CancellationToken cancellationToken) =>
        (await OpenAsync(caller, assignmentId, cancellationToken).ConfigureAwait(false))?.Role == CourseRole.Staff;
}
