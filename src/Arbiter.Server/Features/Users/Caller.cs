using System.Security.Claims;
using Arbiter.Storage;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Users;

/// <summary>Who is asking: a signed-in user (by session cookie or API key), or nobody. With
/// <see cref="AnonymousAccess.Trusted"/> nobody counts as staff: the operator has said that
/// everyone who can reach the server may see and run everything except user administration.
/// With <see cref="AnonymousAccess.Tickets"/> nobody is a visitor (<c>IsVisitor</c>), who may
/// submit and read by ticket only. <c>KeyId</c> and <c>KeyQuota</c> are set when an API key
/// authenticated the request (its own daily quota, if it has one).</summary>
internal sealed record Caller(string? UserId, string? Name, UserRole? Role, string? Via, bool IsVisitor = false, string? KeyId = null, int? KeyQuota = null)
{
    private const string KeyClaim = "arbiter:key";
    private const string QuotaClaim = "arbiter:quota";
    private const string StampClaim = "arbiter:stamp";

    public bool IsAuthenticated => UserId is not null;

    public bool IsStaff => Roles.IsStaff(Role);

    public static Caller Of(HttpContext http)
    {
        var principal = http.User;
        if (principal.Identity?.IsAuthenticated == true)
        {
            return new Caller(
                principal.FindFirstValue(ClaimTypes.NameIdentifier),
                principal.FindFirstValue(ClaimTypes.Name),
                RoleOf(principal),
                principal.Identity.AuthenticationType,
                KeyId: principal.FindFirstValue(KeyClaim),
                KeyQuota: int.TryParse(principal.FindFirstValue(QuotaClaim), System.Globalization.CultureInfo.InvariantCulture, out var quota) ? quota : null);
        }

        return Anonymous(http.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.Anonymous);
    }

    /// <summary>Nobody, as the server's <see cref="AnonymousAccess"/> mode treats them.</summary>
    public static Caller Anonymous(AnonymousAccess mode) =>
        new(null, null, mode == AnonymousAccess.Trusted ? UserRole.Staff : null, null, IsVisitor: mode == AnonymousAccess.Tickets);

    /// <summary>The role claim is the stored word ("staff"), as in sessions opened before roles were an enum.</summary>
    public static ClaimsPrincipal Principal(string userId, string name, UserRole role, string via) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, WireNames.Of(role))], via));

    /// <summary>The principal's role; none for a claim no role is written as.</summary>
    public static UserRole? RoleOf(ClaimsPrincipal principal) =>
        WireNames.TryParse<UserRole>(principal.FindFirstValue(ClaimTypes.Role), out var role) ? role : null;

    /// <summary>A web session: it carries a stamp of the password it was opened with, so a
    /// password change ends every other session (see <see cref="IsCurrentSession"/>).</summary>
    public static ClaimsPrincipal SessionPrincipal(UserRecord user, string via)
    {
        var principal = Principal(user.Id, user.Name, user.Role, via);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(StampClaim, Stamp(user.PasswordHash)));
        return principal;
    }

    /// <summary>Whether a session principal was opened with the user's current password.</summary>
    public static bool IsCurrentSession(ClaimsPrincipal principal, UserRecord user) =>
        principal.FindFirstValue(StampClaim) is { } stamp
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(stamp),
            System.Text.Encoding.ASCII.GetBytes(Stamp(user.PasswordHash)));

    /// <summary>A short digest of the password hash: it changes with the password and gives
    /// nothing of the hash away inside the (encrypted) cookie.</summary>
    private static string Stamp(string passwordHash) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(passwordHash)))[..16];

    /// <summary>A user authenticated by one of their API keys.</summary>
    public static ClaimsPrincipal KeyPrincipal(UserRecord user, ApiKeyRecord key)
    {
        var principal = Principal(user.Id, user.Name, user.Role, ApiKeys.Scheme);
        var identity = (ClaimsIdentity)principal.Identity!;
        identity.AddClaim(new Claim(KeyClaim, key.Id));
        if (key.DailyQuota is { } quota)
        {
            identity.AddClaim(new Claim(QuotaClaim, quota.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return principal;
    }

    /// <summary>May this caller read a submission of <paramref name="owner"/>? Anonymous
    /// submissions are reached by their id or ticket alone, as before there were users.</summary>
    public bool MayRead(string? owner) => owner is null || owner == UserId || IsStaff;
}
