using static Arbiter.Storage.Tests.Samples;

namespace Arbiter.Storage.Tests;

/// <summary>The cached files (Jobe's files/{id}): content-addressed, bounded with the least
/// recently used evicted first, and the same for every store instance on the database.</summary>
public abstract partial class StoreContractTests
{
    private static byte[] Bytes(int length, byte fill) => Enumerable.Repeat(fill, length).ToArray();

    [Fact]
    public async Task CachedFile_PutThenGet_RoundTrips_AndSaysWhetherTheIdWasNew()
    {
        byte[] first = [0, 1, 2, 0xff, 0xfe];
        byte[] second = [42];

        Assert.True(await Store.PutCachedFileAsync("a", first, 1000, T0, Ct));
        Assert.False(await Store.PutCachedFileAsync("a", first, 1000, T0, Ct));

        Assert.True(await Store.CachedFileExistsAsync("a", Ct));
        Assert.Equal(first, await Store.GetCachedFileAsync("a", T0, Ct));
        Assert.False(await Store.PutCachedFileAsync("a", second, 1000, T0, Ct));
        Assert.Equal(second, await Store.GetCachedFileAsync("a", T0, Ct));
        Assert.False(await Store.CachedFileExistsAsync("b", Ct));
        Assert.Null(await Store.GetCachedFileAsync("b", T0, Ct));
        Assert.True(await Store.PutCachedFileAsync("empty", [], 1000, T0, Ct));
        var empty = await Store.GetCachedFileAsync("empty", T0, Ct);
        Assert.NotNull(empty);
        Assert.Empty(empty);
    }

    [Fact]
    public async Task CachedFile_IsSharedByEveryStoreOnTheDatabase()
    {
        var other = Open(Location);

        await Store.PutCachedFileAsync("shared", [7, 8, 9], 1000, T0, Ct);

        Assert.True(await other.CachedFileExistsAsync("shared", Ct));
        Assert.Equal(new byte[] { 7, 8, 9 }, await other.GetCachedFileAsync("shared", T0, Ct));
    }

    [Fact]
    public async Task CachedFile_SameBytesUnderTwoIds_AreKeptOnce()
    {
        // The bound holds one copy: both ids fit only if their bytes are stored once.
        await Store.PutCachedFileAsync("a", Bytes(100, 1), 100, T0, Ct);
        await Store.PutCachedFileAsync("b", Bytes(100, 1), 100, T0.AddSeconds(1), Ct);

        Assert.True(await Store.CachedFileExistsAsync("a", Ct));
        Assert.True(await Store.CachedFileExistsAsync("b", Ct));

        // Other bytes of the same size evict that content, with both its ids.
        await Store.PutCachedFileAsync("c", Bytes(100, 2), 100, T0.AddSeconds(2), Ct);

        Assert.False(await Store.CachedFileExistsAsync("a", Ct));
        Assert.False(await Store.CachedFileExistsAsync("b", Ct));
        Assert.Equal(Bytes(100, 2), await Store.GetCachedFileAsync("c", T0.AddSeconds(3), Ct));
    }

    [Fact]
    public async Task CachedFile_BeyondTheBound_TheLeastRecentlyUsedGoFirst()
    {
        await Store.PutCachedFileAsync("a", Bytes(100, 1), 300, T0, Ct);
        await Store.PutCachedFileAsync("b", Bytes(100, 2), 300, T0.AddSeconds(1), Ct);
        await Store.PutCachedFileAsync("c", Bytes(100, 3), 300, T0.AddSeconds(2), Ct);
        Assert.NotNull(await Store.GetCachedFileAsync("a", T0.AddSeconds(3), Ct));

        await Store.PutCachedFileAsync("d", Bytes(100, 4), 300, T0.AddSeconds(4), Ct);

        Assert.False(await Store.CachedFileExistsAsync("b", Ct));
        foreach (var id in new[] { "a", "c", "d" })
        {
            Assert.True(await Store.CachedFileExistsAsync(id, Ct), id);
        }

        // One file as large as the whole cache pushes out everything else, never itself.
        await Store.PutCachedFileAsync("big", Bytes(300, 5), 300, T0.AddSeconds(5), Ct);

        Assert.Equal(Bytes(300, 5), await Store.GetCachedFileAsync("big", T0.AddSeconds(6), Ct));
        foreach (var id in new[] { "a", "c", "d" })
        {
            Assert.False(await Store.CachedFileExistsAsync(id, Ct), id);
        }
    }

    [Fact]
    public async Task CachedFile_ReplacedContent_NoLongerCountsAgainstTheBound()
    {
        await Store.PutCachedFileAsync("a", Bytes(150, 1), 200, T0, Ct);
        await Store.PutCachedFileAsync("a", Bytes(150, 2), 200, T0.AddSeconds(1), Ct);

        await Store.PutCachedFileAsync("b", Bytes(50, 3), 200, T0.AddSeconds(2), Ct);

        Assert.Equal(Bytes(150, 2), await Store.GetCachedFileAsync("a", T0.AddSeconds(3), Ct));
        Assert.True(await Store.CachedFileExistsAsync("b", Ct));
    }

    [Fact]
    public async Task CachedFile_LargerThanTheBoundOrABadId_IsRefusedAndStoresNothing()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.PutCachedFileAsync("big", Bytes(101, 1), 100, T0, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.PutCachedFileAsync("", [1], 100, T0, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.PutCachedFileAsync(new string('x', IFileCache.MaxIdLength + 1), [1], 100, T0, Ct));

        Assert.False(await Store.CachedFileExistsAsync("big", Ct));
        Assert.True(await Store.PutCachedFileAsync(new string('x', IFileCache.MaxIdLength), [1], 100, T0, Ct));
    }
}
