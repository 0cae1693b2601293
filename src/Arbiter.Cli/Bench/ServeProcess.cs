using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Arbiter.Cli.Bench;

/// <summary>
/// A child <c>arbiter serve --role api|worker</c> (this very program) on a free loopback port with
/// its own throwaway data directory, configured through the environment as operators do. Disposing
/// asks it to stop (SIGTERM, so a worker tears its sandboxes down), kills it after a grace period
/// and deletes the directory.
/// </summary>
internal sealed partial class ServeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly string _data;
    private readonly StringBuilder _errors = new();

    private ServeProcess(Process process, string data)
    {
        _process = process;
        _data = data;
    }

    public Uri Address { get; private set; } = null!;

    public static async Task<ServeProcess> StartAsync(string role, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory($"arbiter-bench-{role}-").FullName;
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            // Run as `dotnet arbiter.dll` (as the tests do): the children must be run the same way.
            info.ArgumentList.Add(typeof(ServeProcess).Assembly.Location);
        }

        foreach (var argument in new[] { "serve", "--role", role, "--urls", "http://127.0.0.1:0", "--data", data })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["ARBITER__SERVER__LOADSAMPLEPROBLEMS"] = "false";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var child = new ServeProcess(Process.Start(info)!, data);
        try
        {
            await child.WaitReadyAsync(role, cancellationToken);
            return child;
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false });
            using var grace = new CancellationTokenSource(StopGrace);
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        _process.Dispose();
        Directory.Delete(_data, recursive: true);
    }

    private async Task WaitReadyAsync(string role, CancellationToken cancellationToken)
    {
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
            {
                _errors.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        try
        {
            while (await _process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                if (ListeningLine().Match(line) is not { Success: true } match)
                {
                    continue;
                }

                // Keep draining stdout so the child never blocks writing to it.
                _ = _process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                Address = new Uri(match.Groups[1].Value);
                using var http = new HttpClient { BaseAddress = Address };
                // An API process is ready when it answers; a worker when its sandbox pool is.
                while (!(await http.GetAsync(role == "api" ? "/healthz" : "/readyz", deadline.Token)).IsSuccessStatusCode)
                {
                    await Task.Delay(100, deadline.Token);
                }

                return;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"arbiter serve --role {role} was not ready within {StartTimeout.TotalSeconds} s: {Errors()}");
        }

        await _process.WaitForExitAsync(cancellationToken);
        throw new InvalidOperationException($"arbiter serve --role {role} exited with {_process.ExitCode}: {Errors()}");
    }

    private string Errors()
    {
        lock (_errors)
        {
            return _errors.ToString().Trim();
        }
    }

    [GeneratedRegex(@"listening on (http://\S+) \(role (\w+)\)")]
    private static partial Regex ListeningLine();
}
