using System.Text;
using Arbiter.Engine.Analysis.Functions;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Problems;
using Arbiter.Engine.Tests.Problems;

namespace Arbiter.Engine.Tests.Judging;

/// <summary>An allowed-only list on C built with <c>-static</c>: the C library is inside the
/// binary, so what the submission's own code calls is read from its disassembly.</summary>
[Collection(SharedEngine.Name)]
public sealed class StaticAllowedFunctionsTests(EngineFixture fixture)
{
    private const string Rules = "allowed_functions: [scanf, printf]\ncompiler_flags:\n  c: -static\n";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The second source also makes gcc call its own helpers (__divti3, __popcountdi2).</summary>
    [Theory]
    [InlineData("#include <stdio.h>\nint main(void) { int x; if (scanf(\"%d\", &x) != 1) return 1; printf(\"%d\\n\", x); return 0; }\n")]
    [InlineData("#include <stdio.h>\nint main(void) { long long x; if (scanf(\"%lld\", &x) != 1) return 1; __int128 y = (__int128)x * 1000000007 / (x | 1);\n" +
        "  printf(\"%d\\n\", __builtin_popcountll((unsigned long long)x) + (int)(y % 2) - 1); return 0; }\n")]
    public async Task Judge_StaticCUsingOnlyAllowedFunctions_IsAccepted(string source)
    {
        var result = await JudgeAsync(source);

        Assert.True(result.Verdict == Verdict.AC, $"{result.Verdict}: {result.Message}");
    }

    /// <summary>A call through a pointer (strtol) is found in the code though the source never
    /// calls it by name, so it has no line; strlen is an IFUNC, reached through a PLT stub; a
    /// #line naming a system header does not hide the function that calls qsort.</summary>
    [Theory]
    [InlineData(
        "qsort",
        "#include <stdio.h>\n#include <stdlib.h>\nstatic int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }\n" +
            "int main(void) { int x[2]; if (scanf(\"%d\", &x[0]) != 1) return 1; x[1] = x[0];\n  qsort(x, 2, sizeof x[0], cmp); printf(\"%d\\n\", x[0]); return 0; }\n",
        "main.c",
        5)]
    [InlineData(
        "qsort",
        "#include <stdio.h>\n#include <stdlib.h>\nstatic int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }\n" +
            "#line 1 \"/usr/include/sorting.h\"\n__attribute__((noinline)) void sort2(int *x) { qsort(x, 2, sizeof x[0], cmp); }\n#line 6 \"main.c\"\n" +
            "int main(void) { int x[2]; if (scanf(\"%d\", &x[0]) != 1) return 1; x[1] = x[0]; sort2(x); printf(\"%d\\n\", x[0]); return 0; }\n",
        "main.c",
        5)]
    [InlineData(
        "strlen",
        "#include <stdio.h>\n#include <string.h>\nint main(void) { char s[32]; if (scanf(\"%31s\", s) != 1) return 1;\n  printf(\"%zu\\n\", strlen(s)); return 0; }\n",
        "main.c",
        4)]
    [InlineData(
        "strtol",
        "#include <stdio.h>\n#include <stdlib.h>\nstatic long (*parse)(const char *, char **, int) = strtol;\n" +
            "int main(void) { char s[32]; if (scanf(\"%31s\", s) != 1) return 1; printf(\"%ld\\n\", parse(s, NULL, 10)); return 0; }\n",
        null,
        0)]
    public async Task Judge_StaticCCallingAnotherFunction_IsCompileErrorNamingIt(string function, string source, string? file, int line)
    {
        var result = await JudgeAsync(source);

        Assert.True(result.Verdict == Verdict.CE, $"{result.Verdict}: {result.Message}");
        var violation = Assert.Single(result.Compile.Violations);
        Assert.Equal((FunctionViolationKind.FunctionNotAllowed, function, file, line), (violation.Kind, violation.Name, violation.File, violation.Line));
    }

    private async Task<JudgeResult> JudgeAsync(string source)
    {
        using var package = TempPackage.Minimal().Write("arbiter.yaml", Rules);
        using var loaded = ProblemLoader.Load(package.Root);
        return await fixture.Judge().JudgeAsync(loaded, fixture.Language("c"), Encoding.UTF8.GetBytes(source), new JudgeOptions(TimeLimit: TimeSpan.FromSeconds(1)), Token);
    }
}
