using System.Text;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Problems;
using Arbiter.Engine.Tests.Problems;

namespace Arbiter.Engine.Tests.Judging;

/// <summary>
/// Who ended first decides an interactive verdict, as in Kattis problemtools: the interactor's
/// rejection wins only when it came before the submission ended; otherwise the submission's own
/// crash or limit stands. And a submission that leaves right after its last answer never turns
/// the interactor's last reply into a judge error (SIGPIPE, broken pipe).
/// The protocol here: the submission prints one number, the interactor answers "ok" and accepts
/// 42 (the test's answer file), rejecting anything else.
/// </summary>
[Collection(SharedEngine.Name)]
public sealed class InteractionPrecedenceTests(EngineFixture fixture)
{
    /// <summary>Replies only once it has read the end of the submission's output, that is once the
    /// submission is gone: its reply always lands after the exit, so a judge that lets the
    /// submission's input pipe close with it fails every time, not two runs in three.</summary>
    private const string PythonRepliesAfterTheEnd = """
        import sys
        answer = open(sys.argv[2]).read().split()[0]
        line = sys.stdin.readline().strip()
        sys.stdin.read()
        print("ok", flush=True)
        sys.exit(42 if line == answer else 43)
        """;

    private const string CRepliesAfterTheEnd = """
        #include <stdio.h>
        #include <string.h>
        int main(int argc, char **argv) {
            char answer[64] = "", line[64] = "";
            FILE *f = fopen(argv[2], "r");
            if (!f || fscanf(f, "%63s", answer) != 1) return 1;
            if (scanf("%63s", line) != 1) return 43;
            while (getchar() != EOF) {}
            fputs("ok\n", stdout);
            fflush(stdout);
            return strcmp(line, answer) == 0 ? 42 : 43;
        }
        """;

    /// <summary>The common shape: replies as soon as it has the answer, racing the submission's exit.</summary>
    private const string RepliesAtOnce = """
        import sys
        answer = open(sys.argv[2]).read().split()[0]
        line = sys.stdin.readline().strip()
        print("ok", flush=True)
        sys.exit(42 if line == answer else 43)
        """;

    /// <summary>Rejects a missing answer at end of input, as interactors do.</summary>
    private const string RejectsAtEndOfInput = """
        import sys
        answer = open(sys.argv[2]).read().split()[0]
        first = sys.stdin.readline().strip()
        second = sys.stdin.readline().strip()
        if not second:
            sys.exit(43)
        print("ok", flush=True)
        sys.exit(42 if second == answer else 43)
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("interactor.py", PythonRepliesAfterTheEnd)]
    [InlineData("interactor.c", CRepliesAfterTheEnd)]
    public async Task Judge_SubmissionLeavesRightAfterItsLastAnswer_TheInteractorsLastReplyIsNoJudgeError(string file, string interactor)
    {
        var result = await JudgeAsync(file, interactor, "python3", "print(42, flush=True)\n", tests: 3);

        Assert.True(result.Verdict == Verdict.AC, $"{result.Verdict} ({result.Message})");
        Assert.All(result.Tests, t => Assert.Equal(Verdict.AC, t.Verdict));
    }

    [Fact]
    public async Task Judge_SubmissionLeavesRightAfterItsLastAnswer_NoTestOfTwelveIsAJudgeError()
    {
        var result = await JudgeAsync("interactor.py", RepliesAtOnce, "c", "#include <stdio.h>\nint main(void) { puts(\"42\"); return 0; }\n", tests: 12);

        Assert.True(result.Verdict == Verdict.AC, $"{result.Verdict} ({result.Message})");
        Assert.Equal(12, result.Tests.Count(t => t.Verdict == Verdict.AC));
    }

    [Fact]
    public async Task Judge_SubmissionCrashesThenTheInteractorRejectsAtEndOfInput_IsRunTimeError()
    {
        var result = await JudgeAsync("interactor.py", RejectsAtEndOfInput, "python3", "print(1, flush=True)\nraise SystemExit(3)\n");

        Assert.True(result.Verdict == Verdict.RE, $"{result.Verdict} ({result.Message})");
    }

    [Fact]
    public async Task Judge_SubmissionRunsOutOfMemoryThenTheInteractorRejects_IsMemoryLimitExceeded()
    {
        var result = await JudgeAsync("interactor.py", RejectsAtEndOfInput, "python3", "print(1, flush=True)\nhog = b'x' * (1 << 30)\nprint(len(hog))\n", memoryMiB: 64);

        Assert.True(result.Verdict == Verdict.MLE, $"{result.Verdict} ({result.Message})");
    }

    [Fact]
    public async Task Judge_InteractorRejectsFirstThenTheSubmissionCrashes_IsWrongAnswer()
    {
        // The submission crashes only on the end of its input, which it reads after the
        // interactor has gone.
        var result = await JudgeAsync("interactor.py", "import sys\nsys.exit(43)\n", "python3", "import sys\nsys.stdin.read()\nraise SystemExit(3)\n");

        Assert.True(result.Verdict == Verdict.WA, $"{result.Verdict} ({result.Message})");
    }

    [Fact]
    public async Task Judge_SubmissionWritesAfterTheInteractorAccepted_ItsBrokenPipeIsNoCrash()
    {
        // Writes again once its input has ended, i.e. after the interactor has exited: SIGPIPE.
        const string submission = """
            #include <stdio.h>
            int main(void) {
                puts("42");
                fflush(stdout);
                while (getchar() != EOF) {}
                for (int i = 0; i < 100000; i++) { puts("more"); fflush(stdout); }
                return 0;
            }
            """;

        var result = await JudgeAsync("interactor.py", RepliesAtOnce, "c", submission);

        Assert.True(result.Verdict == Verdict.AC, $"{result.Verdict} ({result.Message})");
    }

    private async Task<JudgeResult> JudgeAsync(string interactorFile, string interactor, string language, string submission, int tests = 1, int memoryMiB = 256)
    {
        using var package = new TempPackage()
            .Write("problem.yaml", $"name: Answer\nvalidation: custom interactive\nlimits:\n  memory: {memoryMiB}\n")
            .Write($"output_validators/{interactorFile}", interactor);
        for (var i = 1; i <= tests; i++)
        {
            package.Test($"secret/{i:00}", "\n", "42\n");
        }

        using var loaded = ProblemLoader.Load(package.Root);
        return await fixture.Judge().JudgeAsync(
            loaded,
            fixture.Language(language),
            Encoding.UTF8.GetBytes(submission),
            new JudgeOptions(TimeLimit: TimeSpan.FromSeconds(2)),
            Token);
    }
}
