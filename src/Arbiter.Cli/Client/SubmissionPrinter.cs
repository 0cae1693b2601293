using System.Globalization;
using System.Text.Json;

namespace Arbiter.Cli.Client;

/// <summary>
/// A finished submission the way its attempt page shows it, from the server's JSON (the same
/// fields as <c>arbiter judge --json</c>): the verdict and score, the compilation with its
/// diagnostics pinned to file:line:col, a row per test, the first wrong answer's diff, valgrind's
/// findings and the step timings. A playground run shows its status and output instead.
/// </summary>
internal static class SubmissionPrinter
{
    private const int DiffRows = 12;

    public static void Print(TextWriter writer, JsonElement submission)
    {
        var problem = submission.Text("problem");
        writer.WriteLine($"submission {submission.Text("ticket")} ({submission.Text("id")}): {(problem is null ? "run" : $"problem {problem}")}, {submission.Text("language")}, " +
            $"{submission.Text("status")}");
        if (submission.Field("result") is not { } result)
        {
            writer.WriteLine("no result yet");
            return;
        }

        if (result.Text("error") is { } error)
        {
            writer.WriteLine($"the judge failed: {error}");
            return;
        }

        if (result.Field("verdict") is null)
        {
            PrintRun(writer, result);
            return;
        }

        var maxScore = result.Number("maxScore");
        var score = maxScore is > 0 ? $"  score {JsonFields.Format(result.Number("score") ?? 0)}/{JsonFields.Format(maxScore.Value)}" : "";
        var failed = result.Items("failedTests").Select(t => t.ToString()).ToList();
        var failedText = failed.Count == 0 ? "" : $"  failed: {string.Join(", ", failed.Take(10))}{(failed.Count > 10 ? ", …" : "")}";
        writer.WriteLine($"verdict: {result.Text("verdict")}{score}{failedText}");
        var compileMessage = result.Field("compile") is { } c ? c.Text("message") : null;
        if (result.Text("message") is { } message && result.Text("verdict") != "AC" && message != compileMessage)
        {
            writer.WriteLine(message);
        }

        if (result.Field("compile") is { } compile)
        {
            PrintCompile(writer, compile);
        }

        PrintGroups(writer, result);
        PrintTests(writer, result);
        PrintFirstDiff(writer, result);
        PrintValgrind(writer, result);
        if (result.Field("times") is { } times)
        {
            writer.WriteLine($"times: compile {Ms(times, "compileMs")}, tests {Ms(times, "testsMs")}, checking {Ms(times, "checkMs")}, total {Ms(times, "totalMs")}");
        }
    }

    /// <summary>The verdict of a finished submission: a judged one's, or a run's status.</summary>
    public static string? Verdict(JsonElement submission) =>
        submission.Field("result") is { } result
            ? result.Text("verdict") ?? (result.Field("run") is { } run ? run.Text("status") : null) ?? (result.Field("compile") is { } c && !c.Flag("succeeded") ? "CE" : null)
            : null;

    private static void PrintCompile(TextWriter writer, JsonElement compile)
    {
        var succeeded = compile.Flag("succeeded");
        writer.WriteLine(succeeded
            ? $"compile: ok{(compile.Flag("cacheHit") ? " (cached)" : "")} {Ms(compile, "timeMs")}"
            : $"compile: failed{(compile.Text("message") is { } why ? $": {why}" : "")}");
        var violations = compile.Items("violations").ToList();
        foreach (var violation in violations)
        {
            var place = violation.Text("file") is { } file ? (violation.Number("line") is > 0 and var line ? $"{file}:{line}: " : $"{file}: ") : "";
            writer.WriteLine($"{place}{violation.Text("message") ?? violation.Text("name")}");
        }

        var diagnostics = compile.Field("diagnostics") is { } list ? list.Items("items").ToList() : [];
        if (diagnostics.Count == 0)
        {
            if (!succeeded && violations.Count == 0 && compile.Text("output") is { Length: > 0 } output)
            {
                writer.Write(output.EndsWith('\n') ? output : output + "\n");
            }

            return;
        }

        // A compilation that worked shows only its warnings and errors, not its notes.
        foreach (var d in diagnostics.Where(d => !succeeded || d.Text("severity") is "Warning" or "Error"))
        {
            var line = d.Number("line") ?? 0;
            var place = line > 0 ? $"{d.Text("file")}:{line}:{d.Number("column") ?? 0}" : d.Text("file");
            var code = d.Text("code") is { } c ? $" [{c}]" : "";
            writer.WriteLine($"{place}: {d.Text("severity")?.ToLowerInvariant()}: {d.Text("message")}{code}");
        }

        if (compile.Field("diagnostics") is { } all && all.Number("total") is { } total && total > diagnostics.Count)
        {
            writer.WriteLine($"… and {total - diagnostics.Count} more");
        }
    }

    /// <summary>A scored problem's test groups under secret/, where its points are; the root and
    /// sample groups only repeat what the verdict line says.</summary>
    private static void PrintGroups(TextWriter writer, JsonElement result)
    {
        if (result.Number("maxScore") is not > 1)
        {
            return;
        }

        foreach (var group in result.Items("groups").Where(g => g.Text("path")?.StartsWith("secret/", StringComparison.Ordinal) == true))
        {
            writer.WriteLine($"group {group.Text("path")}: {group.Text("verdict") ?? "-"}  " +
                $"{JsonFields.Format(group.Number("score") ?? 0)}/{JsonFields.Format(group.Number("maxScore") ?? 0)}  " +
                $"({group.Number("passed") ?? 0} of {group.Number("tests") ?? 0} tests passed)");
        }
    }

    private static void PrintTests(TextWriter writer, JsonElement result)
    {
        var tests = result.Items("tests").ToList();
        if (tests.Count == 0)
        {
            return;
        }

        var width = Math.Max(4, tests.Max(t => t.Text("name")?.Length ?? 0));
        writer.WriteLine($"  {"test".PadRight(width)}  verdict  {"time",11}  {"memory",10}");
        foreach (var test in tests)
        {
            var verdict = test.Text("verdict") ?? "-";
            var line = $"  {(test.Text("name") ?? "?").PadRight(width)}  {verdict,-7}  {(test.Number("cpuTimeMs") ?? 0).ToString("0.0", CultureInfo.InvariantCulture),8} ms  " +
                $"{test.Number("memoryKiB") ?? 0,6} KiB";
            if (verdict != "AC" && test.Text("message") is { Length: > 0 } message)
            {
                line += "  " + message.Split('\n')[0];
            }

            writer.WriteLine(line);
        }
    }

    private static void PrintFirstDiff(TextWriter writer, JsonElement result)
    {
        var first = result.Items("tests").FirstOrDefault(t => t.Field("diff") is { } d && !d.Flag("identical"));
        if (first.Field("diff") is not { } diff)
        {
            // The server keeps secret tests' data from students (the problem may reveal it).
            if (result.Items("tests").FirstOrDefault(t => t.Text("verdict") is not (null or "AC") && t.Flag("hidden")) is { ValueKind: JsonValueKind.Object } hidden)
            {
                writer.WriteLine($"first failed test, {hidden.Text("name")}: a secret test; its data and your output on it are not shown");
            }

            return;
        }

        var where = diff.Field("firstDifference") is { } position ? position.Text("description") : null;
        writer.WriteLine($"first wrong answer, {first.Text("name")}{(where is null ? "" : $": {where}")}");
        foreach (var row in diff.Items("lines").Where(l => l.Text("kind") != "Equal").Take(DiffRows))
        {
            writer.WriteLine($"  {row.Text("kind"),-8} expected: {row.Text("expected") ?? "-",-30} got: {row.Text("actual") ?? "-"}");
        }

        foreach (var note in diff.Items("notes"))
        {
            writer.WriteLine($"  note: {note}");
        }
    }

    private static void PrintValgrind(TextWriter writer, JsonElement result)
    {
        if (result.Field("valgrind") is not { } valgrind)
        {
            return;
        }

        var lines = valgrind.Items("summaryLines").Select(l => l.ToString()).ToList();
        if (lines.Count == 0)
        {
            lines.Add(valgrind.Flag("complete") ? "no memory errors, no leaks" : "valgrind wrote no complete report");
        }

        writer.WriteLine("valgrind:");
        foreach (var line in lines)
        {
            writer.WriteLine($"  {line}");
        }
    }

    private static void PrintRun(TextWriter writer, JsonElement result)
    {
        if (result.Field("compile") is { } compile)
        {
            PrintCompile(writer, compile);
        }

        if (result.Field("run") is not { } run)
        {
            return;
        }

        writer.WriteLine($"run: {run.Text("status")}  exit {run.Text("exitCode") ?? "-"}  cpu {Ms(run, "cpuTimeMs")}  wall {Ms(run, "wallTimeMs")}  " +
            $"memory {run.Number("memoryKiB") ?? 0} KiB{(run.Text("message") is { } m ? $"  {m}" : "")}");
        foreach (var stream in new[] { "stdout", "stderr" })
        {
            if (run.Text(stream) is { Length: > 0 } text)
            {
                writer.WriteLine($"{stream}{(run.Flag(stream + "Truncated") ? " (truncated)" : "")}:");
                writer.Write(text.EndsWith('\n') ? text : text + "\n");
            }
        }
    }

    private static string Ms(JsonElement element, string name) => $"{JsonFields.Format(element.Number(name) ?? 0, 0)} ms";
}
