using static Arbiter.Storage.Tests.Samples;

namespace Arbiter.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="IArbiterStore"/> must have. Each backend subclasses this once;
/// every test gets a fresh, migrated database of its own. The tests are split over partial files
/// by topic: submissions here, the queue, then workers, callbacks, problems and lifecycle.
/// </summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    private readonly List<IArbiterStore> _opened = [];

    /// <summary>The store under test, on this test's database.</summary>
    protected IArbiterStore Store { get; private set; } = null!;

    /// <summary>Where this test's database is (a file path or a connection string).</summary>
    protected string Location { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>"SQLite" or "PostgreSQL", as the stores' error messages name them.</summary>
    protected abstract string ProviderName { get; }

    /// <summary>Creates an empty database and says where it is.</summary>
    protected abstract Task<string> CreateDatabaseAsync();

    /// <summary>A new store instance (its own connections) on the database at <paramref name="location"/>.</summary>
    protected abstract IArbiterStore OpenStore(string location);

    /// <summary>Creates a database at schema version 1 (the first migration only, as a database
    /// deployed before users existed), runs the <paramref name="seed"/> statements on it (rows as
    /// that version wrote them: today's store writes columns it did not have) and says where it is.</summary>
    protected abstract Task<string> CreateVersion1DatabaseAsync(params string[] seed);

    /// <summary>An instant as a SQL literal of this backend's time columns.</summary>
    protected abstract string TimeLiteral(DateTimeOffset value);

    /// <summary>A store whose database cannot be reached; the secret must never show in errors.</summary>
    protected abstract IArbiterStore OpenUnreachableStore(string secret);

    public async ValueTask InitializeAsync()
    {
        Location = await CreateDatabaseAsync();
        Store = Open(Location);
        await Store.MigrateAsync(Ct);
    }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Opens another instance, disposed with the test.</summary>
    protected IArbiterStore Open(string location)
    {
        var store = OpenStore(location);
        _opened.Add(store);
        return store;
    }

    [Fact]
    public async Task AddSubmissions_ThenGetById_ReturnsEveryFieldQueued()
    {
        var added = Submission("s1", problemId: "sum", priority: 3);

        await Store.AddSubmissionsAsync([added], Ct);
        var stored = await Store.GetSubmissionAsync("s1", Ct);

        Assert.NotNull(stored);
        Assert.Equal(
            new SubmissionRecord(added.Id, added.Ticket, added.Kind, added.Language, added.ProblemId, added.RequestJson, added.CallbackUrl,
                added.Priority, added.Owner, Stored(added.CreatedAt), SubmissionStatus.Queued, Stored(added.CreatedAt), null, 0, null),
            stored);
    }

    [Fact]
    public async Task Times_RoundTripToTheMillisecondInUtc()
    {
        var local = new DateTimeOffset(2026, 5, 6, 7, 8, 9, 123, TimeSpan.FromHours(2)).AddTicks(9999);
        await Store.AddSubmissionsAsync([Submission("s1", createdAt: local)], Ct);

        var stored = (await Store.GetSubmissionAsync("s1", Ct))!;

        Assert.Equal(TimeSpan.Zero, stored.CreatedAt.Offset);
        Assert.Equal(new DateTimeOffset(2026, 5, 6, 5, 8, 9, 123, TimeSpan.Zero), stored.CreatedAt);
        Assert.Equal(local.UtcTicks / TimeSpan.TicksPerMillisecond, stored.CreatedAt.UtcTicks / TimeSpan.TicksPerMillisecond);
    }

    [Fact]
    public async Task GetSubmission_ByTicket_IsCaseInsensitive_AndUnknownIsNull()
    {
        await Store.AddSubmissionsAsync([Submission("s1", ticket: "XHBPQ")], Ct);

        Assert.Equal("s1", (await Store.GetSubmissionAsync("XHBPQ", Ct))?.Id);
        Assert.Equal("s1", (await Store.GetSubmissionAsync("xhbPq", Ct))?.Id);
        Assert.Null(await Store.GetSubmissionAsync("S1X", Ct));
        Assert.Null(await Store.GetSubmissionAsync("nope", Ct));
        Assert.True(await Store.TicketExistsAsync("xhbpq", Ct));
        Assert.False(await Store.TicketExistsAsync("ABCDE", Ct));
    }

    [Fact]
    public async Task GetSubmission_IdMatchesExactly()
    {
        await Store.AddSubmissionsAsync([Submission("AbC", ticket: "QQQQQ")], Ct);

        Assert.Equal("AbC", (await Store.GetSubmissionAsync("AbC", Ct))?.Id);
        Assert.Null(await Store.GetSubmissionAsync("abc", Ct));
    }

    [Fact]
    public async Task AddSubmissions_DuplicateIdInBatch_StoresNothing()
    {
        var batch = new[] { Submission("a"), Submission("b"), Submission("a", ticket: "OTHER") };

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddSubmissionsAsync(batch, Ct));

        Assert.Null(await Store.GetSubmissionAsync("a", Ct));
        Assert.Null(await Store.GetSubmissionAsync("b", Ct));
        Assert.Empty(await Store.GetHistoryAsync("a", Ct));
        Assert.Equal(0, await Store.QueueDepthAsync(T0, Ct));
    }

    [Fact]
    public async Task AddSubmissions_TakenIdOrTicket_ConflictsAndStoresNothingOfTheBatch()
    {
        await Store.AddSubmissionsAsync([Submission("a", ticket: "ABCDE")], Ct);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddSubmissionsAsync([Submission("b"), Submission("a", ticket: "NEWTK")], Ct));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddSubmissionsAsync([Submission("c"), Submission("d", ticket: "abcde")], Ct));

        Assert.Null(await Store.GetSubmissionAsync("b", Ct));
        Assert.Null(await Store.GetSubmissionAsync("c", Ct));
        Assert.Equal("a", (await Store.GetSubmissionAsync("ABCDE", Ct))?.Id);
    }

    [Fact]
    public async Task GetSubmissions_ReturnsThoseFoundInRequestedOrder()
    {
        await Store.AddSubmissionsAsync([Submission("a"), Submission("b"), Submission("c")], Ct);

        var found = await Store.GetSubmissionsAsync(["c", "missing", "a", "c"], Ct);

        Assert.Equal(["c", "a"], found.Select(s => s.Id));
        Assert.Empty(await Store.GetSubmissionsAsync([], Ct));
    }

    [Fact]
    public async Task History_RecordsEveryStatusChangeInOrder()
    {
        await Store.AddSubmissionsAsync([Submission("s1")], Ct);
        var lease = (await Store.LeaseNextAsync("w1", TimeSpan.FromMinutes(1), [], T0, Ct))!;

        Assert.True(await Store.SetStatusAsync("s1", "w1", SubmissionStatus.Compiling, "gcc -O2", T0.AddSeconds(1), Ct));
        Assert.True(await Store.SetStatusAsync("s1", "w1", SubmissionStatus.Running, "test 1", T0.AddSeconds(2), Ct));
        Assert.True(await Store.SetStatusAsync("s1", "w1", SubmissionStatus.Running, "test 2", T0.AddSeconds(2), Ct));
        Assert.True(await Store.CompleteAsync("s1", "w1", SubmissionStatus.Judged, new("""{"verdict":"AC"}"""), T0.AddSeconds(3), Ct));

        Assert.Equal(1, lease.Attempt);
        Assert.Equal(
            [
                new StatusChange(SubmissionStatus.Queued, Stored(T0), null, null),
                new StatusChange(SubmissionStatus.Compiling, Stored(T0.AddSeconds(1)), "w1", "gcc -O2"),
                new StatusChange(SubmissionStatus.Running, Stored(T0.AddSeconds(2)), "w1", "test 1"),
                new StatusChange(SubmissionStatus.Running, Stored(T0.AddSeconds(2)), "w1", "test 2"),
                new StatusChange(SubmissionStatus.Judged, Stored(T0.AddSeconds(3)), "w1", null),
            ],
            await Store.GetHistoryAsync("s1", Ct));
        var done = (await Store.GetSubmissionAsync("s1", Ct))!;
        Assert.Equal(
            (SubmissionStatus.Judged, """{"verdict":"AC"}""", "w1", 1, Stored(T0.AddSeconds(3))),
            (done.Status, done.ResultJson, done.WorkerId, done.Attempts, done.UpdatedAt));
    }

    [Fact]
    public async Task ListSubmissions_NewestFirst_KeysetPagesCoverEverythingOnce()
    {
        // Three share a millisecond: the id breaks the tie, and no page repeats or drops one.
        var batch = Enumerable.Range(0, 7)
            .Select(i => Submission($"s{i}", createdAt: T0.AddMilliseconds(i < 3 ? 0 : i)))
            .ToArray();
        await Store.AddSubmissionsAsync(batch, Ct);

        var pages = new List<IReadOnlyList<SubmissionRecord>>();
        string? before = null;
        while (true)
        {
            var page = await Store.ListSubmissionsAsync(new SubmissionQuery(Before: before, Limit: 3), Ct);
            if (page.Count == 0)
            {
                break;
            }

            pages.Add(page);
            before = page[^1].Id;
        }

        Assert.Equal([3, 3, 1], pages.Select(p => p.Count));
        Assert.Equal(["s6", "s5", "s4", "s3", "s2", "s1", "s0"], pages.SelectMany(p => p).Select(s => s.Id));
    }

    [Fact]
    public async Task ListSubmissions_FiltersByOwnerProblemAndStatus()
    {
        await Store.AddSubmissionsAsync(
            [
                Submission("a", owner: "alice", problemId: "p1", createdAt: T0),
                Submission("b", owner: "bob", problemId: "p1", createdAt: T0.AddSeconds(1)),
                Submission("c", owner: "alice", problemId: "p2", createdAt: T0.AddSeconds(2)),
                Submission("d", owner: null, problemId: null, createdAt: T0.AddSeconds(3)),
            ],
            Ct);
        await Store.LeaseNextAsync("w1", TimeSpan.FromMinutes(1), [], T0, Ct);
        await Store.CompleteAsync("a", "w1", SubmissionStatus.Judged, new("{}"), T0.AddSeconds(5), Ct);

        async Task<string[]> Ids(SubmissionQuery query) => [.. (await Store.ListSubmissionsAsync(query, Ct)).Select(s => s.Id)];

        Assert.Equal(["d", "c", "b", "a"], await Ids(new SubmissionQuery()));
        Assert.Equal(["c", "a"], await Ids(new SubmissionQuery(Owner: "alice")));
        Assert.Equal(["b", "a"], await Ids(new SubmissionQuery(ProblemId: "p1")));
        Assert.Equal(["a"], await Ids(new SubmissionQuery(Owner: "alice", ProblemId: "p1")));
        Assert.Equal(["a"], await Ids(new SubmissionQuery(Status: SubmissionStatus.Judged)));
        Assert.Equal(["d", "c", "b"], await Ids(new SubmissionQuery(Status: SubmissionStatus.Queued)));
        Assert.Equal(["a"], await Ids(new SubmissionQuery(Owner: "alice", Before: "c")));
        Assert.Empty(await Ids(new SubmissionQuery(Owner: "carol")));
    }

    [Fact]
    public async Task ListSubmissions_ClampsLimitTo1Through500()
    {
        await Store.AddSubmissionsAsync([.. Enumerable.Range(0, 501).Select(i => Submission($"s{i:D3}", createdAt: T0.AddMilliseconds(i)))], Ct);

        Assert.Single(await Store.ListSubmissionsAsync(new SubmissionQuery(Limit: 0), Ct));
        Assert.Single(await Store.ListSubmissionsAsync(new SubmissionQuery(Limit: -5), Ct));
        Assert.Equal(500, (await Store.ListSubmissionsAsync(new SubmissionQuery(Limit: 10_000), Ct)).Count);
        Assert.Equal(20, (await Store.ListSubmissionsAsync(new SubmissionQuery(Limit: 20), Ct)).Count);
    }

    [Fact]
    public async Task ListSubmissions_UnknownBefore_ReturnsAnEmptyPage()
    {
        await Store.AddSubmissionsAsync([Submission("a")], Ct);

        Assert.Empty(await Store.ListSubmissionsAsync(new SubmissionQuery(Before: "no-such-id"), Ct));
    }
}
