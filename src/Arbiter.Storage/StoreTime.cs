namespace Arbiter.Storage;

/// <summary>
/// Both stores keep instants to the whole millisecond in UTC: SQLite as unix-millisecond
/// integers, PostgreSQL as timestamptz (which could hold microseconds). Truncating before every
/// write makes a value read back identical on both backends, so callers and tests never see
/// the backend in a timestamp.
/// </summary>
internal static class StoreTime
{
    public static DateTimeOffset Normalize(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());

    public static long ToUnixMilliseconds(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMilliseconds(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);
}
