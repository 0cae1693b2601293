using System.Text.RegularExpressions;
using Arbiter.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Arbiter.Server.Features.Users;

/// <summary>
/// Sign-up, sign-in (a cookie session), sign-out, who am I, API keys (create, list, revoke) and
/// user administration. Passwords are hashed with ASP.NET Core's PasswordHasher (PBKDF2 with a
/// salt and many iterations), never stored; the first user to sign up is the admin.
/// </summary>
internal static partial class UserEndpoints
{
    private static readonly PasswordHasher<UserRecord> Hasher = new();

    // Sign-ups one at a time in this process, so two first sign-ups cannot both become admin.
    private static readonly SemaphoreSlim SignUpGate = new(1, 1);

    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/api/v1/auth").WithTags("Users");
        auth.MapPost("/signup", SignUpAsync);
        auth.MapPost("/login", LogInAsync);
        auth.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.NoContent();
        });
        routes.MapGet("/api/v1/whoami", WhoAmI).WithTags("Users");
        routes.MapPost("/api/v1/auth/password", ChangePasswordAsync).WithTags("Users").RequireAccess(AccessFilter.Level.SignedIn);

        var keys = routes.MapGroup("/api/v1/keys").WithTags("Users").RequireAccess(AccessFilter.Level.SignedIn);
        keys.MapPost("/", CreateKeyAsync);
        keys.MapGet("/", ListKeysAsync);
        keys.MapDelete("/{id}", RevokeKeyAsync);

        var users = routes.MapGroup("/api/v1/users").WithTags("Users").RequireAccess(AccessFilter.Level.Admin);
        users.MapGet("/", async (IUserStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListUsersAsync(ct)).Select(UserView.From).ToList()));
        users.MapPost("/{id}/role", SetRoleAsync);
        users.MapPost("/{id}/password", ResetPasswordAsync);
        return routes;
    }

    private static async Task<Results<Created<UserView>, ValidationProblem>> SignUpAsync(
        Credentials? request,
        IUserStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = Check(request);
        if (errors.Count > 0)
        {
            return Invalid("request", [.. errors]);
        }

        var user = new UserRecord(Guid.NewGuid().ToString("N"), request!.Name!, "", UserRole.Student, time.GetUtcNow());
        user = user with { PasswordHash = Hasher.HashPassword(user, request.Password!) };
        await SignUpGate.WaitAsync(cancellationToken);
        try
        {
            user = user with { Role = await store.CountUsersAsync(cancellationToken) == 0 ? UserRole.Admin : UserRole.Student };
            await store.AddUserAsync(user, cancellationToken);
        }
        catch (StoreConflictException)
        {
            return Invalid("name", "this name is taken");
        }
        finally
        {
            SignUpGate.Release();
        }

        return TypedResults.Created($"/api/v1/users/{user.Id}", UserView.From(user));
    }

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> LogInAsync(
        Credentials? request,
        HttpContext http,
        IUserStore store,
        SignInThrottle throttle,
        CancellationToken cancellationToken)
    {
        var name = request?.Name ?? "";
        var address = http.Connection.RemoteIpAddress?.ToString();
        if (throttle.RetryAfter(name, address) is { } seconds)
        {
            SignInThrottle.Refuse(http, seconds);
            return TypedResults.Problem($"Too many failed sign-ins; try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many attempts");
        }

        var user = name.Length > 0 && name.Length <= 256 ? await store.GetUserByNameAsync(name, cancellationToken) : null;
        var verdict = user is null || request?.Password is null ? PasswordVerificationResult.Failed : Hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            // The same answer for an unknown name and a wrong password.
            throttle.Failed(name, address);
            return TypedResults.Problem("The name or the password is wrong.", statusCode: StatusCodes.Status401Unauthorized);
        }

        throttle.Succeeded(name);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Caller.SessionPrincipal(user!, CookieAuthenticationDefaults.AuthenticationScheme));
        return TypedResults.Ok(UserView.From(user!));
    }

    /// <summary>A signed-in user changes their password, proving the current one (failures count
    /// towards the sign-in throttle, so this is no side door for guessing).</summary>
    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> ChangePasswordAsync(
        PasswordChange? request,
        HttpContext http,
        IUserStore store,
        SignInThrottle throttle,
        CancellationToken cancellationToken)
    {
        var caller = Caller.Of(http);
        var address = http.Connection.RemoteIpAddress?.ToString();
        if (throttle.RetryAfter(caller.Name!, address) is { } seconds)
        {
            SignInThrottle.Refuse(http, seconds);
            return TypedResults.Problem($"Too many failed attempts; try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many attempts");
        }

        if (request?.Password is not { Length: >= 8 and <= 1024 })
        {
            return Invalid("password", "the new password must have 8 to 1024 characters");
        }

        var user = await store.GetUserAsync(caller.UserId!, cancellationToken);
        if (user is null || request.Current is null || Hasher.VerifyHashedPassword(user, user.PasswordHash, request.Current) == PasswordVerificationResult.Failed)
        {
            throttle.Failed(caller.Name!, address);
            return TypedResults.Problem("The current password is wrong.", statusCode: StatusCodes.Status403Forbidden);
        }

        user = user with { PasswordHash = Hasher.HashPassword(user, request.Password) };
        await store.SetPasswordHashAsync(user.Id, user.PasswordHash, cancellationToken);
        // Every other session ends (their stamp no longer matches); this one goes on.
        if (caller.Via == CookieAuthenticationDefaults.AuthenticationScheme)
        {
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Caller.SessionPrincipal(user, CookieAuthenticationDefaults.AuthenticationScheme));
        }

        return TypedResults.NoContent();
    }

    private static Results<Ok<WhoAmIView>, ProblemHttpResult> WhoAmI(HttpContext http)
    {
        var caller = Caller.Of(http);
        if (!caller.IsAuthenticated && http.Request.Headers.Authorization.Count > 0)
        {
            return TypedResults.Problem("The credentials sent are not valid (an unknown or revoked API key?).", statusCode: StatusCodes.Status401Unauthorized);
        }

        var server = $"{http.Request.Scheme}://{http.Request.Host}";
        return TypedResults.Ok(new WhoAmIView(caller.IsAuthenticated, caller.UserId, caller.Name, caller.Role, caller.Via, caller.KeyId,
            $"arbiter login --server {server}   (or send 'Authorization: Bearer <key>' with a key from /api/v1/keys)"));
    }

    private static async Task<Results<Created<NewKeyView>, ValidationProblem>> CreateKeyAsync(
        KeyRequest? request,
        HttpContext http,
        IUserStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var name = request?.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            return Invalid("name", "a key needs a name of 1 to 100 characters");
        }

        if (request!.DailyQuota is < 1 or > 100_000_000)
        {
            return Invalid("dailyQuota", "a daily quota is 1 to 100000000 submissions (leave it out for none)");
        }

        var secret = ApiKeys.NewSecret();
        var key = new ApiKeyRecord(
            Guid.NewGuid().ToString("N"),
            Caller.Of(http).UserId!,
            name,
            ApiKeys.Hash(secret),
            ApiKeys.Prefix(secret),
            time.GetUtcNow(),
            null,
            request.DailyQuota);
        await store.AddApiKeyAsync(key, cancellationToken);
        return TypedResults.Created($"/api/v1/keys/{key.Id}", new NewKeyView(key.Id, key.Name, key.Prefix, key.CreatedAt, secret, key.DailyQuota));
    }

    private static async Task<Ok<List<KeyView>>> ListKeysAsync(HttpContext http, IUserStore store, CancellationToken cancellationToken)
    {
        var keys = await store.ListApiKeysAsync(Caller.Of(http).UserId!, cancellationToken);
        return TypedResults.Ok(keys.Select(k => new KeyView(k.Id, k.Name, k.Prefix, k.CreatedAt, k.RevokedAt, k.DailyQuota)).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(
        string id,
        HttpContext http,
        IUserStore store,
        TimeProvider time,
        CancellationToken cancellationToken) =>
        await store.RevokeApiKeyAsync(Caller.Of(http).UserId!, id, time.GetUtcNow(), cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem($"You have no active key '{id}'.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<NoContent, ProblemHttpResult>> SetRoleAsync(string id, RoleRequest? request, IUserStore store, CancellationToken cancellationToken)
    {
        if (!WireNames.TryParse<UserRole>(request?.Role, out var role))
        {
            return TypedResults.Problem($"'role' must be one of {string.Join(", ", WireNames.All<UserRole>())}.", statusCode: StatusCodes.Status400BadRequest);
        }

        return await store.SetUserRoleAsync(id, role, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem($"No user '{id}'.", statusCode: StatusCodes.Status404NotFound);
    }

    /// <summary>An admin sets a new password for someone who forgot theirs; the user's web
    /// sessions end (their stamp no longer matches), their API keys keep working.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> ResetPasswordAsync(
        string id,
        PasswordChange? request,
        IUserStore store,
        CancellationToken cancellationToken)
    {
        if (request?.Password is not { Length: >= 8 and <= 1024 })
        {
            return Invalid("password", "the new password must have 8 to 1024 characters");
        }

        if (await store.GetUserAsync(id, cancellationToken) is not { } user)
        {
            return TypedResults.Problem($"No user '{id}'.", statusCode: StatusCodes.Status404NotFound);
        }

        await store.SetPasswordHashAsync(user.Id, Hasher.HashPassword(user, request.Password), cancellationToken);
        return TypedResults.NoContent();
    }

    private static List<string> Check(Credentials? request)
    {
        var errors = new List<string>();
        if (request?.Name is not { } name || !NamePattern().IsMatch(name))
        {
            errors.Add("'name' must be 3 to 64 letters, digits, '.', '_' or '-'");
        }

        if (request?.Password is not { Length: >= 8 and <= 1024 })
        {
            errors.Add("'password' must have 8 to 1024 characters");
        }

        return errors;
    }

    private static ValidationProblem Invalid(string field, params string[] errors) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = errors }, detail: string.Join("; ", errors));

    [GeneratedRegex("^[A-Za-z0-9._-]{3,64}$")]
    private static partial Regex NamePattern();
}

/// <summary>Sign-up and sign-in.</summary>
public sealed record Credentials(string? Name, string? Password);

/// <summary>A password change: the current password, and the new one.</summary>
public sealed record PasswordChange(string? Current, string? Password);

/// <summary>A new key's name and, optionally, how many submissions it may send per UTC day.</summary>
public sealed record KeyRequest(string? Name, int? DailyQuota = null);

public sealed record RoleRequest(string? Role);

/// <summary>A user as shown: never the password hash.</summary>
public sealed record UserView(string Id, string Name, UserRole Role, DateTimeOffset CreatedAt)
{
    internal static UserView From(UserRecord user) => new(user.Id, user.Name, user.Role, user.CreatedAt);
}

/// <summary>The caller; in anonymous mode an unauthenticated caller shows role "staff".
/// <c>KeyId</c> names the API key the request came with; <c>Cli</c> says how to set up the CLI.</summary>
public sealed record WhoAmIView(bool Authenticated, string? Id, string? Name, UserRole? Role, string? Via, string? KeyId, string Cli);

/// <summary>A new key: the only time its secret is shown.</summary>
public sealed record NewKeyView(string Id, string Name, string Prefix, DateTimeOffset CreatedAt, string Key, int? DailyQuota);

public sealed record KeyView(string Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, int? DailyQuota);
