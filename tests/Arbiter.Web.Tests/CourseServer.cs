namespace Arbiter.Web.Tests;

/// <summary>
/// A server for the course pages: closed to anonymous callers (courses are about people), and
/// without the pause between a student's submissions, since the tests submit one after another.
/// Its first user, and so its admin, is signed up before any other.
/// </summary>
public sealed class CourseServer() : WebServer(new Dictionary<string, string>
{
    ["ARBITER__SERVER__ANONYMOUS"] = "off",
    ["ARBITER__SERVER__SUBMISSIONINTERVALSECONDS"] = "0",
})
{
    private Task<ApiUser>? _admin;

    /// <summary>The server's admin (signed up on first use; tests in a class run one at a time).</summary>
    public Task<ApiUser> AdminAsync() => _admin ??= ApiUser.SignUpAsync(Address, "admin");

    /// <summary>A new student with a unique name starting with <paramref name="prefix"/>.</summary>
    public async Task<ApiUser> StudentAsync(string prefix = "student")
    {
        await AdminAsync();
        return await ApiUser.SignUpAsync(Address, prefix + Guid.NewGuid().ToString("N")[..8]);
    }

    /// <summary>A new user the admin made staff.</summary>
    public async Task<ApiUser> StaffAsync(string prefix = "teacher")
    {
        var admin = await AdminAsync();
        var user = await ApiUser.SignUpAsync(Address, prefix + Guid.NewGuid().ToString("N")[..8]);
        await admin.PostAsync($"/api/v1/users/{user.Id}/role", new { role = "staff" });
        return user;
    }
}
