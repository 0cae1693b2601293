using System.Text.Json.Serialization;

namespace Arbiter.Storage.Classroom;

/// <summary>A member's role in one course (not their <see cref="UserRole"/>): stored and
/// serialized as "student" and "staff" (see <see cref="WireNames"/>).</summary>
public enum CourseRole
{
    [JsonStringEnumMemberName("student")]
    Student,

    [JsonStringEnumMemberName("staff")]
    Staff,
}
