using OpenQA.Selenium;

namespace Arbiter.Web.Tests;

[Collection(SharedWebServer.Name)]
public sealed class PlaygroundTests(WebServer server)
{
    [Fact]
    public void Run_PythonWithStdin_ShowsStdoutExitStatusAndTime()
    {
        using var browser = server.OpenBrowser();
        browser.Open("/");
        browser.Click("#language option[value='python3']");
        browser.TypeInEditor("print(input()[::-1])");
        Assert.Equal("print(input()[::-1])", browser.EditorText);
        browser.Type("#stdin", "arbiter");

        browser.Click("#run");

        browser.WaitForText("#run-status", "Finished");
        Assert.Equal("retibra", browser.WaitFor("#stdout").Text.Trim());
        Assert.StartsWith("OK", browser.WaitFor("[data-fact='status'] dd").Text, StringComparison.Ordinal);
        Assert.Equal("0", browser.WaitFor("[data-fact='exit'] dd").Text);
        Assert.Matches(@"^\d+(\.\d+)? (ms|s)$", browser.WaitFor("[data-fact='time'] dd").Text);
        Assert.Matches(@"^\d+(\.\d+)? (KiB|MiB)$", browser.WaitFor("[data-fact='memory'] dd").Text);
    }

    [Fact]
    public void Run_CWithCompileError_ShowsTheErrorOnItsLine()
    {
        using var browser = server.OpenBrowser();
        browser.Open("/");
        browser.Click("#language option[value='c']");
        browser.SetEditorText("#include <stdio.h>\n\nint main(void) {\n    printf(\"hi\\n\")\n    return 0;\n}\n");

        // Ctrl-Enter in the editor runs, as the hint says.
        browser.WaitFor(".cm-content").SendKeys(Keys.Control + Keys.Enter);

        browser.WaitForText("#run-status", "Compilation failed");
        var diagnostic = browser.WaitForText("#diagnostics", "error");
        Assert.Matches(@"Line [45], column \d+ error: expected", diagnostic);
        Assert.StartsWith("CE", browser.WaitFor("[data-fact='status'] dd").Text, StringComparison.Ordinal);

        // The line is a button that puts the cursor there.
        browser.Click("#diagnostics button");
        var line = Convert.ToInt32(
            browser.Script("const s = window.arbiterEditor.view.state; return s.doc.lineAt(s.selection.main.head).number;"),
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(line, 4, 5);
    }

    [Fact]
    public void LanguagePicker_ShowsVersions_AndReplacesOnlyAnUntouchedProgram()
    {
        using var browser = server.OpenBrowser();
        browser.Open("/");
        Assert.Matches(@"^C \(\d+\.\d+", browser.WaitFor("#language option[value='c']").Text);

        browser.Click("#language option[value='c']");
        Assert.Contains("#include <stdio.h>", browser.EditorText, StringComparison.Ordinal);
        browser.Click("#language option[value='rust']");
        Assert.Contains("fn main()", browser.EditorText, StringComparison.Ordinal);

        browser.SetEditorText("fn main() { println!(\"mine\"); }\n");
        browser.Click("#language option[value='go']");
        Assert.Equal("fn main() { println!(\"mine\"); }\n", browser.EditorText);
    }
}
