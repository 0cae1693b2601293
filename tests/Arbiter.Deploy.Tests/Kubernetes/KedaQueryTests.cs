using Arbiter.Deploy.Kubernetes;
using Arbiter.Deploy.Pools;
using Arbiter.Storage;
using Npgsql;

namespace Arbiter.Deploy.Tests.Kubernetes;

/// <summary>The query each pool's ScaledObject gives KEDA, run against the store's real schema on
/// a real PostgreSQL: it counts the pool's waiting and running submissions, nothing else.</summary>
public sealed class KedaQueryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly PostgresServer _postgres = new();

    public ValueTask InitializeAsync() => _postgres.InitializeAsync();

    public ValueTask DisposeAsync() => _postgres.DisposeAsync();

    [Fact]
    public async Task Query_CountsThePoolsQueuedAndRunningSubmissions_NotFinishedOnesOrOtherLanguages()
    {
        var ct = TestContext.Current.CancellationToken;
        var connection = _postgres.ConnectionString(await _postgres.CreateDatabaseAsync(ct));
        await using var store = new PostgresStore(connection);
        await store.MigrateAsync(ct);
        await store.AddSubmissionsAsync(
        [
            Submission("c-done", "c"), Submission("c-running", "c"), Submission("c-waiting", "c"),
            Submission("cpp-waiting", "cpp"), Submission("py-waiting", "python3"),
        ], ct);
        Assert.NotNull(await store.LeaseNextAsync("w1", TimeSpan.FromMinutes(1), ["c"], T0, ct));
        Assert.NotNull(await store.LeaseNextAsync("w1", TimeSpan.FromMinutes(1), ["c"], T0, ct));
        Assert.True(await store.SetStatusAsync("c-running", "w1", SubmissionStatus.Running, null, T0, ct));
        Assert.True(await store.CompleteAsync("c-done", "w1", SubmissionStatus.Judged, new("""{"ok":true}"""), T0, ct));

        using var specs = new SpecFolder().Add("c", "gcc", ".c").Add("cpp", "g++", ".cc").Add("python3", "python3", ".py");
        var pools = PoolPlanner.Plan(specs.Catalog(), ["native=c,cpp"]);

        Assert.Equal(3, await CountAsync(connection, KedaManifests.Query(pools.Single(p => p.Name == "native")), ct));
        Assert.Equal(1, await CountAsync(connection, KedaManifests.Query(pools.Single(p => p.Name == "python3")), ct));
    }

    private static NewSubmission Submission(string id, string language) =>
        new(id, "T" + id.ToUpperInvariant().Replace("-", "", StringComparison.Ordinal), SubmissionKind.Run, language, null, """{"source":""}""", null, 0, null, T0);

    private static async Task<long> CountAsync(string connectionString, string query, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(query, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
