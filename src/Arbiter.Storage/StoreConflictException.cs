namespace Arbiter.Storage;

/// <summary>A write collided with stored data: a submission id or ticket, a user id or name (any case),
/// or an API key id or hash that already exists.
/// Nothing of the failed call was stored; the caller may retry with new values.</summary>
public sealed class StoreConflictException : Exception
{
    public StoreConflictException()
    {
    }

    public StoreConflictException(string message)
        : base(message)
    {
    }

    public StoreConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
