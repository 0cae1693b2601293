using System.Text;
using Arbiter.Engine.Analysis.Diagnostics;
using Arbiter.Engine.Analysis.Diff;
using Arbiter.Engine.Analysis.Functions;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Problems;
using Arbiter.Engine.Tests.Problems;

namespace Arbiter.Engine.Tests.Judging;

[Collection(SharedEngine.Name)]
public sealed class JudgeTests(EngineFixture fixture)
{
    private const string SumC = "#include <stdio.h>\nint main(void) { long a, b; if (scanf(\"%ld %ld\", &a, &b) != 2) return 1; printf(\"%ld\\n\", a + b); return 0; }\n";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Judge_AcceptedSubmission_IsAcWithEveryTestTimedAndMeasured()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("sum"));

        var result = await Judge(package, "c", SumC);

        Assert.Equal(Verdict.AC, result.Verdict);
        Assert.Equal(package.TestData.AllTests().Count(), result.Tests.Count);
        Assert.All(result.Tests, t => Assert.True(t.Verdict == Verdict.AC && t.MemoryKiB > 0 && t.WallTimeMs > 0));
        Assert.Empty(result.FailedTests);
        Assert.True(result.Times.TotalMs >= result.Times.TestsMs);
    }

    [Fact]
    public async Task Judge_WrongAnswer_ListsFailedTestsWithALineDiff()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("sum"));

        var result = await Judge(package, "python3", "a, b = map(int, input().split())\nprint(abs(a + b))\n");

        Assert.Equal(Verdict.WA, result.Verdict);
        var failed = Assert.Single(result.Tests, t => t.Verdict == Verdict.WA);
        Assert.Equal([failed.Path], result.FailedTests);
        Assert.NotNull(failed.Diff);
        Assert.Contains(failed.Diff.Lines, l => l.Kind == DiffLineKind.Changed);
        Assert.Equal(1, failed.Diff.FirstDifference?.Line);
    }

    [Fact]
    public async Task Judge_CompileError_HasDiagnosticsPinnedToFileLineAndColumn()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("sum"));

        var result = await Judge(package, "c", "int main(void) {\n  return missing;\n}\n");

        Assert.Equal(Verdict.CE, result.Verdict);
        var error = Assert.Single(result.Compile.Diagnostics.Items, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(("main.c", 2, 10), (error.File, error.Line, error.Column));
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Tests);
    }

    [Fact]
    public async Task Judge_BannedFunctionOnTheBinary_IsCompileErrorNamingFunctionAndLine()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("sum"));
        var source = SumC.Replace("int main(void) {", "#include <stdlib.h>\nint main(void) { system(\"true\");", StringComparison.Ordinal);

        var result = await Judge(package, "c", source);

        Assert.Equal(Verdict.CE, result.Verdict);
        var violation = Assert.Single(result.Compile.Violations);
        Assert.Equal((FunctionViolationKind.BannedFunction, "system", 3), (violation.Kind, violation.Name, violation.Line));
        Assert.Contains("call to banned function 'system' at main.c:3", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Judge_KeywordBlacklistAndWarningsAsErrors_AreCompileStageRules()
    {
        using var package = TempPackage.Minimal()
            .Write("arbiter.yaml", "keyword_blacklist: [goto]\nwarnings_as_errors: true\n");
        using var loaded = ProblemLoader.Load(package.Root);

        var keyword = await Judge(loaded, "c", "#include <stdio.h>\nint main(void) { int x; if (scanf(\"%d\", &x) != 1) goto end; printf(\"%d\\n\", x); end: return 0; }\n");
        var warning = await Judge(loaded, "c", "#include <stdio.h>\nint main(void) { int unused; int x; if (scanf(\"%d\", &x) != 1) return 1; printf(\"%d\\n\", x); return 0; }\n");

        Assert.Equal(Verdict.CE, keyword.Verdict);
        Assert.Contains(keyword.Compile.Violations, v => v.Kind == FunctionViolationKind.BannedKeyword && v.Name == "goto");
        Assert.Equal(Verdict.CE, warning.Verdict);
        Assert.Contains(warning.Compile.Diagnostics.Items, d => d.Message.Contains("unused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Judge_ValgrindEnabled_ReportsAnInvalidWriteAtItsLine()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("sum"));
        const string source = """
            #include <stdio.h>
            #include <stdlib.h>
            int main(void) {
                long a, b;
                if (scanf("%ld %ld", &a, &b) != 2) return 1;
                long *p = malloc(4 * sizeof *p);
                for (int i = 0; i <= 4; i++) p[i] = a + i;
                printf("%ld\n", p[0] - a + a + b + (p[4] - p[4]));
                return 0;
            }
            """;

        var result = await Judge(package, "c", source);

        Assert.Equal(Verdict.AC, result.Verdict);
        Assert.NotNull(result.Valgrind);
        Assert.Contains(result.Valgrind.SummaryLines, l => l.StartsWith("Invalid write of 8 bytes at main.c:7", StringComparison.Ordinal));
        Assert.Contains(result.Valgrind.SummaryLines, l => l.Contains("lost", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Judge_SecondTimeSameSource_HitsTheBuildCache()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("circle"));
        var source = "import math\nr = float(input())\nprint(math.pi * r * r)  # " + Guid.NewGuid() + "\n";

        var first = await Judge(package, "python3", source);
        var second = await Judge(package, "python3", source);

        Assert.False(first.Compile.CacheHit);
        Assert.True(second.Compile.CacheHit);
        Assert.Equal(first.Verdict, second.Verdict);
    }

    [Theory]
    [InlineData("import sys\nsys.exit(3)\n", "exited with code 3")]
    [InlineData("while True:\n    pass\n", "TLE")]
    [InlineData("print(", "did not compile")]
    public async Task Judge_BrokenOutputValidator_IsInternalErrorNeverAHang(string validator, string expected)
    {
        using var package = TempPackage.Minimal("name: Test\nvalidation: custom\n")
            .Write("output_validators/check/check.py", validator);
        using var loaded = ProblemLoader.Load(package.Root);

        var result = await Judge(loaded, "python3", "print(input())\n");

        Assert.Equal(Verdict.IE, result.Verdict);
        var message = result.Message ?? string.Join(" ", result.Tests.Select(t => t.Message));
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".in")]
    [InlineData(".ans")]
    public async Task Judge_TestFileGoneAfterLoading_IsInternalErrorThatSaysWhich(string extension)
    {
        using var package = TempPackage.Minimal();
        using var loaded = ProblemLoader.Load(package.Root);
        var test = loaded.TestData.AllTests().Single();
        var gone = extension == ".in" ? test.InputFile : test.AnswerFile;
        File.Delete(gone);

        var result = await Judge(loaded, "python3", "print(input())\n");

        Assert.Equal(Verdict.IE, result.Verdict);
        var failed = Assert.Single(result.Tests);
        Assert.Equal(Verdict.IE, failed.Verdict);
        Assert.Contains(Path.GetFileName(gone), failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Judge_IllegalSystemCall_IsRuntimeErrorThatSaysSo()
    {
        using var package = TempPackage.Minimal();
        using var loaded = ProblemLoader.Load(package.Root);

        // reboot(2): outside the sandbox's system call policy.
        var result = await Judge(loaded, "python3", "import ctypes\nctypes.CDLL(None).syscall(169, 0, 0, 0, 0)\nprint(input())\n");

        Assert.Equal(Verdict.RE, result.Verdict);
        Assert.StartsWith("illegal system call", Assert.Single(result.Tests).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SumC, new[] { JudgeStage.Compiling, JudgeStage.Testing })]
    [InlineData("int main(void) { return missing; }\n", new[] { JudgeStage.Compiling, JudgeStage.CompileFailed })]
    public async Task Judge_WithProgress_ReportsEachStageInOrder(string source, JudgeStage[] expected)
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("sum"));
        var stages = new StageLog();

        await fixture.Judge().JudgeAsync(package, fixture.Language("c"), Encoding.UTF8.GetBytes(source), null, Token, progress: stages);

        Assert.Equal(expected, stages.Seen);
    }

    private Task<JudgeResult> Judge(ProblemPackage package, string language, string source) =>
        fixture.Judge().JudgeAsync(
            package,
            fixture.Language(language),
            Encoding.UTF8.GetBytes(source),
            new JudgeOptions(TimeLimit: package.Limits.TimeLimit ?? TimeSpan.FromSeconds(1)),
            Token);

    /// <summary>Keeps what was reported, as it was reported (Progress&lt;T&gt; would post it later).</summary>
    private sealed class StageLog : IProgress<JudgeStage>
    {
        public List<JudgeStage> Seen { get; } = [];

        public void Report(JudgeStage value) => Seen.Add(value);
    }
}
