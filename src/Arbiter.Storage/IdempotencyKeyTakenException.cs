namespace Arbiter.Storage;

/// <summary>Submissions were offered under an idempotency key that an earlier request already
/// holds. Nothing of the failed call was stored; read the earlier request's submissions with
/// <see cref="ISubmissionStore.FindIdempotencyKeyAsync"/>.</summary>
public sealed class IdempotencyKeyTakenException : Exception
{
    public IdempotencyKeyTakenException()
    {
    }

    public IdempotencyKeyTakenException(string message)
        : base(message)
    {
    }

    public IdempotencyKeyTakenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
