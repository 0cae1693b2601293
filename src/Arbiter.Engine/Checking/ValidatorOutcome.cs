using System.Globalization;
using System.Text;

namespace Arbiter.Engine.Checking;

/// <summary>
/// Interprets a custom output validator's (or interactor's) run, per the format: exit code 42
/// accepts, 43 rejects, anything else (0 included, a signal, a time-out) is an internal error —
/// a crashing or hanging validator is the judge's fault. Feedback files refine the result.
/// </summary>
public static class ValidatorOutcome
{
    /// <summary>Exit code of an accepting validator.</summary>
    public const int AcceptExitCode = 42;

    /// <summary>Exit code of a rejecting validator.</summary>
    public const int RejectExitCode = 43;

    /// <summary>The feedback files Arbiter reads; bring these back from the validator's feedback dir.</summary>
    public static IReadOnlyList<string> FeedbackFileNames { get; } =
        ["judgemessage.txt", "teammessage.txt", "score.txt", "score_multiplier.txt", "nextpass.in"];

    private const int MaxMessageChars = 4096;
    private const int MaxFeedbackFileBytes = 1 << 20;

    /// <summary>
    /// The verdict, message and score from the validator's exit code (null when a signal or a limit
    /// ended it) and its feedback files by name. Judge errors per the format: <c>score.txt</c> and
    /// <c>score_multiplier.txt</c> together; either of them on a rejection; contents that are not a
    /// non-negative number (a multiplier outside [0, 1]); <c>nextpass.in</c> without acceptance.
    /// </summary>
    public static CheckResult Interpret(int? exitCode, IReadOnlyDictionary<string, byte[]> feedbackFiles)
    {
        ArgumentNullException.ThrowIfNull(feedbackFiles);
        var judgeMessage = Text(feedbackFiles, "judgemessage.txt");
        var teamMessage = Text(feedbackFiles, "teammessage.txt");
        feedbackFiles.TryGetValue("nextpass.in", out var nextPass);
        var hasScore = feedbackFiles.ContainsKey("score.txt");
        var hasMultiplier = feedbackFiles.ContainsKey("score_multiplier.txt");

        if (exitCode is not (AcceptExitCode or RejectExitCode))
        {
            var how = exitCode is { } code ? $"exited with code {code}" : "was killed (crashed or exceeded a limit)";
            return CheckResult.JudgeError($"output validator {how}; only 42 (accept) and 43 (reject) are valid" + Suffix(judgeMessage));
        }

        if (hasScore && hasMultiplier)
        {
            return CheckResult.JudgeError("output validator wrote both score.txt and score_multiplier.txt" + Suffix(judgeMessage));
        }

        if (exitCode == RejectExitCode)
        {
            if (hasScore || hasMultiplier)
            {
                return CheckResult.JudgeError("output validator rejected the output but wrote a score" + Suffix(judgeMessage));
            }

            if (nextPass is not null)
            {
                return CheckResult.JudgeError("output validator rejected the output but wrote nextpass.in" + Suffix(judgeMessage));
            }

            return new CheckResult(Verdict.WA, judgeMessage ?? "wrong answer", teamMessage);
        }

        double? score = null, multiplier = null;
        if (hasScore)
        {
            if (Number(feedbackFiles["score.txt"]) is not { } value || value < 0)
            {
                return CheckResult.JudgeError("output validator wrote a score.txt that is not a non-negative number");
            }

            score = value;
        }

        if (hasMultiplier)
        {
            if (Number(feedbackFiles["score_multiplier.txt"]) is not { } value || value is < 0 or > 1)
            {
                return CheckResult.JudgeError("output validator wrote a score_multiplier.txt that is not a number in [0, 1]");
            }

            multiplier = value;
        }

        return new CheckResult(Verdict.AC, judgeMessage ?? "accepted", teamMessage, score, multiplier, nextPass);
    }

    /// <summary>As <see cref="Interpret(int?, IReadOnlyDictionary{string, byte[]})"/>, reading the
    /// known files (at most 1 MiB each) from a feedback directory on the host.</summary>
    public static CheckResult FromDirectory(int? exitCode, string feedbackDirectory)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in FeedbackFileNames)
        {
            var path = Path.Combine(feedbackDirectory, name);
            if (!File.Exists(path))
            {
                continue;
            }

            using var stream = File.OpenRead(path);
            var buffer = new byte[(int)Math.Min(stream.Length, MaxFeedbackFileBytes)];
            stream.ReadExactly(buffer);
            files[name] = buffer;
        }

        return Interpret(exitCode, files);
    }

    private static string? Text(IReadOnlyDictionary<string, byte[]> files, string name)
    {
        if (!files.TryGetValue(name, out var bytes))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, MaxMessageChars * 4)).Trim();
        if (text.Length > MaxMessageChars)
        {
            text = text[..MaxMessageChars] + "…";
        }

        return text.Length == 0 ? null : text;
    }

    private static double? Number(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 256)).Trim();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;
    }

    private static string Suffix(string? judgeMessage) => judgeMessage is null ? "" : ": " + judgeMessage;
}
