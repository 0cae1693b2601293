using OpenQA.Selenium;

namespace Arbiter.Web.Tests;

/// <summary>The attempt page beyond what <see cref="CourseTests"/> covers: valgrind's findings,
/// and a playground run (the admin dashboard links every job to this page).</summary>
public sealed class AttemptPageTests(CourseServer server) : IClassFixture<CourseServer>
{
    // An uninitialised read (line 15), a double free (line 17) and a leak (allocated on line 4).
    private const string MemoryErrors = """
        #include <stdio.h>
        #include <stdlib.h>
        static char *keep(long long v) {
            char *s = malloc(64);
            snprintf(s, 64, "%lld", v);
            return s;
        }
        int main(void) {
            long long a, b;
            if (scanf("%lld %lld", &a, &b) != 2) return 1;
            char *s = keep(a + b);
            puts(s);
            s = NULL;
            int *x = malloc(sizeof *x * 2);
            if (x[a & 1] > 5) puts("");
            free(x);
            free(x);
            return 0;
        }

        """;

    [Fact]
    public async Task AttemptPage_WithMemoryErrors_ShowsValgrindFindingsThatGoToTheirLines()
    {
        using var scene = await CourseScene.CreateAsync(server);
        var attempt = await scene.Student.SubmitAsync(new { language = "c", source = MemoryErrors, assignment = scene.AssignmentId });

        using var browser = server.OpenBrowser();
        browser.SignIn(scene.Student, $"/attempts/{attempt.GetProperty("id").GetString()}");
        var findings = browser.WaitForText("#valgrind", "double free");
        Assert.Contains("depends on an uninitialised value", findings, StringComparison.Ordinal);
        Assert.Contains("64 bytes lost in 1 block allocated at main.c:4", findings, StringComparison.Ordinal);
        Assert.Equal("64 bytes in 1 block", browser.WaitFor("#leaks [data-fact='definitely-lost'] dd").Text);
        browser.WaitForText("#failures", "double free detected");
        Browser.Until(() => browser.EditorText == MemoryErrors, "the submitted code");

        browser.Driver.FindElements(By.CssSelector("#valgrind button")).First(b => b.Text == "Line 17").Click();
        Assert.Equal(17L, browser.CursorLine());
        Assert.Empty(browser.ConsoleErrors());
    }

    [Fact]
    public async Task AttemptPage_OfAPlaygroundRun_ShowsItsExitAndOutput()
    {
        using var student = await server.StudentAsync();
        var run = await student.SubmitAsync(new { language = "python3", source = "print(input()[::-1])\n", stdin = "hello\n" });

        using var browser = server.OpenBrowser();
        browser.SignIn(student, $"/attempts/{run.GetProperty("id").GetString()}");
        browser.WaitForText("#live-status", "Finished: OK, exit code 0");
        Assert.Equal($"Run {run.GetProperty("ticket").GetString()}", browser.WaitFor("h1").Text);
        Assert.Equal("olleh", browser.WaitFor("#stdout").Text.Trim());
        Assert.Equal("0", browser.WaitFor("[data-fact='exit'] dd").Text);
        Assert.False(browser.Driver.FindElement(By.Id("tests-section")).Displayed);
        Assert.Empty(browser.ConsoleErrors());
    }
}
