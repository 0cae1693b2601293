using System.Security.Cryptography;
using Arbiter.Engine.Languages;
using Arbiter.Engine.Problems;
using Arbiter.Server.Features.Problems;
using Arbiter.Server.Features.Users;
using Arbiter.Storage;
using Arbiter.Storage.Classroom;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Courses;

/// <summary>
/// Assignments: course staff set an existing problem, or import a package straight into the
/// course (it gets a new problem id of its own, so a course never overwrites another's problem);
/// members open an assignment (statement, samples, templates, their draft), save drafts, and see
/// their attempts — the course's staff see everyone's.
/// </summary>
internal static class AssignmentEndpoints
{
    public static IEndpointRouteBuilder MapAssignments(this IEndpointRouteBuilder routes)
    {
        var course = routes.MapGroup("/api/v1/courses/{courseId}/assignments").WithTags("Courses").RequireAccess(AccessFilter.Level.SignedIn);
        course.MapPost("/", CreateAsync);
        course.MapPost("/import", ImportAsync).Accepts<byte[]>("application/zip");

        var group = routes.MapGroup("/api/v1/assignments").WithTags("Courses").RequireAccess(AccessFilter.Level.SignedIn);
        group.MapGet("/{id}", GetAsync);
        group.MapPut("/{id}", UpdateAsync);
        group.MapDelete("/{id}", DeleteAsync);
        group.MapGet("/{id}/draft", GetDraftAsync);
        group.MapPut("/{id}/draft", SaveDraftAsync);
        group.MapGet("/{id}/attempts", AttemptsAsync);
        return routes;
    }

    private static async Task<Results<Created<AssignmentSummary>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string courseId, AssignmentRequest? request, HttpContext http, IArbiterStore store, CourseAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await StaffGateAsync(store, access, http, courseId, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (request?.Problem is not { Length: > 0 } problemId || await store.GetProblemAsync(problemId, cancellationToken) is not { } problem)
        {
            return CourseProblems.Invalid(request?.Problem is { Length: > 0 } ? $"unknown problem '{request.Problem}'" : "'problem' is required");
        }

        return await AddAsync(store, courseId, problem.Id, request.Title ?? problem.Name, request.DueAt, time, cancellationToken);
    }

    private static async Task<Results<Created<AssignmentSummary>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        string courseId, string? title, DateTimeOffset? dueAt, HttpRequest request, HttpContext http, IArbiterStore store, CourseAccess access, ProblemLibrary problems,
        IOptions<ServerOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await StaffGateAsync(store, access, http, courseId, cancellationToken) is { } refused)
        {
            return refused;
        }

        var (zip, tooBig) = await ProblemEndpoints.ReadPackageAsync(request, options.Value.MaxProblemBytes, cancellationToken);
        if (tooBig is not null)
        {
            return tooBig;
        }

        ProblemRecord problem;
        try
        {
            problem = await problems.ImportAsync(zip!, $"{courseId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}", Caller.Of(http).UserId, cancellationToken);
        }
        catch (ProblemPackageException e)
        {
            return TypedResults.Problem(e.Message, title: "Malformed problem package", statusCode: StatusCodes.Status400BadRequest);
        }

        return await AddAsync(store, courseId, problem.Id, title ?? problem.Name, dueAt, time, cancellationToken);
    }

    private static async Task<Results<Created<AssignmentSummary>, ValidationProblem, ProblemHttpResult>> AddAsync(
        IArbiterStore store, string courseId, string problemId, string title, DateTimeOffset? dueAt, TimeProvider time, CancellationToken cancellationToken)
    {
        title = title.Trim();
        if (title.Length is 0 or > 200 || TextInput.Problem(title, "title", 800) is not null)
        {
            return CourseProblems.Invalid("'title' must be 1 to 200 characters of text");
        }

        var assignment = new AssignmentRecord(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), courseId, problemId, title, dueAt, time.GetUtcNow());
        await store.Classroom.AddAssignmentAsync(assignment, cancellationToken);
        return TypedResults.Created($"/api/v1/assignments/{assignment.Id}", AssignmentSummary.From(assignment));
    }

    private static async Task<Results<Ok<AssignmentView>, ProblemHttpResult>> GetAsync(
        string id,
        HttpContext http,
        IArbiterStore store,
        CourseAccess access,
        ProblemLibrary problems,
        CancellationToken cancellationToken)
    {
        var caller = Caller.Of(http);
        if (await access.OpenAsync(caller, id, cancellationToken) is not { } opened)
        {
            return CourseProblems.NotFound("assignment", id);
        }

        var (assignment, role) = opened;

        var course = await store.Classroom.GetCourseAsync(assignment.CourseId, cancellationToken);
        var problem = await ProblemEndpoints.ViewAsync(assignment.ProblemId, problems, cancellationToken);
        var draft = await store.Classroom.GetDraftAsync(caller.UserId!, id, cancellationToken);
        return TypedResults.Ok(new AssignmentView(assignment.Id, assignment.CourseId, course?.Title ?? assignment.CourseId, assignment.Title, assignment.DueAt, role,
            problem!, draft is null ? null : DraftView.From(draft)));
    }

    /// <summary>Course staff replace the title and due date (a null <c>dueAt</c> removes it).</summary>
    private static async Task<Results<Ok<AssignmentSummary>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id,
        AssignmentRequest? request,
        HttpContext http,
        IArbiterStore store,
        CourseAccess access,
        CancellationToken cancellationToken)
    {
        if (await access.OpenAsync(Caller.Of(http), id, cancellationToken) is not { } opened)
        {
            return CourseProblems.NotFound("assignment", id);
        }

        if (!opened.IsStaff)
        {
            return CourseProblems.StaffOnly();
        }

        var title = request?.Title?.Trim() ?? "";
        if (title.Length is 0 or > 200 || TextInput.Problem(title, "title", 800) is not null)
        {
            return CourseProblems.Invalid("'title' must be 1 to 200 characters of text");
        }

        await store.Classroom.UpdateAssignmentAsync(id, title, request!.DueAt, cancellationToken);
        return TypedResults.Ok(AssignmentSummary.From(opened.Assignment with { Title = title, DueAt = request.DueAt }));
    }

    /// <summary>Course staff remove an assignment and its drafts; its attempts stay readable
    /// by id but leave the grades.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id,
        HttpContext http,
        IArbiterStore store,
        CourseAccess access,
        CancellationToken cancellationToken)
    {
        if (await access.OpenAsync(Caller.Of(http), id, cancellationToken) is not { } opened)
        {
            return CourseProblems.NotFound("assignment", id);
        }

        if (!opened.IsStaff)
        {
            return CourseProblems.StaffOnly();
        }

        await store.Classroom.DeleteAssignmentAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<DraftView>, NoContent, ProblemHttpResult>> GetDraftAsync(
        string id,
        HttpContext http,
        IArbiterStore store,
        CourseAccess access,
        CancellationToken cancellationToken)
    {
        var caller = Caller.Of(http);
        if (await access.OpenAsync(caller, id, cancellationToken) is null)
        {
            return CourseProblems.NotFound("assignment", id);
        }

        return await store.Classroom.GetDraftAsync(caller.UserId!, id, cancellationToken) is { } draft
            ? TypedResults.Ok(DraftView.From(draft))
            : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<DraftView>, ValidationProblem, ProblemHttpResult>> SaveDraftAsync(
        string id,
        DraftRequest? request,
        HttpContext http,
        IArbiterStore store,
        CourseAccess access,
        LanguageCatalog languages,
        IOptions<ServerOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = Caller.Of(http);
        if (await access.OpenAsync(caller, id, cancellationToken) is null)
        {
            return CourseProblems.NotFound("assignment", id);
        }

        var errors = new List<string>();
        if (request?.Language is not { Length: > 0 } language || languages.Find(language) is null)
        {
            errors.Add(request?.Language is { Length: > 0 } ? $"unknown language '{request.Language}'" : "'language' is required");
        }

        if (TextInput.Problem(request?.Source, "source", options.Value.MaxSourceBytes) is { } problem)
        {
            errors.Add(problem);
        }

        if (errors.Count > 0)
        {
            return CourseProblems.Invalid([.. errors]);
        }

        var draft = new DraftRecord(caller.UserId!, id, request!.Language!, request.Source!, time.GetUtcNow());
        await store.Classroom.SaveDraftAsync(draft, cancellationToken);
        return TypedResults.Ok(DraftView.From(draft));
    }

    private static async Task<Results<Ok<List<AttemptView>>, ProblemHttpResult>> AttemptsAsync(
        string id,
        string? user,
        int? limit,
        HttpContext http,
        IArbiterStore store,
        CourseAccess access,
        CancellationToken cancellationToken)
    {
        var caller = Caller.Of(http);
        if (await access.OpenAsync(caller, id, cancellationToken) is not { } opened)
        {
            return CourseProblems.NotFound("assignment", id);
        }

        if (user is not null && user != caller.UserId && !opened.IsStaff)
        {
            return CourseProblems.StaffOnly();
        }

        // Students see their own; staff everyone's, or one student's with ?user=.
        var owner = opened.IsStaff ? user : caller.UserId;
        var records = await store.ListSubmissionsAsync(new SubmissionQuery(Owner: owner, AssignmentId: id, Limit: Math.Clamp(limit ?? 100, 1, 500)), cancellationToken);
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var userId in records.Select(r => r.Owner).OfType<string>().Distinct())
        {
            names[userId] = (await store.GetUserAsync(userId, cancellationToken))?.Name;
        }

        return TypedResults.Ok(records.Select(r => Submissions.ResultPolicy.Attempt(r, r.Owner is null ? null : names[r.Owner])).ToList());
    }

    /// <summary>Null when the caller is staff of an existing course; else why not (404 or 403).</summary>
    private static async Task<ProblemHttpResult?> StaffGateAsync(IArbiterStore store, CourseAccess access, HttpContext http, string courseId, CancellationToken cancellationToken)
    {
        var role = await access.RoleAsync(Caller.Of(http), courseId, cancellationToken);
        return role is null || await store.Classroom.GetCourseAsync(courseId, cancellationToken) is null ? CourseProblems.NotFound("course", courseId)
            : role != CourseRole.Staff ? CourseProblems.StaffOnly()
            : null;
    }
}
