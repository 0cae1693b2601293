using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Users;

/// <summary>Who is asking: a signed-in user (by session cookie or API key), or nobody. With
/// <see cref="AnonymousAccess.Trusted"/> nobody counts as staff: the operator has said that
/// everyone who can reach the server may see and run everything except user administration.
/// With <see cref="AnonymousAccess.Tickets"/> nobody is a visitor (<c>IsVisitor</c>), who may
/// submit and read by ticket only.</summary>
internal sealed record Caller(string? UserId, string? Name, string? Role, string? Via, bool IsVisitor = false)
{
    public bool IsAuthenticated => UserId is not null;

    public bool IsStaff => Roles.IsStaff(Role);

    public static Caller Of(HttpContext http)
    {
        var principal = http.User;
        if (principal.Identity?.IsAuthenticated == true)
        {
            return new Caller(principal.FindFirstValue(ClaimTypes.NameIdentifier), principal.FindFirstValue(ClaimTypes.Name), principal.FindFirstValue(ClaimTypes.Role), principal.Identity.AuthenticationType);
        }

        var anonymous = http.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.Anonymous;
        return new Caller(null, null, anonymous == AnonymousAccess.Trusted ? Roles.Staff : null, null, IsVisitor: anonymous == AnonymousAccess.Tickets);
    }

    public static ClaimsPrincipal Principal(string userId, string name, string role, string via) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], via));

    /// <summary>May this caller read a submission of <paramref name="owner"/>? Anonymous
    /// submissions are reached by their id or ticket alone, as before there were users.</summary>
    public bool MayRead(string? owner) => owner is null || owner == UserId || IsStaff;
}
