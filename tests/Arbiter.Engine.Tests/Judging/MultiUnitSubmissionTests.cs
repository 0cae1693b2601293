using System.Text;
using Arbiter.Engine.Analysis.Diagnostics;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Problems;
using Arbiter.Engine.Tests.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Tests.Judging;

/// <summary>
/// A C or C++ program of several translation units is compiled as problemtools compiles it: every
/// source file of the language goes to the compiler and the units are linked together
/// (<c>{sources}</c> in the language's compile command). A package's directory submission
/// <c>main.cpp</c> + <c>util.cpp</c> is accepted, and a unit that does not compile is a compile
/// error whose message names that unit.
/// </summary>
[Collection(SharedEngine.Name)]
public sealed class MultiUnitSubmissionTests(EngineFixture fixture)
{
    private const string CppMain = """
        #include <iostream>
        #include "util.h"
        int main() { long a, b; std::cin >> a >> b; std::cout << add(a, b) << "\n"; }
        """;

    private const string CppUtil = "#include \"util.h\"\nlong add(long a, long b) { return a + b; }\n";

    private const string CMain = """
        #include <stdio.h>
        #include "arith.h"
        int main(void) { long a, b; if (scanf("%ld %ld", &a, &b) != 2) return 1; printf("%ld\n", add(a, b)); return 0; }
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static TempPackage SumPackage() => new TempPackage()
        .Write("problem.yaml", "problem_format_version: 2023-07\nname: Sum\nlimits:\n  time_limit: 2\n")
        .Test("sample/1", "1 2\n", "3\n")
        .Test("secret/1", "20 22\n", "42\n");

    [Fact]
    public async Task Verify_DirectorySubmissionsOfSeveralUnits_AreLinkedAndAccepted()
    {
        using var package = SumPackage()
            .Write("submissions/accepted/two_units_cpp/main.cpp", CppMain)
            .Write("submissions/accepted/two_units_cpp/util.cpp", CppUtil)
            .Write("submissions/accepted/two_units_cpp/util.h", "long add(long a, long b);\n")
            .Write("submissions/accepted/two_units_c/sum.c", CMain)
            .Write("submissions/accepted/two_units_c/lib/arith.c", "long add(long a, long b) { return a + b; }\n")
            .Write("submissions/accepted/two_units_c/arith.h", "long add(long a, long b);\n")
            .Write("submissions/wrong_answer/three_units_cpp/main.cpp", CppMain)
            .Write("submissions/wrong_answer/three_units_cpp/util.cpp", "#include \"util.h\"\nlong twice(long x);\nlong add(long a, long b) { return twice(a) + b; }\n")
            .Write("submissions/wrong_answer/three_units_cpp/twice.cc", "long twice(long x) { return 2 * x; }\n")
            .Write("submissions/wrong_answer/three_units_cpp/util.h", "long add(long a, long b);\n");
        using var loaded = ProblemLoader.Load(package.Root);

        var verification = await fixture.Verifier().VerifyAsync(loaded, Token);

        Assert.Equal(3, verification.Checks.Count);
        Assert.True(verification.Ok, string.Join("\n", verification.Checks.Where(c => !c.Matches).Select(c => $"{c.Folder}/{c.Name}: {c.Problem}")));
    }

    [Fact]
    public async Task Judge_AUnitThatDoesNotCompile_IsCompileErrorNamingThatUnit()
    {
        using var package = SumPackage()
            .Write("submissions/compile_error/broken_unit/main.cpp", CppMain)
            .Write("submissions/compile_error/broken_unit/util.cpp", "#include \"util.h\"\nlong add(long a, long b) { return a + b }\n")
            .Write("submissions/compile_error/broken_unit/util.h", "long add(long a, long b);\n");
        using var loaded = ProblemLoader.Load(package.Root);

        var verification = await fixture.Verifier().VerifyAsync(loaded, Token);
        var source = SubmissionSource.From(loaded.Submissions[0].Program, fixture.Languages);
        var result = await fixture.Judge().JudgeAsync(loaded, source.Language!, source.Source, null, Token, source.ExtraFiles);

        Assert.True(verification.Ok, string.Join("\n", verification.Checks.Select(c => $"{c.Folder}/{c.Name}: {c.Problem}")));
        Assert.Equal(Verdict.CE, result.Verdict);
        var error = Assert.Single(result.Compile.Diagnostics.Items, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(("util.cpp", 2), (error.File, error.Line));
        Assert.StartsWith("expected", error.Message, StringComparison.Ordinal); // gcc's "expected ‘;’ before ‘}’ token", quotes by locale
        Assert.Contains(";", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Judge_ApiSubmissionWithASecondCUnit_LinksIt()
    {
        using var package = SumPackage();
        using var loaded = ProblemLoader.Load(package.Root);
        SandboxFile[] files =
        [
            new("arith.c", Encoding.UTF8.GetBytes("long add(long a, long b) { return a + b; }\n")),
            new("arith.h", Encoding.UTF8.GetBytes("long add(long a, long b);\n")),
        ];

        var result = await fixture.Judge().JudgeAsync(loaded, fixture.Language("c"), Encoding.UTF8.GetBytes(CMain), null, Token, files);

        Assert.True(result.Verdict == Verdict.AC, $"{result.Verdict}: {result.Message}\n{result.Compile.Output}");
    }
}
