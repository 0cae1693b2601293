using System.Text;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Problems;
using Arbiter.Engine.Tests.Problems;

namespace Arbiter.Engine.Tests.Judging;

/// <summary>An interactive guessing game (the submission guesses, the interactor answers higher,
/// lower or correct) with interactors broken in the ways real ones break.</summary>
[Collection(SharedEngine.Name)]
public sealed class BrokenInteractorTests(EngineFixture fixture)
{
    private const string Guesser = """
        low, high = 1, 1000
        while True:
            guess = (low + high) // 2
            print(guess, flush=True)
            reply = input().strip()
            if reply == "correct":
                break
            if reply == "higher":
                low = guess + 1
            else:
                high = guess - 1
        """;

    private const string Interactor = """
        import sys
        secret = int(open(sys.argv[1]).read())
        for _ in range(20):
            line = sys.stdin.readline()
            if not line:
                sys.exit(43)
            guess = int(line)
            if guess == secret:
                print("correct", flush=True)
                sys.exit(42)
            print("higher" if secret > guess else "lower", flush=True)
        sys.exit(43)
        """;

    private const string Spin = "while True:\n    pass\n";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Judge_WorkingInteractor_AcceptsTheGuesser()
    {
        var result = await JudgeAsync(Interactor, Guesser);

        Assert.Equal(Verdict.AC, result.Verdict);
        Assert.Equal(2, result.Tests.Count);
    }

    [Theory]
    [InlineData("exit 1", "import sys\nsys.exit(1)\n", "exited with code 1")]
    [InlineData("crash", "import os\nos.abort()\n", "was killed")]
    [InlineData("spin", Spin, "interactor failed")]
    [InlineData("hang on read", "import os\nr, w = os.pipe()\nos.read(r, 1)\n", "interactor failed")]
    [InlineData("read past the protocol", "import sys\nsys.stdin.readline()\nsys.stdin.readline()\nprint(int(sys.stdin.readline()))\n", "exited with code 1")]
    public async Task Judge_BrokenInteractor_IsAJudgeErrorThatStopsJudging(string broken, string interactor, string expected)
    {
        var result = await JudgeAsync(interactor, Guesser);

        Assert.True(result.Verdict == Verdict.IE, $"{broken}: {result.Verdict} ({result.Message})");
        var test = Assert.Single(result.Tests);
        Assert.Equal(Verdict.IE, test.Verdict);
        Assert.Contains(expected, test.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Judge_InteractorRejectsAtOnce_StopsASpinningSubmissionAsWrongAnswer()
    {
        var result = await JudgeAsync("import sys\nsys.exit(43)\n", Spin);

        Assert.Equal(Verdict.WA, result.Verdict);
    }

    [Fact]
    public async Task Judge_SubmissionSpinsToItsOwnLimit_IsTimeLimitExceeded()
    {
        var result = await JudgeAsync(Interactor, Spin);

        Assert.Equal(Verdict.TLE, result.Verdict);
    }

    private async Task<JudgeResult> JudgeAsync(string interactor, string submission)
    {
        using var package = new TempPackage()
            .Write("problem.yaml", "name: Guess\nvalidation: custom interactive\n")
            .Write("output_validators/interactor/interactor.py", interactor)
            .Test("secret/1", "300\n", "300\n")
            .Test("secret/2", "700\n", "700\n");
        using var loaded = ProblemLoader.Load(package.Root);
        return await fixture.Judge().JudgeAsync(
            loaded,
            fixture.Language("python3"),
            Encoding.UTF8.GetBytes(submission),
            new JudgeOptions(TimeLimit: TimeSpan.FromSeconds(0.5)),
            Token);
    }
}
