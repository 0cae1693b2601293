using Arbiter.Engine.Judging;
using Arbiter.Engine.Languages;
using Arbiter.Engine.Problems;

namespace Arbiter.Cli.Output;

/// <summary>A judgement for people: the compilation, a line per test, then the verdict.</summary>
internal static class JudgePrinter
{
    public static void Print(ProblemPackage problem, LanguageSpec language, JudgeResult result)
    {
        Console.WriteLine($"{problem.Name} ({problem.Id}), {language.Name}, time limit {result.TimeLimit.TotalSeconds:0.###} s ({result.TimeLimitSource})");
        foreach (var warning in problem.Warnings.Concat(result.Warnings))
        {
            Console.WriteLine($"warning: {warning}");
        }

        var compile = result.Compile;
        Console.WriteLine(compile.Succeeded
            ? $"compile: ok{(compile.CacheHit ? " (cached)" : "")} {compile.TimeMs:0} ms"
            : $"compile: {result.Verdict} {compile.Message}");
        if (!compile.Succeeded && compile.Violations.Count == 0)
        {
            DiagnosticsPrinter.Print(Console.Out, compile.Diagnostics, compile.Output);
        }
        else if (compile.Diagnostics.WarningCount > 0)
        {
            DiagnosticsPrinter.Print(Console.Out, compile.Diagnostics, "");
        }
        var width = result.Tests.Count == 0 ? 0 : result.Tests.Max(t => t.Path.Length);
        foreach (var test in result.Tests)
        {
            var line = $"  {test.Path.PadRight(width)}  {test.Verdict,-3}  {test.CpuTimeMs,8:0.0} ms  {test.MemoryKiB,8} KiB";
            if (test.Verdict != Engine.Verdict.AC && test.Message is { Length: > 0 } message)
            {
                line += "  " + message.Split('\n')[0];
            }

            Console.WriteLine(line);
        }

        var score = double.IsFinite(result.MaxScore) && result.MaxScore > 0 ? $"  score {result.Score:0.##}/{result.MaxScore:0.##}" : "";
        var failed = result.FailedTests.Count == 0 ? "" : $"  failed: {string.Join(", ", result.FailedTests.Take(10))}{(result.FailedTests.Count > 10 ? ", …" : "")}";
        Console.WriteLine($"verdict: {result.Verdict}{score}{failed}");
        if (result.Message is not null)
        {
            Console.WriteLine(result.Message);
        }

        if (result.Tests.FirstOrDefault(t => t.Diff is { Identical: false }) is { Diff: { } diff } first)
        {
            Console.WriteLine($"first wrong answer, {first.Path}: {diff.FirstDifference?.Description}");
            foreach (var line in diff.Lines.Where(l => l.Kind != Engine.Analysis.Diff.DiffLineKind.Equal).Take(12))
            {
                Console.WriteLine($"  {line.Kind,-8} expected: {line.Expected ?? "-",-30} got: {line.Actual ?? "-"}");
            }

            foreach (var note in diff.Notes)
            {
                Console.WriteLine($"  note: {note}");
            }
        }

        if (result.Valgrind is { } valgrind)
        {
            Console.WriteLine("valgrind:");
            var lines = valgrind.SummaryLines.Count > 0 ? valgrind.SummaryLines
                : valgrind.Complete ? ["no memory errors, no leaks"] : ["valgrind wrote no complete report"];
            foreach (var line in lines)
            {
                Console.WriteLine($"  {line}");
            }
        }

        Console.WriteLine($"times: compile {result.Times.CompileMs:0} ms, tests {result.Times.TestsMs:0} ms, checking {result.Times.CheckMs:0} ms, " +
            $"total {result.Times.TotalMs:0} ms");
    }
}
