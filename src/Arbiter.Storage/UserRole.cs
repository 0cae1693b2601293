using System.Text.Json.Serialization;

namespace Arbiter.Storage;

/// <summary>Who may do what: students see their own submissions; staff see everyone's and run
/// the operator endpoints; admins also manage users. Stored, serialized and carried in sign-in
/// claims as "student", "staff" and "admin" (see <see cref="WireNames"/>).</summary>
public enum UserRole
{
    [JsonStringEnumMemberName("student")]
    Student,

    [JsonStringEnumMemberName("staff")]
    Staff,

    [JsonStringEnumMemberName("admin")]
    Admin,
}
