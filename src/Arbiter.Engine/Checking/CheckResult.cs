namespace Arbiter.Engine.Checking;

/// <summary>What an output check decided about one test's output.</summary>
/// <param name="Verdict"><see cref="Verdict.AC"/>, <see cref="Verdict.WA"/>, or <see cref="Verdict.IE"/> when the
/// validator itself failed (crashed, hung, or broke the protocol): that is the judge's fault.</param>
/// <param name="Message">A short message for judges and, for the default validator, for students
/// (<c>line 3, token 2: expected 42, got 41</c>); from <c>judgemessage.txt</c> for custom validators.</param>
/// <param name="TeamMessage">Custom validators' <c>teammessage.txt</c>, meant for the submitter.</param>
/// <param name="Score">Custom validators' <c>score.txt</c>: the test's absolute score.</param>
/// <param name="ScoreMultiplier">Custom validators' <c>score_multiplier.txt</c>: a fraction in [0, 1] of the test's maximum.</param>
/// <param name="NextPassInput">Multi-pass problems: <c>nextpass.in</c>, the input of the next pass.</param>
public sealed record CheckResult(
    Verdict Verdict,
    string Message,
    string? TeamMessage = null,
    double? Score = null,
    double? ScoreMultiplier = null,
    byte[]? NextPassInput = null)
{
    /// <summary>Whether the output was accepted.</summary>
    public bool Accepted => Verdict == Verdict.AC;

    internal static CheckResult Accept(string message = "accepted") => new(Verdict.AC, message);

    internal static CheckResult Reject(string message) => new(Verdict.WA, message);

    internal static CheckResult JudgeError(string message) => new(Verdict.IE, message);
}
