using System.Text;
using Arbiter.Engine.Analysis.Functions;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Problems;
using Arbiter.Engine.Tests.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Tests.Judging;

/// <summary>A multi-file submission's rules cover every file: a helper module or header is where
/// a student would put what the main file may not hold.</summary>
[Collection(SharedEngine.Name)]
public sealed class MultiFileSourceChecksTests(EngineFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Judge_BannedKeywordInAHelperModule_IsCompileErrorNamingTheHelperAndLineButNotTheDataFile()
    {
        using var package = TempPackage.Minimal().Write("arbiter.yaml", "keyword_blacklist: [sorted]\n");
        using var loaded = ProblemLoader.Load(package.Root);
        const string main = "import helper\nprint(helper.first(input().split()))\n";
        SandboxFile[] helper =
        [
            new("helper.py", Encoding.UTF8.GetBytes("# the smallest word\ndef first(words):\n    return sorted(words)[0]\n")),
            new("words.txt", Encoding.UTF8.GetBytes("sorted\n")),
        ];

        var result = await JudgeAsync(loaded, "python3", main, helper);

        Assert.Equal(Verdict.CE, result.Verdict);
        var violation = Assert.Single(result.Compile.Violations);
        Assert.Equal((FunctionViolationKind.BannedKeyword, "sorted", "helper.py", 3), (violation.Kind, violation.Name, violation.File, violation.Line));
        Assert.Contains("banned keyword 'sorted' at helper.py:3", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Judge_BannedFunctionCalledInAHeader_IsLocatedInTheHeader()
    {
        using var package = TempPackage.Minimal().Write("arbiter.yaml", "banned_functions: [system]\n");
        using var loaded = ProblemLoader.Load(package.Root);
        const string main = "#include <stdio.h>\n#include \"helper.h\"\nint main(void) { int x; if (scanf(\"%d\", &x) != 1) return 1; shell(); printf(\"%d\\n\", x); return 0; }\n";
        SandboxFile[] header = [new("helper.h", Encoding.UTF8.GetBytes("#include <stdlib.h>\nstatic void shell(void) {\n    system(\"true\");\n}\n"))];

        var result = await JudgeAsync(loaded, "c", main, header);

        Assert.Equal(Verdict.CE, result.Verdict);
        var violation = Assert.Single(result.Compile.Violations);
        Assert.Equal((FunctionViolationKind.BannedFunction, "system", "helper.h", 3), (violation.Kind, violation.Name, violation.File, violation.Line));
    }

    private Task<JudgeResult> JudgeAsync(ProblemPackage package, string language, string source, IReadOnlyList<SandboxFile> extraFiles) =>
        fixture.Judge().JudgeAsync(package, fixture.Language(language), Encoding.UTF8.GetBytes(source), new JudgeOptions(TimeLimit: TimeSpan.FromSeconds(1)), Token, extraFiles);
}
