using Arbiter.Storage;

namespace Arbiter.Server.Features.Users;

/// <summary>
/// The door on each route group. Credentials that do not work (a revoked key, a bad bearer
/// token) are always refused with 401, even in anonymous mode: a client that meant to be someone
/// must not silently become nobody. Otherwise: <see cref="Level.Caller"/> routes need a signed-in
/// user unless anonymous callers are let in (<see cref="AnonymousAccess.Tickets"/> or
/// <see cref="AnonymousAccess.Trusted"/>); <see cref="Level.Member"/> routes need a user or a
/// trusted anonymous caller; <see cref="Level.Staff"/> routes need staff or an admin (trusted
/// anonymous callers count as staff); <see cref="Level.SignedIn"/> routes always need a user;
/// <see cref="Level.Admin"/> routes always need an admin.
/// </summary>
internal sealed class AccessFilter(AccessFilter.Level level) : IEndpointFilter
{
    public enum Level
    {
        Caller,
        Member,
        SignedIn,
        Staff,
        Admin,
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var caller = Caller.Of(http);
        if (!caller.IsAuthenticated && http.Request.Headers.Authorization.Count > 0)
        {
            return TypedResults.Problem("The credentials sent are not valid (an unknown or revoked API key?).", statusCode: StatusCodes.Status401Unauthorized);
        }

        var allowed = level switch
        {
            Level.Caller => caller.IsAuthenticated || caller.IsStaff || caller.IsVisitor,
            Level.Member => caller.IsAuthenticated || caller.IsStaff,
            Level.SignedIn => caller.IsAuthenticated,
            Level.Staff => caller.IsStaff,
            _ => caller.Role == UserRole.Admin,
        };
        if (allowed)
        {
            return await next(context);
        }

        return caller.IsAuthenticated
            ? TypedResults.Problem("This needs a higher role.", statusCode: StatusCodes.Status403Forbidden)
            : TypedResults.Problem("Sign in, or send an API key as 'Authorization: Bearer arb_…'.", statusCode: StatusCodes.Status401Unauthorized);
    }
}

/// <summary>Attaches an <see cref="AccessFilter"/>.</summary>
internal static class AccessFilterExtensions
{
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, AccessFilter.Level level)
        where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilter(new AccessFilter(level));
}
