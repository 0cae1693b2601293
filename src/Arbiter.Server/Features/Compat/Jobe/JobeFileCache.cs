using Arbiter.Storage;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Compat.Jobe;

/// <summary>
/// Jobe's file store (<c>PUT/HEAD files/{id}</c>) in the store's file cache (<see cref="IFileCache"/>):
/// content-addressed, bounded by <see cref="CompatOptions.JobeFileCacheMiB"/> with the least
/// recently used evicted first, and shared by every API process on the database, so a file PUT
/// through one is there for a run that reaches another. A run naming an evicted file gets Jobe's
/// 404, which CodeRunner answers by sending the file again.
/// </summary>
internal sealed class JobeFileCache(IFileCache store, IOptions<CompatOptions> options, TimeProvider time)
{
    public long Capacity => (long)options.Value.JobeFileCacheMiB << 20;

    /// <summary>Whether <paramref name="id"/> is an id this cache keeps: 1–<see cref="IFileCache.MaxIdLength"/>
    /// ASCII letters, digits, '-', '_' and '.' (CodeRunner sends the MD5 of the content in hex;
    /// Jobe itself made the id a file name, so nothing else was ever safe to send).</summary>
    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= IFileCache.MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Stores <paramref name="content"/> (at most <see cref="Capacity"/> bytes) under a
    /// valid <paramref name="id"/>; true when the id was new.</summary>
    public Task<bool> PutAsync(string id, byte[] content, CancellationToken cancellationToken) =>
        store.PutCachedFileAsync(id, content, Capacity, time.GetUtcNow(), cancellationToken);

    public async Task<bool> ContainsAsync(string id, CancellationToken cancellationToken) =>
        IsValidId(id) && await store.CachedFileExistsAsync(id, cancellationToken);

    /// <summary>The file's bytes, marking it recently used; null when absent.</summary>
    public async Task<byte[]?> GetAsync(string id, CancellationToken cancellationToken) =>
        IsValidId(id) ? await store.GetCachedFileAsync(id, time.GetUtcNow(), cancellationToken) : null;
}
