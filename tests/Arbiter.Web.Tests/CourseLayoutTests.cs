namespace Arbiter.Web.Tests;

/// <summary>The course pages on a phone, and their labels, for a student and for staff.</summary>
public sealed class CourseLayoutTests(CourseServer server) : IClassFixture<CourseServer>
{
    [Fact]
    public async Task CoursePages_AtPhoneWidth_HaveNoHorizontalScroll()
    {
        using var scene = await CourseScene.CreateAsync(server);
        using var browser = server.OpenBrowser(width: 375, height: 812);
        browser.SignIn(scene.Student, "/courses");
        foreach (var path in new[] { "/courses", $"/courses/{scene.CourseId}", $"/assignments/{scene.AssignmentId}", $"/attempts/{scene.AttemptId}", "/grades" })
        {
            browser.Open(path);
            browser.AssertFitsWidth(path);
        }

        using var staff = server.OpenBrowser(width: 375, height: 812);
        staff.SignIn(scene.Teacher, $"/courses/{scene.CourseId}");
        staff.WaitForText("#grades", scene.Student.Name);
        staff.AssertFitsWidth("/courses/{id} as staff");
    }

    [Fact]
    public async Task CoursePages_EveryControlIsLabelled()
    {
        using var scene = await CourseScene.CreateAsync(server);
        using var student = server.OpenBrowser();
        student.SignIn(scene.Student, "/courses");
        using var staff = server.OpenBrowser();
        staff.SignIn(scene.Teacher, "/courses");
        foreach (var (browser, path) in new[]
        {
            (student, "/courses"), (student, $"/courses/{scene.CourseId}"), (student, $"/assignments/{scene.AssignmentId}"),
            (student, $"/attempts/{scene.AttemptId}"), (student, "/grades"), (staff, "/courses"), (staff, $"/courses/{scene.CourseId}"),
        })
        {
            browser.Open(path);
            var unlabelled = (IReadOnlyList<object>)browser.Script(
                """
                return [...document.querySelectorAll("input, select, textarea, button, [contenteditable='true']")]
                    .filter(e => !e.labels?.length && !e.getAttribute("aria-label") && !e.getAttribute("aria-labelledby") && !e.textContent.trim())
                    .map(e => e.id || e.outerHTML.slice(0, 80));
                """)!;
            Assert.True(unlabelled.Count == 0, $"{path}: {string.Join(", ", unlabelled)} without a label");
        }
    }
}
