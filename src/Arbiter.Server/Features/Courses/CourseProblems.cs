using Microsoft.AspNetCore.Http.HttpResults;

namespace Arbiter.Server.Features.Courses;

/// <summary>The Courses feature's error answers, as typed results.</summary>
internal static class CourseProblems
{
    /// <summary>Missing, or not the caller's to see: the two answer alike.</summary>
    public static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem($"No {what} '{id}' that you can see.", statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult StaffOnly() =>
        TypedResults.Problem("Only the course's staff may do this.", statusCode: StatusCodes.Status403Forbidden);

    public static ValidationProblem Invalid(params string[] errors) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["request"] = errors }, detail: string.Join("; ", errors));
}
