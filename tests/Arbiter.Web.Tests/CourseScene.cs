namespace Arbiter.Web.Tests;

/// <summary>What a course page test starts from, set up through the API: a teacher's course
/// with a "Sum it" assignment (the sample problem <c>sum</c>), a student in it, and that
/// student's wrong attempt.</summary>
public sealed record CourseScene(ApiUser Teacher, ApiUser Student, string CourseId, string JoinCode, string AssignmentId, string AttemptId) : IDisposable
{
    /// <summary>Subtracts instead of adding: wrong on five of the six tests.</summary>
    public const string WrongSum = "a, b = map(int, input().split())\nprint(a - b)\n";

    public static async Task<CourseScene> CreateAsync(CourseServer server)
    {
        var teacher = await server.StaffAsync();
        var student = await server.StudentAsync();
        var course = await teacher.PostAsync("/api/v1/courses", new { id = "s-" + Guid.NewGuid().ToString("N")[..8], title = "Scene course" });
        var courseId = course.GetProperty("id").GetString()!;
        var joinCode = course.GetProperty("joinCode").GetString()!;
        var assignment = (await teacher.PostAsync($"/api/v1/courses/{courseId}/assignments", new { problem = "sum", title = "Sum it" })).GetProperty("id").GetString()!;
        await student.PostAsync("/api/v1/courses/join", new { code = joinCode });
        var attempt = await student.SubmitAsync(new { language = "python3", source = WrongSum, assignment });
        return new CourseScene(teacher, student, courseId, joinCode, assignment, attempt.GetProperty("id").GetString()!);
    }

    public void Dispose()
    {
        Teacher.Dispose();
        Student.Dispose();
    }
}
