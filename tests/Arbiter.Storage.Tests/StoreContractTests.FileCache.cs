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

    [Fact]
    public async Task CachedFile_ConcurrentPutsFromTwoStores_UnderASmallBound_NeverFailNorLoseTheFileJustPut()
    {
        // Two store instances (two API processes' connection pools) put files at once, each
        // worker a new file and again its file of the round before (CodeRunner sends a file
        // again under the same id, the MD5 of its bytes), every put past the bound evicting.
        // A round's files are the newest and all fit, so each must be there when its putter
        // looks right after (as the run that names it would); older rounds are what eviction
        // takes. On PostgreSQL an eviction used to deadlock (40P01) with a put refreshing a file
        // it was evicting, and the put failed.
        const int Workers = 8, Rounds = 30, Size = 1000;
        const long Capacity = 2 * Workers * Size + Size / 2;
        IArbiterStore[] stores = [Store, Open(Location)];
        static byte[] Content(int round, int worker)
        {
            var content = Bytes(Size, (byte)worker);
            content[0] = (byte)round;
            return content;
        }

        for (var round = 0; round < Rounds; round++)
        {
            var now = T0.AddSeconds(round);
            await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
            {
                var store = stores[worker % stores.Length];
                string[] ids = round == 0 ? [$"r{round}-w{worker}"] : [$"r{round - 1}-w{worker}", $"r{round}-w{worker}"];
                await store.PutCachedFileAsync(ids[0], Content(round == 0 ? round : round - 1, worker), Capacity, now, Ct);
                if (ids.Length == 2)
                {
                    await store.PutCachedFileAsync(ids[1], Content(round, worker), Capacity, now, Ct);
                }

                foreach (var id in ids)
                {
                    Assert.True(await store.CachedFileExistsAsync(id, Ct), $"{id} was evicted before its run");
                }
            }, Ct)));
        }

        var cached = await RawAsync(Location, "SELECT CAST(COALESCE(SUM(size), 0) AS TEXT) FROM cached_files");
        Assert.InRange(long.Parse(cached[0], System.Globalization.CultureInfo.InvariantCulture), 2 * Workers * Size, Capacity);
        for (var worker = 0; worker < Workers; worker++)
        {
            Assert.True(await stores[1 - (worker % stores.Length)].CachedFileExistsAsync($"r{Rounds - 1}-w{worker}", Ct));
        }
    }
}
