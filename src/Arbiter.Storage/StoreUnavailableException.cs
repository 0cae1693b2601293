namespace Arbiter.Storage;

/// <summary>The database cannot be reached or opened. The message names the provider, where it
/// looked (never credentials) and what failed.</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
