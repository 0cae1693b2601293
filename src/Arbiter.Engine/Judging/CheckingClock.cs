using System.Diagnostics;

namespace Arbiter.Engine.Judging;

/// <summary>
/// The wall time during which at least one test's output was being checked. Tests run in
/// parallel, so the sum of their checking times can exceed the whole judgement's wall time; the
/// span covered by checks cannot, and it says how much of the wait checking accounts for.
/// </summary>
internal sealed class CheckingClock
{
    private readonly Lock _lock = new();
    private int _running;
    private long _since;
    private long _covered;

    public double Milliseconds
    {
        get
        {
            lock (_lock)
            {
                return _covered * 1000.0 / Stopwatch.Frequency;
            }
        }
    }

    /// <summary>Counts the span until the returned handle is disposed.</summary>
    public IDisposable Measure()
    {
        lock (_lock)
        {
            if (_running++ == 0)
            {
                _since = Stopwatch.GetTimestamp();
            }
        }

        return new Measurement(this);
    }

    private void End()
    {
        lock (_lock)
        {
            if (--_running == 0)
            {
                _covered += Stopwatch.GetTimestamp() - _since;
            }
        }
    }

    /// <summary>One check in progress.</summary>
    private sealed class Measurement(CheckingClock clock) : IDisposable
    {
        public void Dispose() => clock.End();
    }
}
