namespace Arbiter.Deploy.Pools;

/// <summary>A <c>--pool</c> argument that cannot be honoured (unknown language, a language in two
/// pools, a bad name); the message says which and why.</summary>
public sealed class PoolPlanException : Exception
{
    public PoolPlanException()
    {
    }

    public PoolPlanException(string message)
        : base(message)
    {
    }

    public PoolPlanException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
