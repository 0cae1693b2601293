namespace Arbiter.Engine.Tests.Running;

/// <summary>Keeps what was reported, as it was reported (Progress&lt;T&gt; would post it later).</summary>
internal sealed class StageLog<T> : IProgress<T>
{
    public List<T> Seen { get; } = [];

    public void Report(T value) => Seen.Add(value);
}
