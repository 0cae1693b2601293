using Arbiter.Engine.Judging;
using Arbiter.Engine.Problems;
using Arbiter.Engine.Tests.Problems;

namespace Arbiter.Engine.Tests.Judging;

/// <summary>
/// Programs that carry their own <c>build</c> and <c>run</c> scripts, as the problem package
/// format and problemtools allow for any program directory: <c>build</c> runs once in the sandbox
/// (with the compile limits, a C and C++ compiler and Python 3 on the path), and <c>run</c> is
/// then the program, for submissions, output validators and interactors alike. A script without
/// its execute bit, a build that fails or leaves no executable <c>run</c> is refused the way
/// problemtools refuses it, with its reason.
/// </summary>
[Collection(SharedEngine.Name)]
public sealed class BuildRunScriptTests(EngineFixture fixture)
{
    private const string Modern = "problem_format_version: 2023-07\nname: Sum\nlimits:\n  time_limit: 2\n";

    /// <summary>A validator built by its script: compiles compare.cc and writes the run script.</summary>
    private const string ValidatorBuild = """
        #!/bin/sh
        set -e
        c++ -O2 -o compare compare.cc
        printf '#!/bin/sh\nexec ./compare "$@"\n' > run
        chmod +x run
        """;

    private const string ValidatorSource = """
        #include <fstream>
        #include <iostream>
        #include <string>
        int main(int argc, char **argv) {
            std::ifstream answer(argv[2]);
            std::string a, b;
            while (answer >> a) { if (!(std::cin >> b) || a != b) return 43; }
            return (std::cin >> b) ? 43 : 42;
        }
        """;

    private const string SumC = "#include <stdio.h>\nint main(void) { long a, b; if (scanf(\"%ld %ld\", &a, &b) != 2) return 1; printf(\"%ld\\n\", a + b); return 0; }\n";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static TempPackage Package(string problemYaml) => new TempPackage()
        .Write("problem.yaml", problemYaml)
        .Test("sample/1", "1 2\n", "3\n")
        .Test("secret/1", "20 22\n", "42\n")
        .Test("secret/2", "5 -7\n", "-2\n");

    [Fact]
    public async Task Verify_ValidatorAndSubmissionsWithBuildAndRunScripts_GetTheVerdictsOfTheirFolders()
    {
        using var package = Package(Modern)
            .WriteExecutable("output_validator/build", ValidatorBuild)
            .Write("output_validator/compare.cc", ValidatorSource)
            .WriteExecutable("submissions/accepted/scripted_c/build", "#!/bin/sh\ncc -O2 -o sum sum.c\n")
            .WriteExecutable("submissions/accepted/scripted_c/run", "#!/bin/sh\nexec ./sum\n")
            .Write("submissions/accepted/scripted_c/sum.c", SumC)
            .WriteExecutable("submissions/accepted/run_only/run", "#!/bin/sh\nread a b\necho $((a + b))\n")
            .WriteExecutable("submissions/accepted/build_makes_run/build", "#!/bin/sh\nprintf '#!/bin/sh\\nexec python3 sum.py\\n' > run && chmod +x run\n")
            .Write("submissions/accepted/build_makes_run/sum.py", "a, b = map(int, input().split())\nprint(a + b)\n")
            .WriteExecutable("submissions/wrong_answer/run_only/run", "#!/bin/sh\nread a b\necho $((a - b))\n")
            .Write("submissions/compile_error/not_executable/build", "#!/bin/sh\ntrue\n")
            .WriteExecutable("submissions/compile_error/not_executable/run", "#!/bin/sh\necho 0\n")
            .WriteExecutable("submissions/compile_error/no_run/build", "#!/bin/sh\ntrue\n")
            .WriteExecutable("submissions/compile_error/build_fails/build", "#!/bin/sh\necho 'no compiler today' >&2\nexit 3\n");
        using var loaded = ProblemLoader.Load(package.Root);

        var verification = await fixture.Verifier().VerifyAsync(loaded, Token);

        Assert.Equal(7, verification.Checks.Count);
        Assert.True(verification.Ok, string.Join("\n", verification.Checks.Where(c => !c.Matches).Select(c => $"{c.Folder}/{c.Name}: {c.Problem}")));
    }

    [Theory]
    [InlineData("not_executable", "build is not executable")]
    [InlineData("no_run", "the build script did not produce an executable called \"run\"")]
    [InlineData("build_fails", "the build script failed with exit code 3")]
    [InlineData("run_not_executable", "run is not executable")]
    public async Task Judge_ScriptsProblemtoolsRefuses_AreCompileErrorsSayingWhy(string name, string reason)
    {
        using var package = Package(Modern);
        _ = name switch
        {
            "not_executable" => package.Write("submissions/compile_error/p/build", "#!/bin/sh\ntrue\n").WriteExecutable("submissions/compile_error/p/run", "#!/bin/sh\necho 0\n"),
            "no_run" => package.WriteExecutable("submissions/compile_error/p/build", "#!/bin/sh\ntrue\n"),
            "build_fails" => package.WriteExecutable("submissions/compile_error/p/build", "#!/bin/sh\necho 'no compiler today' >&2\nexit 3\n"),
            _ => package.Write("submissions/compile_error/p/run", "#!/bin/sh\necho 0\n"),
        };
        using var loaded = ProblemLoader.Load(package.Root);
        var source = SubmissionSource.From(Assert.Single(loaded.Submissions).Program, fixture.Languages);

        var result = await fixture.Judge().JudgeAsync(loaded, source.Language!, source.Source, null, Token, source.ExtraFiles);

        Assert.Equal(Verdict.CE, result.Verdict);
        Assert.Contains(reason, result.Compile.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_InteractorGivenAsARunScript_JudgesTheInteraction()
    {
        using var package = Package(Modern.Replace("name: Sum\n", "name: Sum\ntype: interactive\n", StringComparison.Ordinal))
            .WriteExecutable("output_validator/run", "#!/bin/sh\nexec python3 interact.py \"$@\"\n")
            .Write(
                "output_validator/interact.py",
                "import sys\nprint(open(sys.argv[1]).read().strip(), flush=True)\ngot = sys.stdin.readline().split()\n" +
                    "sys.exit(42 if got == open(sys.argv[2]).read().split() else 43)\n")
            .Write("submissions/accepted/sum.py", "a, b = map(int, input().split())\nprint(a + b, flush=True)\n")
            .WriteExecutable("submissions/wrong_answer/scripted/build", "#!/bin/sh\ncc -O2 -o sum sum.c\n")
            .WriteExecutable("submissions/wrong_answer/scripted/run", "#!/bin/sh\nexec ./sum\n")
            .Write("submissions/wrong_answer/scripted/sum.c", SumC.Replace("a + b", "a * b", StringComparison.Ordinal));
        using var loaded = ProblemLoader.Load(package.Root);

        var verification = await fixture.Verifier().VerifyAsync(loaded, Token);

        Assert.Equal(2, verification.Checks.Count);
        Assert.True(verification.Ok, string.Join("\n", verification.Checks.Where(c => !c.Matches).Select(c => $"{c.Folder}/{c.Name}: {c.Problem}")));
    }
}
