using System.Globalization;
using System.Text;
using Arbiter.Server.Features.Users;
using Arbiter.Storage;
using Arbiter.Storage.Classroom;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Arbiter.Server.Features.Courses;

/// <summary>
/// Grades: the best score per student and assignment over judged attempts. The course's staff
/// get the whole table (<c>?format=csv</c> for a spreadsheet); a student gets their own row, and
/// <c>GET /api/v1/grades</c> gives a student their row in every course they are in.
/// </summary>
internal static class GradeEndpoints
{
    public static IEndpointRouteBuilder MapGrades(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/courses/{id}/grades", CourseAsync).WithTags("Courses").RequireAccess(AccessFilter.Level.SignedIn);
        routes.MapGet("/api/v1/grades", MineAsync).WithTags("Courses").RequireAccess(AccessFilter.Level.SignedIn);
        return routes;
    }

    private static async Task<Results<Ok<GradeTable>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> CourseAsync(
        string id, string? format, HttpContext http, IArbiterStore store, CourseAccess access, CancellationToken cancellationToken)
    {
        var caller = Caller.Of(http);
        var role = await access.RoleAsync(caller, id, cancellationToken);
        if (role is null || await store.Classroom.GetCourseAsync(id, cancellationToken) is not { } course)
        {
            return CourseProblems.NotFound("course", id);
        }

        var table = await TableAsync(store, course, role == CourseRole.Staff ? null : caller.UserId, cancellationToken);
        if (format is null)
        {
            return TypedResults.Ok(table);
        }

        if (format != "csv")
        {
            return CourseProblems.Invalid("'format' is csv, or leave it out for JSON");
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(Csv(table)), "text/csv; charset=utf-8", $"{course.Id}-grades.csv");
    }

    private static async Task<Ok<List<GradeTable>>> MineAsync(HttpContext http, IArbiterStore store, CancellationToken cancellationToken)
    {
        var caller = Caller.Of(http);
        var tables = new List<GradeTable>();
        foreach (var (course, _) in await store.Classroom.ListCoursesOfAsync(caller.UserId!, cancellationToken))
        {
            tables.Add(await TableAsync(store, course, caller.UserId, cancellationToken));
        }

        return TypedResults.Ok(tables);
    }

    /// <summary>The course's table: every student member (or just <paramref name="only"/>), with
    /// anyone who answered an assignment and has since left the course kept in it too.</summary>
    private static async Task<GradeTable> TableAsync(IArbiterStore store, CourseRecord course, string? only, CancellationToken cancellationToken)
    {
        var assignments = await store.Classroom.ListAssignmentsAsync(course.Id, cancellationToken);
        var grades = (await store.Classroom.GradesAsync(course.Id, cancellationToken)).Where(g => only is null || g.UserId == only).ToList();
        var people = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in await store.Classroom.ListMembersAsync(course.Id, cancellationToken))
        {
            if ((only is null && member.Role == CourseRole.Student) || member.UserId == only)
            {
                people[member.UserId] = member.UserName;
            }
        }

        foreach (var userId in grades.Select(g => g.UserId).Where(u => !people.ContainsKey(u)).Distinct().ToList())
        {
            people[userId] = (await store.GetUserAsync(userId, cancellationToken))?.Name ?? userId;
        }

        var byCell = grades.ToDictionary(g => (g.UserId, g.AssignmentId));
        var rows = people.OrderBy(p => p.Value, StringComparer.OrdinalIgnoreCase).Select(person =>
        {
            var cells = assignments.Select(a => byCell.TryGetValue((person.Key, a.Id), out var g)
                ? new GradeCell(a.Id, g.BestScore, g.Accepted, g.Attempts, g.LastAttemptAt)
                : new GradeCell(a.Id, null, false, 0, null)).ToList();
            return new GradeRowView(person.Key, person.Value, cells, cells.Sum(c => c.Best ?? 0));
        }).ToList();
        return new GradeTable(course.Id, course.Title, assignments.Select(AssignmentSummary.From).ToList(), rows);
    }

    /// <summary>RFC 4180 CSV. A cell that a spreadsheet would run as a formula (=, +, -, @ first)
    /// is prefixed with an apostrophe: user names and titles are not trusted.</summary>
    internal static string Csv(GradeTable table)
    {
        var csv = new StringBuilder();
        Line(csv, ["student", .. table.Assignments.Select(a => a.Title), "total"]);
        foreach (var row in table.Rows)
        {
            Line(csv, [row.Name, .. row.Cells.Select(c => c.Best is { } b ? b.ToString(CultureInfo.InvariantCulture) : ""), row.Total.ToString(CultureInfo.InvariantCulture)]);
        }

        return csv.ToString();
    }

    private static void Line(StringBuilder csv, IEnumerable<string> cells)
    {
        csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
    }

    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

public sealed record GradeTable(string CourseId, string CourseTitle, IReadOnlyList<AssignmentSummary> Assignments, IReadOnlyList<GradeRowView> Rows);

public sealed record GradeRowView(string UserId, string Name, IReadOnlyList<GradeCell> Cells, double Total);

/// <summary>One student's standing on one assignment; <c>Best</c> is null before any judged attempt.</summary>
public sealed record GradeCell(string AssignmentId, double? Best, bool Accepted, long Attempts, DateTimeOffset? LastAttemptAt);
