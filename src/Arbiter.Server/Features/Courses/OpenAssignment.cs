using Arbiter.Storage.Classroom;

namespace Arbiter.Server.Features.Courses;

/// <summary>An assignment as <see cref="CourseAccess"/> opened it for one caller, with their role in its course.</summary>
internal sealed record OpenAssignment(AssignmentRecord Assignment, CourseRole Role)
{
    public bool IsStaff => Role == CourseRole.Staff;
}
