namespace Arbiter.Server.Features.Users;

/// <summary>Who may do what: students see their own submissions; staff see everyone's and run
/// the operator endpoints; admins also manage users.</summary>
internal static class Roles
{
    public const string Student = "student";
    public const string Staff = "staff";
    public const string Admin = "admin";

    public static readonly string[] All = [Student, Staff, Admin];

    public static bool IsStaff(string? role) => role is Staff or Admin;
}
