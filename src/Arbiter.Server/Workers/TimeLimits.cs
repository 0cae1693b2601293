using System.Collections.Concurrent;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Problems;

namespace Arbiter.Server.Workers;

/// <summary>Each problem's time limit: its own, or calibrated once per process from its accepted
/// submissions when the package gives none.</summary>
internal sealed class TimeLimits(TimeLimitCalibrator calibrator)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TimeSpan?>>> _calibrated = new(StringComparer.Ordinal);

    public Task<TimeSpan?> ForAsync(string problemId, ProblemPackage problem, CancellationToken cancellationToken)
    {
        if (problem.Limits.TimeLimit is { } given)
        {
            return Task.FromResult<TimeSpan?>(given);
        }

        return _calibrated.GetOrAdd(problemId, _ => new Lazy<Task<TimeSpan?>>(async () =>
            (await calibrator.CalibrateAsync(problem, cancellationToken).ConfigureAwait(false)).Limit)).Value;
    }
}
