namespace Arbiter.Autoscaling.Policies;

/// <summary>
/// The HPA's default scaling behaviour applied to a recommendation: scaling up at once but by at
/// most max(+4 replicas, ×2) per decision; scaling down only to the highest recommendation made
/// within the stabilisation window (5 minutes), so a brief dip never removes replicas.
/// </summary>
internal sealed class HpaBehaviour(TimeSpan downWindow)
{
    private readonly Queue<(TimeSpan At, int Replicas)> _recent = new();

    public int Apply(int recommendation, int current, TimeSpan at)
    {
        _recent.Enqueue((at, recommendation));
        while (_recent.Count > 0 && _recent.Peek().At < at - downWindow)
        {
            _recent.Dequeue();
        }

        if (recommendation > current)
        {
            var limit = Math.Max(current + 4, current * 2);
            return Math.Min(recommendation, limit);
        }

        return Math.Min(current, _recent.Max(r => r.Replicas));
    }
}
