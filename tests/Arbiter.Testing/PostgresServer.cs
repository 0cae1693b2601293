using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Arbiter.Testing;

/// <summary>
/// A real, private PostgreSQL cluster: initdb into a temporary directory, pg_ctl start on a free
/// loopback port (trust auth), and pg_ctl stop -m immediate plus deletion at the end. For tests
/// (the parameterless constructor, an xUnit fixture) durability is off: the cluster is thrown
/// away. The benchmarks start it <see cref="StartDurableAsync">durable</see> instead (fsync,
/// synchronous commit, as in production), so an accepted submission costs what it would there. As
/// root the server runs as the <c>postgres</c> user, which refuses to run as root. Missing
/// binaries fail every PostgreSQL test with instructions instead of skipping them.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string SetupHint = "Run scripts/setup.sh as root (it installs Debian's 'postgresql' package); " +
        "the PostgreSQL store tests start a real server and are never skipped.";

    private readonly DirectoryInfo _root;
    private readonly bool _durable;
    private string _binaries = "";
    private bool _started;

    /// <summary>A throwaway cluster for tests (no fsync), started by <see cref="InitializeAsync()"/>.</summary>
    public PostgresServer()
        : this(durable: false, "arbiter-pg-")
    {
    }

    private PostgresServer(bool durable, string directoryPrefix)
    {
        _durable = durable;
        _root = Directory.CreateTempSubdirectory(directoryPrefix);
    }

    public int Port { get; private set; }

    /// <summary>How long initdb plus start took, for the record.</summary>
    public TimeSpan StartupTime { get; private set; }

    private string DataDirectory => Path.Combine(_root.FullName, "data");

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=10;Include Error Detail=true";

    /// <summary>A cluster with PostgreSQL's default durability, started; its directory's name
    /// begins with <paramref name="directoryPrefix"/>. Disposing stops and deletes it.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL's server binaries are not installed,
    /// or initdb or the server failed (the message says why).</exception>
    public static async Task<PostgresServer> StartDurableAsync(string directoryPrefix, CancellationToken cancellationToken)
    {
        var server = new PostgresServer(durable: true, directoryPrefix);
        try
        {
            await server.StartAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public ValueTask InitializeAsync() => new(StartAsync(CancellationToken.None));

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        _binaries = FindBinaries() ?? throw new InvalidOperationException($"PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin. " +
            $"{SetupHint}");
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _root.FullName], asPostgres: false, cancellationToken);
        }

        await RunAsync(Path.Combine(_binaries, "initdb"),
            [
                "-D",
                DataDirectory,
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C",
                .. _durable ? Array.Empty<string>() : ["--no-sync"],
                "--no-instructions"], asPostgres: true, cancellationToken);

        // A free port can be taken between choosing and binding: try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            try
            {
                await RunAsync(Path.Combine(_binaries, "pg_ctl"),
                    ["-D", DataDirectory, "-l", Path.Combine(_root.FullName, "server.log"), "-o", Options(Port), "-w", "-t", "60", "start"], asPostgres: true, cancellationToken);
                _started = true;
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }

        StartupTime = clock.Elapsed;
    }

    /// <summary>Stops the server (fast shutdown: connections are cut) until <see cref="StartAgainAsync"/>:
    /// an outage.</summary>
    public async Task StopAsync()
    {
        await RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"], asPostgres: true, CancellationToken.None);
        _started = false;
    }

    /// <summary>Starts the stopped server again on the same port, with the same data.</summary>
    public async Task StartAgainAsync()
    {
        await RunAsync(Path.Combine(_binaries, "pg_ctl"),
            ["-D", DataDirectory, "-l", Path.Combine(_root.FullName, "server.log"), "-o", Options(Port), "-w", "-t", "60", "start"], asPostgres: true, CancellationToken.None);
        _started = true;
    }

    /// <summary>Cuts every connection to <paramref name="database"/> (as a failover, a restart or
    /// an idle-connection reaper would); returns how many.</summary>
    public async Task<int> TerminateBackendsAsync(string database, CancellationToken cancellationToken)
    {
        // No pooling: a pooled connection of ours would be cut too.
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", connection);
        command.Parameters.AddWithValue("db", database);
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>A new empty database; returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        // The name is made here from a GUID, never from input; identifiers cannot be parameters.
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return name;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        // The pid file exists exactly while a server runs, also after a start that was interrupted.
        if (_started || File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            // Not cancellable: a cluster left running would outlive its user.
            await RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], asPostgres: true, CancellationToken.None);
        }

        _root.Delete(recursive: true);
    }

    private string Options(int port) => _durable
        ? $"-p {port} -k {_root.FullName} -c listen_addresses=127.0.0.1 -c max_connections=300"
        : $"-p {port} -k {_root.FullName} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";

    private static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(version => Path.Combine(version, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgres, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres && Environment.IsPrivilegedProcess)
        {
            // initdb and postgres refuse to run as root.
            start.FileName = "runuser";
            foreach (var argument in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = program;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}" +
                (asPostgres && Environment.IsPrivilegedProcess ? $" (run as the 'postgres' user; {SetupHint})" : ""));
        }
    }
}
