using Arbiter.Server.Features.Submissions;
using Arbiter.Storage;

namespace Arbiter.Server.Tests;

/// <summary>The accept path's writer over a real SQLite store: a ticket that collides (with a
/// stored submission, or inside one batch) is replaced and the request still succeeds, and a
/// batch is stored all together.</summary>
public sealed class SubmissionWriterTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("arbiter-writer-").FullName;
    private IArbiterStore _store = null!;
    private SubmissionWriter _writer = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = StoreFactory.Create(new StoreOptions(), _data);
        await _store.MigrateAsync(Token);
        _writer = new SubmissionWriter(_store);
        await _writer.StartAsync(Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.StopAsync(CancellationToken.None);
        _writer.Dispose();
        await _store.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task AddMany_BatchWhoseTicketsCollide_IsStoredWhole_WithFreshUniqueTickets()
    {
        await _store.AddSubmissionsAsync([Submission("TAKEN")], Token);
        List<NewSubmission> batch = [Submission("TAKEN"), Submission("TWICE"), Submission("TWICE")];

        var stored = await _writer.AddManyAsync(batch, Token);

        Assert.Equal(batch.Select(s => s.Id), stored.Select(s => s.Id));
        Assert.Equal(3, stored.Select(s => s.Ticket).Distinct().Count());
        Assert.DoesNotContain("TAKEN", stored.Select(s => s.Ticket));
        var records = await _store.GetSubmissionsAsync([.. stored.Select(s => s.Id)], Token);
        Assert.Equal(stored.ToDictionary(s => s.Id, s => s.Ticket), records.ToDictionary(r => r.Id, r => r.Ticket));
    }

    [Fact]
    public async Task Add_AlongsideACollidingBatch_KeepsItsOwnTicket()
    {
        await _store.AddSubmissionsAsync([Submission("TAKEN")], Token);

        var colliding = _writer.AddManyAsync([Submission("TAKEN"), Submission("OTHER")], Token);
        var single = _writer.AddAsync(Submission("SOLOS"), Token);

        Assert.Equal("SOLOS", (await single).Ticket);
        Assert.DoesNotContain("TAKEN", (await colliding).Select(s => s.Ticket));
        Assert.NotNull(await _store.GetSubmissionAsync("SOLOS", Token));
    }

    private static NewSubmission Submission(string ticket) =>
        new(Identifiers.NewId(), ticket, SubmissionKind.Run, "python3", null, "{}", null, 0, null, DateTimeOffset.UtcNow);
}
