using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Arbiter.Server.Features.Users;
using Arbiter.Storage;
using Arbiter.Storage.Classroom;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Arbiter.Server.Features.Courses;

/// <summary>
/// /api/v1/courses: staff create courses (becoming their staff), students join with the
/// course's code, course staff manage members. Every course route needs a signed-in user:
/// courses are about people, so even a trusted anonymous server has none for nobody.
/// </summary>
internal static partial class CourseEndpoints
{
    // No 0/O or 1/I/L: codes are read aloud and typed from a projector.
    private const string CodeLetters = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public static IEndpointRouteBuilder MapCourses(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/courses").WithTags("Courses").RequireAccess(AccessFilter.Level.SignedIn);
        group.MapGet("/", ListAsync);
        group.MapPost("/", CreateAsync).RequireAccess(AccessFilter.Level.Staff);
        group.MapPost("/join", JoinAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapGet("/{id}/members", ListMembersAsync);
        group.MapPost("/{id}/members", SetMemberAsync);
        group.MapDelete("/{id}/members/{userId}", RemoveMemberAsync);
        return routes;
    }

    private static async Task<Ok<List<CourseView>>> ListAsync(HttpContext http, IArbiterStore store, CancellationToken cancellationToken)
    {
        var caller = Caller.Of(http);
        if (caller.Role == UserRole.Admin)
        {
            var all = await store.Classroom.ListCoursesAsync(caller.UserId, cancellationToken);
            return TypedResults.Ok(all.Select(c => CourseView.From(c.Course, CourseRole.Staff)).ToList());
        }

        var mine = await store.Classroom.ListCoursesOfAsync(caller.UserId!, cancellationToken);
        return TypedResults.Ok(mine.Select(c => CourseView.From(c.Course, c.Role)).ToList());
    }

    private static async Task<Results<Created<CourseView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CourseRequest? request,
        HttpContext http,
        IArbiterStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if (request?.Id is not { } id || !CourseId().IsMatch(id))
        {
            errors.Add("'id' must be 2 to 40 lower-case letters, digits or '-', starting with a letter or digit (e.g. cs101-2026)");
        }

        var title = request?.Title?.Trim() ?? "";
        if (title.Length is 0 or > 200 || TextInput.Problem(title, "title", 800) is not null)
        {
            errors.Add("'title' must be 1 to 200 characters of text");
        }

        if (errors.Count > 0)
        {
            return CourseProblems.Invalid([.. errors]);
        }

        var caller = Caller.Of(http);
        var now = time.GetUtcNow();
        var course = new CourseRecord(request!.Id!, title, NewJoinCode(), caller.UserId!, now);
        for (var attempt = 0; ; attempt++)
        {
            if (await store.Classroom.GetCourseAsync(course.Id, cancellationToken) is not null)
            {
                return TypedResults.Problem($"A course '{course.Id}' exists already.", statusCode: StatusCodes.Status409Conflict);
            }

            try
            {
                await store.Classroom.AddCourseAsync(course, cancellationToken);
                break;
            }
            catch (StoreConflictException) when (attempt < 3)
            {
                // The join code was taken (or the id, by a racing request: the check above says which).
                course = course with { JoinCode = NewJoinCode() };
            }
        }

        await store.Classroom.SetMemberAsync(course.Id, caller.UserId!, CourseRole.Staff, now, cancellationToken);
        return TypedResults.Created($"/api/v1/courses/{course.Id}", CourseView.From(course, CourseRole.Staff, []));
    }

    private static async Task<Results<Ok<CourseView>, ProblemHttpResult>> JoinAsync(
        JoinRequest? request,
        HttpContext http,
        IArbiterStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var code = request?.Code?.Trim().ToUpperInvariant() ?? "";
        var course = code.Length is > 0 and <= 32 ? await store.Classroom.GetCourseByJoinCodeAsync(code, cancellationToken) : null;
        if (course is null)
        {
            return TypedResults.Problem("No course has this join code.", statusCode: StatusCodes.Status404NotFound);
        }

        var caller = Caller.Of(http);
        // Joining again keeps the role one has (staff stay staff).
        if (await store.Classroom.GetMemberRoleAsync(course.Id, caller.UserId!, cancellationToken) is not { } role)
        {
            role = CourseRole.Student;
            await store.Classroom.SetMemberAsync(course.Id, caller.UserId!, role, time.GetUtcNow(), cancellationToken);
        }

        return TypedResults.Ok(CourseView.From(course, role));
    }

    private static async Task<Results<Ok<CourseView>, ProblemHttpResult>> GetAsync(
        string id,
        HttpContext http,
        IArbiterStore store,
        CourseAccess access,
        CancellationToken cancellationToken)
    {
        var role = await access.RoleAsync(Caller.Of(http), id, cancellationToken);
        if (role is not { } known || await store.Classroom.GetCourseAsync(id, cancellationToken) is not { } course)
        {
            return CourseProblems.NotFound("course", id);
        }

        var assignments = await store.Classroom.ListAssignmentsAsync(id, cancellationToken);
        return TypedResults.Ok(CourseView.From(course, known, assignments.Select(AssignmentSummary.From).ToList()));
    }

    private static async Task<Results<Ok<List<MemberView>>, ProblemHttpResult>> ListMembersAsync(
        string id,
        HttpContext http,
        IArbiterStore store,
        CourseAccess access,
        CancellationToken cancellationToken)
    {
        var role = await access.RoleAsync(Caller.Of(http), id, cancellationToken);
        // An admin is staff of every course id, a missing one too: it must exist.
        if (role is null || await store.Classroom.GetCourseAsync(id, cancellationToken) is null)
        {
            return CourseProblems.NotFound("course", id);
        }

        if (role != CourseRole.Staff)
        {
            return CourseProblems.StaffOnly();
        }

        var members = await store.Classroom.ListMembersAsync(id, cancellationToken);
        return TypedResults.Ok(members.Select(m => new MemberView(m.UserId, m.UserName, m.Role, m.JoinedAt)).ToList());
    }

    private static async Task<Results<Ok<MemberView>, ValidationProblem, ProblemHttpResult>> SetMemberAsync(
        string id, MemberRequest? request, HttpContext http, IArbiterStore store, CourseAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        var role = await access.RoleAsync(Caller.Of(http), id, cancellationToken);
        if (role is null || await store.Classroom.GetCourseAsync(id, cancellationToken) is null)
        {
            return CourseProblems.NotFound("course", id);
        }

        if (role != CourseRole.Staff)
        {
            return CourseProblems.StaffOnly();
        }

        if (!WireNames.TryParse<CourseRole>(request?.Role, out var given))
        {
            return CourseProblems.Invalid("'role' must be \"student\" or \"staff\"");
        }

        if (request!.User is not { Length: > 0 and <= 256 } name || await store.GetUserByNameAsync(name, cancellationToken) is not { } user)
        {
            return TypedResults.Problem($"No user named '{request.User}'.", statusCode: StatusCodes.Status404NotFound);
        }

        var joined = time.GetUtcNow();
        await store.Classroom.SetMemberAsync(id, user.Id, given, joined, cancellationToken);
        return TypedResults.Ok(new MemberView(user.Id, user.Name, given, joined));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMemberAsync(
        string id,
        string userId,
        HttpContext http,
        IArbiterStore store,
        CourseAccess access,
        CancellationToken cancellationToken)
    {
        var caller = Caller.Of(http);
        var role = await access.RoleAsync(caller, id, cancellationToken);
        if (role is null)
        {
            return CourseProblems.NotFound("course", id);
        }

        // Anyone may leave; only staff remove others.
        if (role != CourseRole.Staff && userId != caller.UserId)
        {
            return CourseProblems.StaffOnly();
        }

        return await store.Classroom.RemoveMemberAsync(id, userId, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem($"'{userId}' is not a member of '{id}'.", statusCode: StatusCodes.Status404NotFound);
    }

    private static string NewJoinCode() => string.Create(8, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = CodeLetters[RandomNumberGenerator.GetInt32(CodeLetters.Length)];
        }
    });

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,39}$")]
    private static partial Regex CourseId();
}
