using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Arbiter.Cli.Bench;

/// <summary>
/// A private PostgreSQL cluster for one benchmark run: initdb into a temporary directory, start on
/// a free loopback port with trust authentication, stop (<c>-m immediate</c>: nothing in it is kept)
/// and delete on dispose. Unlike the test suite's cluster it keeps PostgreSQL's default durability
/// (fsync, synchronous commit), so an accepted submission costs what it would in production and
/// compares fairly with SQLite's fsync. As root the server runs as <c>postgres</c>, which refuses
/// to run as root.
/// </summary>
internal sealed class ThrowawayPostgresCluster : IAsyncDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("arbiter-bench-pg-");
    private readonly string _binaries;

    private ThrowawayPostgresCluster(string binaries) => _binaries = binaries;

    public int Port { get; private set; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=30";

    private string DataDirectory => Path.Combine(_root.FullName, "data");

    /// <exception cref="InvalidOperationException">PostgreSQL's server binaries are not installed,
    /// or initdb or the server failed (the message says why).</exception>
    public static async Task<ThrowawayPostgresCluster> StartAsync(CancellationToken cancellationToken)
    {
        var binaries = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL's server binaries (initdb, pg_ctl) are not under /usr/lib/postgresql/*/bin: install Debian's 'postgresql' package, or pass --postgres CONNECTION_STRING");
        var cluster = new ThrowawayPostgresCluster(binaries);
        try
        {
            await cluster.InitializeAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The pid file exists exactly while a server runs, also after a start that was interrupted.
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            // Not cancellable: a cluster left running would outlive the benchmark.
            await RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None);
        }

        _root.Delete(recursive: true);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", ["postgres:postgres", _root.FullName], cancellationToken, asPostgres: false);
        }

        await RunAsync(Path.Combine(_binaries, "initdb"),
            ["-D", DataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-instructions"], cancellationToken);

        // A free port can be taken between choosing and binding: try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var options = $"-p {Port} -k {_root.FullName} -c listen_addresses=127.0.0.1 -c max_connections=300";
            try
            {
                await RunAsync(Path.Combine(_binaries, "pg_ctl"),
                    ["-D", DataDirectory, "-l", Path.Combine(_root.FullName, "server.log"), "-o", options, "-w", "-t", "60", "start"], cancellationToken);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    private static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        return !Directory.Exists(root) ? null : Directory.GetDirectories(root)
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

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool asPostgres = true)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var command = asPostgres && Environment.IsPrivilegedProcess ? ["runuser", "-u", "postgres", "--", program, .. arguments] : new[] { program }.Concat(arguments).ToArray();
        start.FileName = command[0];
        foreach (var argument in command.Skip(1))
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
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {(await error).Trim()} {(await output).Trim()}");
        }
    }
}
