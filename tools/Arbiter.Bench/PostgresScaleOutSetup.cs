using Arbiter.Testing;
using Npgsql;

namespace Arbiter.Bench;

/// <summary>
/// The scaled-out service: one <c>arbiter serve --role api</c> process and <see cref="WorkerProcesses"/>
/// <c>--role worker</c> processes sharing one PostgreSQL database, as operators run it. Each start
/// gets a new schema (<c>arbiter_bench_…</c>, selected through the connection string's search path),
/// so a given database's own tables are never read or written; the schemas are dropped at the end.
/// Without a connection string a throwaway cluster is started and stopped.
/// </summary>
internal sealed class PostgresScaleOutSetup : IServiceSetup
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly PostgresServer? _cluster;
    private readonly string _connectionString;
    private readonly List<string> _schemas = [];

    private PostgresScaleOutSetup(PostgresServer? cluster, string connectionString, int workers)
    {
        _cluster = cluster;
        _connectionString = connectionString;
        WorkerProcesses = workers;
    }

    public string Mode => $"postgres{(_cluster is null ? "" : " (throwaway cluster)")}, 1 API + {WorkerProcesses} worker process{(WorkerProcesses == 1 ? "" : "es")}";

    public int WorkerProcesses { get; }

    /// <summary>Over the given database, or (null) a throwaway cluster started here.</summary>
    public static async Task<PostgresScaleOutSetup> CreateAsync(string? connectionString, int workers, CancellationToken cancellationToken)
    {
        if (connectionString is not null)
        {
            // Fail now, with PostgreSQL's own message, rather than inside a child process.
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            return new PostgresScaleOutSetup(null, connectionString, workers);
        }

        PostgresServer cluster;
        try
        {
            // PostgreSQL's default durability: an accepted submission costs what it would in production.
            cluster = await PostgresServer.StartDurableAsync("arbiter-bench-pg-", cancellationToken);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("not found", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                "PostgreSQL's server binaries (initdb, pg_ctl) are not under /usr/lib/postgresql/*/bin: install Debian's 'postgresql' package, " +
                    "or pass --postgres CONNECTION_STRING",
                e);
        }

        return new PostgresScaleOutSetup(cluster, cluster.ConnectionString("postgres"), workers);
    }

    public Task<RunningService> StartApiOnlyAsync(CancellationToken cancellationToken) => StartAsync(0, cancellationToken);

    public Task<RunningService> StartFullAsync(CancellationToken cancellationToken) => StartAsync(WorkerProcesses, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            return;
        }

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(CancellationToken.None);
        foreach (var schema in _schemas)
        {
            await using var drop = new NpgsqlCommand($"DROP SCHEMA \"{schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private async Task<RunningService> StartAsync(int workers, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>
        {
            ["ARBITER__STORAGE__PROVIDER"] = "postgres",
            ["ARBITER__STORAGE__CONNECTIONSTRING"] = await NewSchemaAsync(cancellationToken),
            ["ARBITER__SERVER__LOADSAMPLEPROBLEMS"] = "false",
        };
        var processes = new List<ServerProcess>();
        var directories = new TemporaryDirectories("arbiter-bench-");
        // All at once: on Ctrl+C the clean-up should be quick. SIGTERM first, so a worker tears its sandboxes down.
        var service = new RunningService(new HttpClient { Timeout = TimeSpan.FromMinutes(5) }, async () =>
        {
            await Task.WhenAll(processes.Select(async p =>
            {
                await p.StopAsync(StopGrace);
                await p.DisposeAsync();
            }));
            directories.Dispose();
        });
        try
        {
            // The API process first: it creates the schema's tables before any worker polls them.
            processes.Add(await ServerProcess.LaunchAsync(directories.New("arbiter-bench-api-"), "api", environment, cancellationToken));
            service.Http.BaseAddress = processes[0].Address;
            var starting = Enumerable.Range(0, workers)
                .Select(_ => ServerProcess.LaunchAsync(directories.New("arbiter-bench-worker-"), "worker", environment, cancellationToken))
                .ToList();
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                // Those that did start are stopped with the rest even if another failed.
                processes.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }

            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    private async Task<string> NewSchemaAsync(CancellationToken cancellationToken)
    {
        // Made here from a GUID, never from input: identifiers cannot be parameters.
        var schema = "arbiter_bench_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var create = new NpgsqlCommand($"CREATE SCHEMA \"{schema}\"", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        _schemas.Add(schema);
        return new NpgsqlConnectionStringBuilder(_connectionString) { SearchPath = schema }.ConnectionString;
    }
}
