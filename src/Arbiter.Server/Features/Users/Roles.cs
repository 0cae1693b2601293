using Arbiter.Storage;

namespace Arbiter.Server.Features.Users;

/// <summary>What a <see cref="UserRole"/> may do beyond its own: staff and admins see everyone's
/// submissions and run the operator endpoints; only admins manage users.</summary>
internal static class Roles
{
    public static bool IsStaff(UserRole? role) => role is UserRole.Staff or UserRole.Admin;
}
