using static Arbiter.Storage.Tests.Samples;

namespace Arbiter.Storage.Tests;

/// <summary>Migrations, durability across reopening, and errors that say what went wrong.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Migrate_AgainAndFromAnotherInstance_IsHarmless()
    {
        await Store.AddSubmissionsAsync([Submission("s1")], Ct);

        await Store.MigrateAsync(Ct);
        await Open(Location).MigrateAsync(Ct);

        Assert.NotNull(await Store.GetSubmissionAsync("s1", Ct));
    }

    [Fact]
    public async Task Migrate_FromSeveralInstancesAtOnce_OnAnEmptyDatabase_Succeeds()
    {
        var location = await CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => Open(location)).ToArray();

        await Task.WhenAll(stores.Select(store => Task.Run(() => store.MigrateAsync(Ct), Ct)));

        await stores[0].AddSubmissionsAsync([Submission("s1")], Ct);
        Assert.Equal("s1", (await stores[3].LeaseNextAsync("w1", TimeSpan.FromSeconds(5), [], T0, Ct))?.SubmissionId);
    }

    [Fact]
    public async Task Reopen_KeepsSubmissionsLeasesResultsAndEverythingElse()
    {
        await Store.AddSubmissionsAsync([Submission("done"), Submission("leased", createdAt: T0.AddSeconds(1)), Submission("waiting", createdAt: T0.AddSeconds(2))], Ct);
        await Store.LeaseNextAsync("w1", TimeSpan.FromMinutes(1), [], T0, Ct);
        await Store.CompleteAsync("done", "w1", SubmissionStatus.Judged, new("""{"verdict":"AC"}"""), T0, Ct);
        await Store.LeaseNextAsync("w1", TimeSpan.FromMinutes(1), [], T0, Ct);
        await Store.UpsertWorkerAsync(Worker("w1", T0), Ct);
        await Store.RecordCallbackAsync(new CallbackAttempt("done", 1, T0, 200, null, true), Ct);
        await Store.SaveProblemAsync(Problem("sum", "A + B", [1, 2]), Ct);
        await Store.DisposeAsync();

        await using var reopened = OpenStore(Location);
        await reopened.MigrateAsync(Ct);

        Assert.Equal(
            (SubmissionStatus.Judged, """{"verdict":"AC"}"""),
            ((await reopened.GetSubmissionAsync("done", Ct))!.Status, (await reopened.GetSubmissionAsync("done", Ct))!.ResultJson));
        Assert.Equal(2, (await reopened.GetHistoryAsync("done", Ct)).Count);
        Assert.Equal("w1", (await reopened.GetSubmissionAsync("leased", Ct))?.WorkerId);
        Assert.False(await reopened.CompleteAsync("leased", "w2", SubmissionStatus.Judged, new("{}"), T0, Ct));
        Assert.Equal("waiting", (await reopened.LeaseNextAsync("w2", TimeSpan.FromMinutes(1), [], T0, Ct))?.SubmissionId);
        Assert.Equal("leased", (await reopened.LeaseNextAsync("w2", TimeSpan.FromMinutes(1), [], T0.AddMinutes(2), Ct))?.SubmissionId);
        Assert.Single(await reopened.ListWorkersAsync(Ct));
        Assert.Single(await reopened.GetCallbacksAsync("done", Ct));
        Assert.Equal(new byte[] { 1, 2 }, (await reopened.GetProblemAsync("sum", Ct))?.PackageZip);
    }

    [Fact]
    public async Task UnreachableDatabase_FailsNamingTheProvider_WithoutTheSecret()
    {
        const string secret = "s3cr3t-Pa55";
        await using var store = OpenUnreachableStore(secret);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.MigrateAsync(Ct));

        Assert.Contains(ProviderName, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
    }
}
