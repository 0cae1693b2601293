using System.Text.RegularExpressions;

namespace Arbiter.Cli.Tests.Client;

/// <summary><c>arbiter submit</c>, <c>attempts</c> and <c>problems</c> against a real server that
/// judges the sample problem <c>sum</c>, signed in as a student.</summary>
[Collection(SharedClientServer.Name)]
public sealed class SubmissionCommandTests(ClientServer server) : ClientTest(server)
{
    [Fact]
    public async Task Submit_CorrectSolutionWithWait_IsAcceptedWithEveryTestShown()
    {
        await LoginAsync("accepted");

        var submit = await RunAsync("submit", SumSubmission("accepted", "sum.c"), "--problem", "sum", "--wait");

        Assert.True(submit.ExitCode == 0, submit.ToString());
        var output = submit.StdoutText;
        Assert.Contains("verdict: AC  score 1/1", output, StringComparison.Ordinal);
        foreach (var test in new[] { "sample/1", "sample/2", "secret/01-zero", "secret/04-mixed" })
        {
            Assert.Matches($@"(?m)^  {Regex.Escape(test)}\s+AC\s+[0-9.]+ ms\s+\d+ KiB$", output);
        }

        Assert.Contains("valgrind:", output, StringComparison.Ordinal);
        Assert.Contains("times: compile", output, StringComparison.Ordinal);
        Assert.Contains("arbiter: submitted sum.c (c) to sum: ticket ", submit.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_WrongAnswer_ShowsTheFirstDiffAndExitsWithTheRejectedCode()
    {
        await LoginAsync("wrong");

        var submit = await RunAsync("submit", SumSubmission("wrong_answer", "absolute.c"), "--problem", "sum", "--wait");

        Assert.True(submit.ExitCode == ExitCodes.Rejected, submit.ToString());
        Assert.Contains("verdict: WA  score 0/1  failed: secret/02-negative", submit.StdoutText, StringComparison.Ordinal);
        // A student does not see a secret test's data, only that it failed.
        Assert.Contains("first failed test, secret/02-negative: a secret test; its data and your output on it are not shown", submit.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("-15", submit.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_CompileError_ShowsDiagnosticsWithFileLineAndColumn()
    {
        await LoginAsync("broken");
        var source = Path.Combine(Home, "broken.c");
        await File.WriteAllTextAsync(source, "#include <stdio.h>\nint main(void) {\n    int x = 1\n    return x;\n}\n", Token);

        var submit = await RunAsync("submit", source, "--problem", "sum", "--wait");

        Assert.True(submit.ExitCode == ExitCodes.Rejected, submit.ToString());
        Assert.Contains("verdict: CE", submit.StdoutText, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^main\.c:4:\d+: error: ", submit.StdoutText);
    }

    [Fact]
    public async Task Submit_Json_PrintsTheServersJson_WithAndWithoutWait()
    {
        await LoginAsync("json");

        var queued = await RunAsync("submit", SumSubmission("accepted", "sum.py"), "--problem", "sum", "--json");
        var finished = await RunAsync("submit", SumSubmission("accepted", "sum.py"), "--problem", "sum", "--json", "--wait");

        Assert.True(queued.ExitCode == 0, queued.ToString());
        Assert.Matches("^[A-Z]{5}$", queued.Json().GetProperty("ticket").GetString());
        Assert.True(finished.ExitCode == 0, finished.ToString());
        var submission = finished.Json();
        Assert.Equal("Judged", submission.GetProperty("status").GetString());
        Assert.Equal("python3", submission.GetProperty("language").GetString());
        Assert.Equal("AC", submission.GetProperty("result").GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Submit_UnknownProblemOrUnknownExtension_IsAUsageErrorInPlainWords()
    {
        await LoginAsync("usage");
        var odd = Path.Combine(Home, "solution.zzz");
        await File.WriteAllTextAsync(odd, "print(1)\n", Token);

        var unknownProblem = await RunAsync("submit", SumSubmission("accepted", "sum.py"), "--problem", "no-such-problem");
        var unknownLanguage = await RunAsync("submit", odd, "--problem", "sum");
        var neither = await RunAsync("submit", SumSubmission("accepted", "sum.py"));

        Assert.True(unknownProblem.ExitCode == ExitCodes.Usage, unknownProblem.ToString());
        Assert.Contains("unknown problem 'no-such-problem'", unknownProblem.Stderr, StringComparison.Ordinal);
        Assert.True(unknownLanguage.ExitCode == ExitCodes.Usage, unknownLanguage.ToString());
        Assert.Contains("pass --language", unknownLanguage.Stderr, StringComparison.Ordinal);
        Assert.True(neither.ExitCode == ExitCodes.Usage, neither.ToString());
        foreach (var run in new[] { unknownProblem, unknownLanguage, neither })
        {
            Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Attempts_ListsOnlyTheUsersOwnSubmissionsNewestFirst()
    {
        await LoginAsync("other");
        var others = (await RunAsync("submit", SumSubmission("accepted", "sum.py"), "--problem", "sum", "--json")).Json().GetProperty("ticket").GetString()!;
        File.Delete(ConfigPath);
        await LoginAsync("attempts");
        var accepted = (await RunAsync("submit", SumSubmission("accepted", "sum.py"), "--problem", "sum", "--json", "--wait")).Json().GetProperty("ticket").GetString()!;
        var wrong = (await RunAsync("submit", SumSubmission("wrong_answer", "difference.py"), "--problem", "sum", "--json", "--wait")).Json().GetProperty("ticket").GetString()!;

        var attempts = await RunAsync("attempts");
        var latest = await RunAsync("attempts", "--problem", "sum", "--limit", "1", "--json");

        Assert.True(attempts.ExitCode == 0, attempts.ToString());
        var lines = attempts.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^time\s+ticket\s+problem\s+language\s+status\s+verdict\s+score$", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Matches($@"^\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d\s+{wrong}\s+sum\s+python3\s+Judged\s+WA\s+0/1$", lines[1]);
        Assert.Matches($@"^\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d\s+{accepted}\s+sum\s+python3\s+Judged\s+AC\s+1/1$", lines[2]);
        Assert.DoesNotContain(others, attempts.StdoutText, StringComparison.Ordinal);
        Assert.True(latest.ExitCode == 0, latest.ToString());
        var item = Assert.Single(latest.Json().GetProperty("items").EnumerateArray());
        Assert.Equal(wrong, item.GetProperty("ticket").GetString());
        Assert.Equal("WA", item.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Problems_ListsTheSampleProblems_AsATableAndAsJson()
    {
        await LoginAsync("problems");

        var table = await RunAsync("problems");
        var json = await RunAsync("problems", "--json");

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches(@"(?m)^sum\s+PassFail\s+Sum of Two Numbers$", table.StdoutText);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Contains(json.Json().EnumerateArray(), p => p.GetProperty("id").GetString() == "sum");
    }
}
