namespace Arbiter.Storage;

/// <summary>
/// Files kept by id for later runs (Jobe's <c>PUT files/{id}</c>), shared by every process on the
/// database. Content-addressed: ids that name the same bytes share one copy (SHA-256). Bounded by
/// the capacity each put gives: past it, the least recently used contents go first, with every
/// id that names them. A cache, not a record: its writes are bookkeeping (a power cut may lose the
/// last ones), and a client whose file is gone sends it again.
/// </summary>
public interface IFileCache
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="id"/> (replacing what the id
    /// named), marks it used at <paramref name="now"/>, and evicts until the cache holds at most
    /// <paramref name="capacityBytes"/>; never the content just put. True when the id was new.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The content is larger than the capacity, or the id is empty or longer than <see cref="MaxIdLength"/>.</exception>
    Task<bool> PutCachedFileAsync(string id, byte[] content, long capacityBytes, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="id"/> names a file in the cache.</summary>
    Task<bool> CachedFileExistsAsync(string id, CancellationToken cancellationToken);

    /// <summary>The bytes <paramref name="id"/> names, marked used at <paramref name="now"/>; null when absent.</summary>
    Task<byte[]?> GetCachedFileAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The longest id the cache keeps.</summary>
    const int MaxIdLength = 200;
}
