using System.IO.Compression;
using OpenQA.Selenium;

namespace Arbiter.Web.Tests;

/// <summary>
/// The course pages (/courses, /courses/{id}, /assignments/{id}, /attempts/{id}, /grades) as
/// staff and students use them. People and what a test is not about are set up through the API.
/// </summary>
public sealed class CourseTests(CourseServer server) : IClassFixture<CourseServer>
{
    private const string Wrong = CourseScene.WrongSum;
    private const string CompileError = "#include <stdio.h>\n\nint main(void) {\n    int x = ;\n    return x;\n}\n";

    [Fact]
    public async Task Course_StaffSetsItUp_StudentJoinsWritesSubmitsReadsAttemptsAndGrades()
    {
        using var teacher = await server.StaffAsync();
        using var student = await server.StudentAsync();
        var courseId = "c-" + Guid.NewGuid().ToString("N")[..8];

        // Staff: create the course and its assignment through the forms.
        using var staff = server.OpenBrowser();
        staff.SignIn(teacher, "/courses");
        staff.Type("#course-title", "Programming 1");
        staff.Type("#course-id", courseId);
        staff.Click("#create button[type='submit']");
        staff.AwaitPage($"/courses/{courseId}");
        var code = Browser.Until(() => staff.WaitFor("#join-code").GetDomProperty("value") is { Length: 8 } value ? value : null, "the join code");
        staff.Click("#problem option[value='sum']");
        staff.Type("#assignment-title", "Sum it");
        staff.Script("document.getElementById('due').value = '2031-01-15T17:00'");
        staff.Click("#add-assignment button[type='submit']");
        staff.WaitForText("#assignments", "Sum it");
        Assert.Contains("2031", staff.WaitFor("#assignments tbody").Text, StringComparison.Ordinal);
        Assert.Empty(staff.ConsoleErrors());

        // Student: join with the code, open the assignment.
        using var browser = server.OpenBrowser();
        browser.SignIn(student, "/courses");
        browser.Type("#join-code", code.ToLowerInvariant());
        browser.Click("#join button[type='submit']");
        browser.AwaitPage($"/courses/{courseId}");
        browser.WaitForText("#assignments", "Sum it");
        browser.Click("#assignments tbody a");
        var assignmentPath = browser.AwaitPage("/assignments/");
        browser.WaitForText("#statement", "Read two integers and print their sum");
        browser.WaitForText("#samples", "1 2");
        Assert.Equal("Sum it", browser.WaitFor("h1").Text);
        Assert.Equal("c", browser.WaitFor("#language").GetDomProperty("value"));
        Assert.Contains("TODO: print the sum", browser.EditorText, StringComparison.Ordinal);

        // The Python template replaces the untouched C one; typing is saved and survives a reload.
        browser.Click("#language option[value='python3']");
        Assert.Equal("a, b = map(int, input().split())\n# TODO: print the sum\n", browser.EditorText);
        browser.TypeInEditor("a, b = map(int, input().split())" + Keys.Enter + "print(a - b)" + Keys.Enter);
        Assert.Equal(Wrong, browser.EditorText);
        browser.WaitForText("#save-status", "Saved at");
        browser.Open(assignmentPath);
        Assert.Equal(Wrong, browser.EditorText);
        Assert.Equal("python3", browser.WaitFor("#language").GetDomProperty("value"));

        // Submitting shows the judging live, without leaving the page.
        browser.Script("window.stillThisPage = true");
        browser.Click("#submit");
        browser.WaitForText("#submit-status", "Judged: WA");
        browser.WaitFor("#attempts tbody [data-verdict='WA']");
        browser.TypeInEditor("a, b = map(int, input().split())" + Keys.Enter + "print(a + b)" + Keys.Enter);
        browser.WaitFor(".cm-content").SendKeys(Keys.Control + Keys.Enter);
        browser.WaitForText("#submit-status", "Judged: AC");
        browser.WaitFor("#attempts tbody [data-verdict='AC']");
        browser.Click("#language option[value='c']");
        browser.SetEditorText(CompileError);
        Browser.Until(() => browser.Script("return !document.getElementById('submit').disabled") is true, "Submit to be enabled");
        browser.Click("#submit");
        browser.WaitForText("#submit-status", "Judged: CE");
        Assert.Equal(true, browser.Script("return window.stillThisPage"));
        var attempts = browser.WaitForText("#attempts tbody", "Compile error");
        Assert.Contains("Accepted", attempts, StringComparison.Ordinal);
        Assert.Contains("6 / 6 passed", attempts, StringComparison.Ordinal);
        Assert.Contains("1 / 6 passed", attempts, StringComparison.Ordinal);
        var wrongAttempt = AttemptHref(browser, "WA");
        var compileAttempt = AttemptHref(browser, "CE");

        // The wrong attempt: per-test verdicts, the diff of a failed test, the code.
        browser.Click("#attempts tbody tr:has([data-verdict='WA']) a");
        browser.AwaitPage(wrongAttempt);
        browser.WaitForText("#live-status", "Judged: WA");
        browser.WaitForText("#tests", "sample/1");
        var diff = browser.WaitForText("#failures", "Expected");
        Assert.Contains("expected '3', your output has '-1'", diff, StringComparison.Ordinal);
        Assert.Equal(["3", "-1"], browser.Driver.FindElements(By.CssSelector("#failures table.diff")).First().FindElements(By.CssSelector("tbody .diff-text")).Select(e => e.Text));
        Browser.Until(() => browser.EditorText == Wrong, "the submitted code");

        // The compile error: its diagnostic moves the cursor to its line.
        browser.Open(compileAttempt);
        var diagnostic = browser.WaitForText("#diagnostics", "Line 4");
        Assert.Contains("error", diagnostic, StringComparison.Ordinal);
        Browser.Until(() => browser.EditorText == CompileError, "the submitted code");
        browser.Click("#diagnostics button");
        Assert.Equal(4L, browser.CursorLine());
        Assert.Empty(browser.ConsoleErrors());

        // Grades: the student's best, and the staff's table with its CSV.
        browser.Open("/grades");
        var mine = browser.WaitForText($"[data-course='{courseId}']", "Sum it");
        Assert.Equal("1", browser.WaitFor($"[data-course='{courseId}'] tbody td.best").Text);
        Assert.Contains("✓", mine, StringComparison.Ordinal);
        Assert.Empty(browser.ConsoleErrors());

        staff.Open($"/courses/{courseId}");
        var row = staff.WaitForText($"#grades tr[data-student='{student.Name}']", "1");
        Assert.Contains("✓", row, StringComparison.Ordinal);

        // The link, fetched as the browser would (with its cookie): a CSV file, one row per student.
        var download = (IReadOnlyList<object>)staff.Script(
            "return fetch(document.getElementById('grades-csv').href).then(async r => [r.headers.get('content-type'), await r.text()])")!;
        Assert.StartsWith("text/csv", (string)download[0], StringComparison.Ordinal);
        Assert.Equal(["student,Sum it,total", $"{student.Name},1,1"], ((string)download[1]).Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(staff.ConsoleErrors());
    }

    [Fact]
    public async Task Student_SeesNoStaffParts_AndIsToldWhenACourseOrAttemptIsNotTheirs()
    {
        using var scene = await CourseScene.CreateAsync(server);
        using var other = await server.StudentAsync("other");
        await other.PostAsync("/api/v1/courses/join", new { code = scene.JoinCode });
        var theirs = await other.SubmitAsync(new { language = "python3", source = CourseScene.WrongSum, assignment = scene.AssignmentId });
        var elsewhere = (await scene.Teacher.PostAsync(
            "/api/v1/courses",
            new { id = "x-" + Guid.NewGuid().ToString("N")[..8], title = "Not yours" })).GetProperty("id").GetString();

        using var browser = server.OpenBrowser();
        browser.SignIn(scene.Student, $"/courses/{scene.CourseId}");
        browser.WaitForText("#assignments", "Sum it");
        Assert.Equal("You take this course.", browser.WaitFor("#role-line").Text);
        Assert.False(browser.Driver.FindElement(By.Id("staff")).Displayed);
        Assert.Equal("", browser.Driver.FindElement(By.Id("join-code")).GetDomProperty("value"));
        Assert.DoesNotContain(scene.JoinCode, browser.Driver.PageSource, StringComparison.Ordinal);
        Assert.Empty(browser.ConsoleErrors());

        browser.Open($"/courses/{elsewhere}");
        Assert.Equal("No such course", browser.WaitFor("h1").Text);
        browser.WaitForText("#error", "no course at this address that you can see");

        browser.Open($"/attempts/{theirs.GetProperty("id").GetString()}");
        Assert.Equal("No such attempt", browser.WaitFor("h1").Text);
        browser.WaitForText("#error", "shown only to the person who made it and to their course's staff");
        Assert.False(browser.Driver.FindElement(By.Id("content")).Displayed);
    }

    [Fact]
    public async Task Staff_ImportsAPackage_AddsAMember_AndSeesEveryonesAttempts()
    {
        using var scene = await CourseScene.CreateAsync(server);
        using var newcomer = await server.StudentAsync("newcomer");
        var package = Path.Combine(Path.GetTempPath(), $"arbiter-sum-{Guid.NewGuid():N}.zip");
        ZipFile.CreateFromDirectory(SampleProblem("sum"), package);
        try
        {
            using var browser = server.OpenBrowser();
            browser.SignIn(scene.Teacher, $"/courses/{scene.CourseId}");
            browser.WaitFor("#package").SendKeys(package);
            browser.Type("#import-title", "Sum, imported");
            browser.Click("#import button[type='submit']");
            browser.WaitForText("#import-status", "Added “Sum, imported”");
            browser.WaitForText("#assignments", "Sum, imported");
            Assert.Contains($"{scene.CourseId}-", browser.WaitFor("#assignments tbody").Text, StringComparison.Ordinal);

            browser.Type("#member-name", newcomer.Name);
            browser.Click("#member-role option[value='staff']");
            browser.Click("#add-member button[type='submit']");
            Assert.Contains("staff", browser.WaitForText("#members", newcomer.Name), StringComparison.Ordinal);

            browser.Open($"/assignments/{scene.AssignmentId}");
            Assert.Equal("Attempts", browser.WaitFor("#attempts-heading").Text);
            Assert.Contains(scene.Student.Name, browser.WaitForText("#attempts tbody", "Wrong answer"), StringComparison.Ordinal);
            browser.Click("#attempts tbody a");
            browser.AwaitPage($"/attempts/{scene.AttemptId}");
            Assert.Equal(scene.Student.Name, browser.WaitFor("[data-fact='student'] dd").Text);
            Assert.Empty(browser.ConsoleErrors());
        }
        finally
        {
            File.Delete(package);
        }
    }

    [Fact]
    public async Task Assignment_LeftRightAfterTyping_KeepsTheText()
    {
        using var scene = await CourseScene.CreateAsync(server);
        using var browser = server.OpenBrowser();
        browser.SignIn(scene.Student, $"/assignments/{scene.AssignmentId}");
        browser.Click("#language option[value='python3']");
        browser.SetEditorText("print(sum(map(int, input().split())))\n");

        // Straight away, before autosave's next turn: leaving the page saves (keepalive).
        browser.Open("/grades");
        browser.Open($"/assignments/{scene.AssignmentId}");

        Assert.Equal("print(sum(map(int, input().split())))\n", browser.EditorText);
        browser.WaitForText("#save-status", "Draft saved at");
        Assert.Empty(browser.ConsoleErrors());
    }

    private static string AttemptHref(Browser browser, string verdict) =>
        new Uri(browser.WaitFor($"#attempts tbody tr:has([data-verdict='{verdict}']) a").GetDomProperty("href")!).AbsolutePath;

    /// <summary>A sample problem package's directory (problems/NAME in the repository).</summary>
    private static string SampleProblem(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "problems", name);
            if (File.Exists(Path.Combine(candidate, "problem.yaml")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"problems/{name} above {AppContext.BaseDirectory}");
    }
}
