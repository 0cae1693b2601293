using Arbiter.Engine.Problems;
using Arbiter.Engine.Tests.Problems;

namespace Arbiter.Engine.Tests.Judging;

/// <summary>
/// Every place the problem package format (legacy and 2023-07) and Kattis problemtools let an
/// author put a validator, an include file or a multi-file submission, each in a small package
/// written for the test in the shape of problemtools' own examples: <c>arbiter problem verify</c>
/// must give each example submission the verdict of its folder. The problem: print the sum of
/// the two numbers of the input; the custom validators compare it with the answer file.
/// </summary>
[Collection(SharedEngine.Name)]
public sealed class PackageLayoutTests(EngineFixture fixture)
{
    private const string Legacy = "name: Sum\nvalidation: custom\nlimits:\n  time_limit: 2\n";
    private const string Modern = "problem_format_version: 2023-07\nname: Sum\nlimits:\n  time_limit: 2\n";

    private const string PythonCheck = """
        import sys
        expected = open(sys.argv[2]).read().split()
        got = sys.stdin.read().split()
        sys.exit(42 if got == expected else 43)
        """;

    /// <summary>A C++ validator whose comparison lives in its header, as problemtools' examples
    /// split theirs (validate.cc + validate.h).</summary>
    private const string CppCheck = """
        #include "validate.h"
        int main(int argc, char **argv) { return same_tokens(argv[2]) ? 42 : 43; }
        """;

    private const string CppHeader = """
        #include <fstream>
        #include <iostream>
        #include <string>
        inline bool same_tokens(const char *answer_file) {
            std::ifstream answer(answer_file);
            std::string a, b;
            while (answer >> a) { if (!(std::cin >> b) || a != b) return false; }
            return !(std::cin >> b);
        }
        """;

    private const string Right = "a, b = map(int, input().split())\nprint(a + b)\n";
    private const string Wrong = "a, b = map(int, input().split())\nprint(a - b)\n";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string> Layouts() =>
    [
        "legacy: output_validators/FILE",
        "legacy: output_validators/NAME/ with a header",
        "legacy: output_validators/NAME/ in Python with a helper module",
        "2023-07: output_validator/ is the program",
        "2023-07: output_validator/NAME/ with a header (problemtools' guess example)",
        "2023-07: output_validator/ as a Python package (__init__.py, __main__.py)",
        "2023-07 interactive: output_validator/NAME/ holding the interactor",
        "legacy: input validators, statement, attachments and visualizers beside the default validator",
        "2023-07: statement/, solution/, generators/, input_validators/ beside the default validator",
        "legacy: include/python3/ and include/c/ files used by the submissions",
        "2023-07: include/default/ data read by the submissions",
        "both: multi-file submissions (main.*, __main__.py, a file named after its folder, linked with the other units)",
    ];

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Verify_PackageLayout_EverySubmissionGetsTheVerdictOfItsFolder(string layout)
    {
        using var package = Build(layout);
        using var loaded = ProblemLoader.Load(package.Root);

        var verification = await fixture.Verifier().VerifyAsync(loaded, Token);

        Assert.True(verification.Checks.Count >= 2, $"{layout}: only {verification.Checks.Count} submissions found");
        Assert.True(verification.Ok, $"{layout}:\n" + string.Join("\n", verification.Checks.Where(c => !c.Matches).Select(c => $"{c.Folder}/{c.Name}: {c.Problem}")));
        Assert.Contains(verification.Checks, c => c.Folder == "wrong_answer");
    }

    private static TempPackage Build(string layout)
    {
        var package = new TempPackage()
            .Test("sample/1", "1 2\n", "3\n")
            .Test("secret/1", "20 22\n", "42\n")
            .Test("secret/2", "5 -7\n", "-2\n");
        switch (layout)
        {
            case "legacy: output_validators/FILE":
                package.Write("problem.yaml", Legacy).Write("output_validators/check.py", PythonCheck);
                break;
            case "legacy: output_validators/NAME/ with a header":
                package.Write("problem.yaml", Legacy).Write("output_validators/validator/validate.cc", CppCheck).Write("output_validators/validator/validate.h", CppHeader);
                break;
            case "legacy: output_validators/NAME/ in Python with a helper module":
                package.Write("problem.yaml", Legacy)
                    .Write("output_validators/checker/check.py", "import sys\nfrom tokens import same\nsys.exit(42 if same(open(sys.argv[2]).read(), sys.stdin.read()) else 43)\n")
                    .Write("output_validators/checker/tokens.py", "def same(a, b):\n    return a.split() == b.split()\n")
                    .Write("output_validators/checker/README.md", "Compares tokens.\n");
                break;
            case "2023-07: output_validator/ is the program":
                package.Write("problem.yaml", Modern).Write("output_validator/validate.cc", CppCheck).Write("output_validator/validate.h", CppHeader);
                break;
            case "2023-07: output_validator/NAME/ with a header (problemtools' guess example)":
                package.Write("problem.yaml", Modern).Write("output_validator/sum_validator/validate.cc", CppCheck).Write("output_validator/sum_validator/validate.h", CppHeader);
                break;
            case "2023-07: output_validator/ as a Python package (__init__.py, __main__.py)":
                package.Write("problem.yaml", Modern)
                    .Write("output_validator/__init__.py", "")
                    .Write("output_validator/__main__.py", "import sys\nfrom compare import same\nsys.exit(42 if same(open(sys.argv[2]).read(), sys.stdin.read()) else 43)\n")
                    .Write("output_validator/compare.py", "def same(a, b):\n    return a.split() == b.split()\n");
                break;
            case "2023-07 interactive: output_validator/NAME/ holding the interactor":
                // The interactor hands the submission its input line and judges the one reply.
                package.Write("problem.yaml", Modern.Replace("name: Sum\n", "name: Sum\ntype: interactive\n", StringComparison.Ordinal))
                    .Write(
                        "output_validator/sum_interactor/interact.py",
                        "import sys\nprint(open(sys.argv[1]).read().strip(), flush=True)\ngot = sys.stdin.readline().split()\n" +
                            "sys.exit(42 if got == open(sys.argv[2]).read().split() else 43)\n");
                break;
            case "legacy: input validators, statement, attachments and visualizers beside the default validator":
                package.Write("problem.yaml", "name: Sum\nlimits:\n  time_limit: 2\n")
                    .Write("input_format_validators/validate.py", "import sys\nsys.exit(42)\n")
                    .Write("input_validators/sum.ctd", "INT(-100,100) SPACE INT(-100,100) NEWLINE EOF\n")
                    .Write("problem_statement/problem.en.tex", "\\problemname{Sum}\nAdd.\n")
                    .Write("attachments/testing_tool.py", "print('tool')\n")
                    .Write("output_visualizer/visualize.py", "print('picture')\n");
                break;
            case "2023-07: statement/, solution/, generators/, input_validators/ beside the default validator":
                package.Write("problem.yaml", Modern)
                    .Write("statement/problem.en.md", "Add the two numbers.\n")
                    .Write("solution/solution.en.md", "Add them.\n")
                    .Write("generators/generators.yaml", "data: {}\n")
                    .Write("input_validators/validate/validate.py", "import sys\nsys.exit(42)\n");
                break;
            case "legacy: include/python3/ and include/c/ files used by the submissions":
                package.Write("problem.yaml", "name: Sum\nlimits:\n  time_limit: 2\n")
                    .Write("include/python3/arith.py", "def combine(a, b):\n    return a + b\n")
                    .Write("include/c/arith.h", "static long combine(long a, long b) { return a + b; }\n")
                    .Write("submissions/accepted/uses_include.py", "from arith import combine\na, b = map(int, input().split())\nprint(combine(a, b))\n")
                    .Write(
                        "submissions/accepted/uses_include.c",
                        "#include <stdio.h>\n#include \"arith.h\"\nint main(void) { long a, b; scanf(\"%ld %ld\", &a, &b); printf(\"%ld\\n\", combine(a, b)); return 0; }\n")
                    .Write("submissions/wrong_answer/ignores_include.py", Wrong);
                return package;
            case "2023-07: include/default/ data read by the submissions":
                package.Write("problem.yaml", Modern)
                    .Write("include/default/offset.txt", "0\n")
                    .Write("submissions/accepted/reads_offset.py", "a, b = map(int, input().split())\nprint(a + b + int(open('offset.txt').read()))\n")
                    .Write("submissions/wrong_answer/wrong_offset.py", "a, b = map(int, input().split())\nprint(a + b + int(open('offset.txt').read()) + 1)\n");
                return package;
            case "both: multi-file submissions (main.*, __main__.py, a file named after its folder, linked with the other units)":
                package.Write("problem.yaml", "name: Sum\nlimits:\n  time_limit: 2\n")
                    .Write("submissions/accepted/with_main/Main.py", "from parse import numbers\na, b = numbers()\nprint(a + b)\n")
                    .Write("submissions/accepted/with_main/parse.py", "def numbers():\n    return map(int, input().split())\n")
                    .Write("submissions/accepted/as_package/__main__.py", "import parse\na, b = parse.numbers()\nprint(a + b)\n")
                    .Write("submissions/accepted/as_package/parse.py", "def numbers():\n    return map(int, input().split())\n")
                    .Write("submissions/accepted/solution/aaa_helper.c", "long add(long a, long b) { return a + b; }\n")
                    .Write(
                        "submissions/accepted/solution/solution.c",
                        "#include <stdio.h>\nlong add(long a, long b);\nint main(void) { long a, b; scanf(\"%ld %ld\", &a, &b); printf(\"%ld\\n\", add(a, b)); return 0; }\n")
                    .Write("submissions/wrong_answer/subtracts/main.py", Wrong)
                    .Write("submissions/wrong_answer/subtracts/unused.py", "");
                return package;
            default:
                throw new ArgumentOutOfRangeException(nameof(layout), layout, null);
        }

        return package.Write("submissions/accepted/sum.py", Right).Write("submissions/wrong_answer/difference.py", Wrong);
    }
}
