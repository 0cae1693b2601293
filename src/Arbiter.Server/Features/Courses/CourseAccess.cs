using Arbiter.Server.Features.Users;
using Arbiter.Storage.Classroom;

namespace Arbiter.Server.Features.Courses;

/// <summary>A caller's standing in one course: admins act as its staff everywhere; everyone
/// else has the role their membership gives ("staff" or "student") or none. A course a caller
/// has no standing in answers 404 like a missing one, so course ids cannot be probed.</summary>
internal static class CourseAccess
{
    public const string Staff = "staff";
    public const string Student = "student";

    public static async Task<string?> RoleAsync(IClassroomStore classroom, Caller caller, string courseId, CancellationToken cancellationToken)
    {
        if (caller.Role == Roles.Admin)
        {
            return Staff;
        }

        return caller.UserId is { } user ? await classroom.GetMemberRoleAsync(courseId, user, cancellationToken) : null;
    }

    public static IResult NotFound(string what, string id) =>
        TypedResults.Problem($"No {what} '{id}' that you can see.", statusCode: StatusCodes.Status404NotFound);

    public static IResult StaffOnly() =>
        TypedResults.Problem("Only the course's staff may do this.", statusCode: StatusCodes.Status403Forbidden);

    public static IResult Invalid(params string[] errors) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["request"] = errors }, detail: string.Join("; ", errors));
}
