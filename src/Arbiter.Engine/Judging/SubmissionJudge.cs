using Arbiter.Engine.Languages;
using Arbiter.Engine.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Judging;

/// <summary>
/// The engine's use case "judge this submission against this package", for the service's judged
/// submissions, <c>arbiter judge</c> and <c>arbiter problem verify</c> alike: the package's time
/// limit (its own, or calibrated once and kept: <see cref="PackageTimeLimits"/>), the tests'
/// limits from it (<see cref="TestLimits"/>), and one compile through the build cache
/// (<see cref="Judge"/>). Callers pass what was submitted and translate the result; none of them
/// chooses a limit.
/// </summary>
public sealed class SubmissionJudge(Judge judge, PackageTimeLimits timeLimits)
{
    /// <summary>The time limit this package's submissions are judged with, and where it came from.</summary>
    public Task<PackageTimeLimit> TimeLimitAsync(ProblemPackage problem, CancellationToken cancellationToken) =>
        timeLimits.ForAsync(problem, cancellationToken);

    /// <summary>Judges one submission; <paramref name="extraFiles"/> are its other files (headers,
    /// modules); <paramref name="progress"/> hears each <see cref="JudgeStage"/> as it is reached.</summary>
    public async Task<JudgeResult> JudgeAsync(
        ProblemPackage problem, LanguageSpec language, ReadOnlyMemory<byte> source, IReadOnlyList<SandboxFile>? extraFiles, IProgress<JudgeStage>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var timeLimit = await timeLimits.ForAsync(problem, cancellationToken).ConfigureAwait(false);
        return await judge.JudgeAsync(problem, language, source, timeLimit.ToOptions(), cancellationToken, extraFiles, progress).ConfigureAwait(false);
    }
}
