using System.Text;
using Arbiter.Engine.Checking;

namespace Arbiter.Engine.Tests.Checking;

public sealed class ValidatorOutcomeTests
{
    private static Dictionary<string, byte[]> Files(params (string Name, string Text)[] files) =>
        files.ToDictionary(f => f.Name, f => Encoding.UTF8.GetBytes(f.Text));

    [Fact]
    public void Interpret_Exit42_AcceptsWithJudgeAndTeamMessages()
    {
        var result = ValidatorOutcome.Interpret(42, Files(("judgemessage.txt", "fine\n"), ("teammessage.txt", "well done")));

        Assert.Equal(new CheckResult(Verdict.AC, "fine", "well done"), result);
    }

    [Fact]
    public void Interpret_Exit43_RejectsWithJudgeMessage()
    {
        var result = ValidatorOutcome.Interpret(43, Files(("judgemessage.txt", "3 × 4 ≠ 13")));

        Assert.Equal(Verdict.WA, result.Verdict);
        Assert.Equal("3 × 4 ≠ 13", result.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(44)]
    [InlineData(null)]
    public void Interpret_AnyOtherExit_IsInternalError(int? exitCode)
    {
        var result = ValidatorOutcome.Interpret(exitCode, Files(("judgemessage.txt", "assertion failed")));

        Assert.Equal(Verdict.IE, result.Verdict);
        Assert.Contains("assertion failed", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Interpret_ScoreAndMultiplier_AreParsed()
    {
        Assert.Equal(7.5, ValidatorOutcome.Interpret(42, Files(("score.txt", " 7.5\n"))).Score);
        Assert.Equal(0.25, ValidatorOutcome.Interpret(42, Files(("score_multiplier.txt", "0.25"))).ScoreMultiplier);
    }

    [Theory]
    [InlineData(42, "score.txt", "-1")]
    [InlineData(42, "score.txt", "lots")]
    [InlineData(42, "score_multiplier.txt", "1.5")]
    [InlineData(43, "score.txt", "1")]
    [InlineData(43, "nextpass.in", "1")]
    public void Interpret_InvalidFeedback_IsInternalError(int exitCode, string file, string content)
    {
        Assert.Equal(Verdict.IE, ValidatorOutcome.Interpret(exitCode, Files((file, content))).Verdict);
    }

    [Fact]
    public void Interpret_ScoreAndMultiplierTogether_IsInternalError()
    {
        Assert.Equal(Verdict.IE, ValidatorOutcome.Interpret(42, Files(("score.txt", "1"), ("score_multiplier.txt", "0.5"))).Verdict);
    }

    [Fact]
    public void Interpret_NextPass_IsHandedBack()
    {
        Assert.Equal("5\n"u8.ToArray(), ValidatorOutcome.Interpret(42, Files(("nextpass.in", "5\n"))).NextPassInput);
    }

    [Fact]
    public void Interpret_HugeMessage_IsCapped()
    {
        var result = ValidatorOutcome.Interpret(43, Files(("judgemessage.txt", new string('x', 100_000))));

        Assert.True(result.Message.Length <= 4097);
    }

    [Fact]
    public void FromDirectory_ReadsTheKnownFiles()
    {
        var directory = Directory.CreateTempSubdirectory("arbiter-feedback-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "judgemessage.txt"), "close\n");
            File.WriteAllText(Path.Combine(directory, "score.txt"), "3\n");

            var result = ValidatorOutcome.FromDirectory(42, directory);

            Assert.Equal(new CheckResult(Verdict.AC, "close", null, 3), result);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
