using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Arbiter.Testing;

/// <summary>
/// A real <c>arbiter serve</c> process (the <c>arbiter.dll</c> next to the running assembly) on a
/// free loopback port, with the data directory its caller gives (kept across restarts so tests can
/// stop and start the service on the same data). Extra environment variables configure it as
/// operators would (ARBITER__SERVER__ROLE…). The tests start it with
/// <see cref="StartAsync(string, string?, IReadOnlyDictionary{string, string}?)"/>, the benchmarks
/// with <see cref="LaunchAsync"/>.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    /// <summary>The most of the process's output kept for <see cref="Output"/>.</summary>
    private const int MaxOutputChars = 4 * 1024 * 1024;

    /// <summary>Listening and ready, on a busy machine: a whole service probes every language it
    /// offers before it is ready (the tests' budget was 60 s to listen plus 90 s to be ready).</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(150);

    private readonly Process _process;
    private readonly System.Text.StringBuilder _output;

    private ServerProcess(Process process, System.Text.StringBuilder output, Uri address, string banner)
    {
        _process = process;
        _output = output;
        Address = address;
        Banner = banner;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
    }

    public Uri Address { get; }

    /// <summary>The line the service printed when it began listening (address and role).</summary>
    public string Banner { get; }

    public HttpClient Http { get; }

    public int ProcessId => _process.Id;

    /// <summary>What the process wrote so far (standard output and error, its log), up to 4 MiB.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>arbiter serve</c> for a test, offering the default languages only; a null
    /// <paramref name="role"/> passes no --role, leaving it to the environment or the default.</summary>
    public static Task<ServerProcess> StartAsync(string dataDirectory, string? role = "all", IReadOnlyDictionary<string, string>? environment = null) =>
        LaunchAsync(dataDirectory, role, WithDefaultLanguages(environment), TestContext.Current.CancellationToken);

    /// <summary>Starts <c>arbiter serve</c> and waits until it is ready (an API when it answers, a
    /// worker or a whole service when its sandbox pool is). <paramref name="environment"/> is added
    /// to the inherited one, after <c>Logging__LogLevel__Default=Warning</c>; the tests set
    /// ARBITER_LANGUAGES in it.</summary>
    /// <exception cref="InvalidOperationException">The process exited before listening.</exception>
    /// <exception cref="TimeoutException">It was not ready within 150 seconds.</exception>
    public static async Task<ServerProcess> LaunchAsync(string dataDirectory, string? role, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var info = ArbiterProgram.StartInfo(["serve", "--urls", "http://127.0.0.1:0", "--data", dataDirectory, .. role is null ? Array.Empty<string>() : ["--role", role]]);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => Keep(errors, e.Data);
        process.BeginErrorReadLine();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        ServerProcess? server = null;
        try
        {
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                if (ListeningLine().Match(line) is { Success: true } match)
                {
                    // Keep draining stdout so the server never blocks on it.
                    _ = DrainAsync(process.StandardOutput, errors);
                    server = new ServerProcess(process, errors, new Uri(match.Groups[1].Value), line);
                    await server.WaitReadyAsync(match.Groups[2].Value, deadline.Token);
                    return server;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await StopStartedAsync(process, server);
            throw new TimeoutException($"arbiter serve {(role is null ? "" : $"--role {role} ")}was not ready within {StartTimeout.TotalSeconds} s: {Text(errors)}");
        }
        catch
        {
            await StopStartedAsync(process, server);
            throw;
        }

        await StopStartedAsync(process, server);
        throw new InvalidOperationException($"arbiter serve did not start: {Text(errors)}");
    }

    /// <summary>Asks the process to stop (SIGTERM, so a worker tears its sandboxes down), and kills
    /// it if it has not exited after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        await SignalAsync("-TERM", CancellationToken.None);
        using var deadline = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>Sends SIGTERM, as an orchestrator stopping a container does, and waits (at most
    /// <paramref name="timeout"/>) for the process to exit; returns its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        await SignalAsync("-TERM", TestContext.Current.CancellationToken);
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    private static async Task DrainAsync(StreamReader output, System.Text.StringBuilder into)
    {
        while (await output.ReadLineAsync(CancellationToken.None) is { } line)
        {
            Keep(into, line);
        }
    }

    private static void Keep(System.Text.StringBuilder into, string? line)
    {
        lock (into)
        {
            if (into.Length < MaxOutputChars)
            {
                into.AppendLine(line);
            }
        }
    }

    /// <summary>
    /// The default languages (those without <c>optional: true</c>), which every service under
    /// test offers: each start probes its languages before it is ready, and the optional ones'
    /// self-tests (Kotlin, Scala, Crystal compile for tens of seconds) belong to the engine's
    /// tests, not to each of these starts. A test may still set ARBITER_LANGUAGES itself.
    /// </summary>
    private static readonly Lazy<string> DefaultLanguages = new(() =>
    {
        var directory = Directory.CreateTempSubdirectory("arbiter-default-languages-").FullName;
        foreach (var spec in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "languages"), "*.yaml"))
        {
            if (!File.ReadLines(spec).Any(line => line.StartsWith("optional: true", StringComparison.Ordinal)))
            {
                File.Copy(spec, Path.Combine(directory, Path.GetFileName(spec)));
            }
        }

        // The compat mapping, without the entries of the languages left out (the server
        // refuses an entry for a language it does not have).
        var kept = Directory.EnumerateFiles(directory, "*.yaml").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        var mapping = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "languages", "compat", "ids.yaml"));
        Directory.CreateDirectory(Path.Combine(directory, "compat"));
        File.WriteAllText(Path.Combine(directory, "compat", "ids.yaml"), string.Join("\n\n", mapping.Split("\n\n").Where(block =>
            block.Split('\n').FirstOrDefault(line => line.Length > 0 && !line.StartsWith('#')) is not { } first || !first.EndsWith(':') || kept.Contains(first[..^1]))));

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
        return directory;
    });

    /// <summary>The environment with ARBITER_LANGUAGES set to <see cref="DefaultLanguages"/> unless it sets it itself.</summary>
    private static Dictionary<string, string> WithDefaultLanguages(IReadOnlyDictionary<string, string>? environment)
    {
        var all = new Dictionary<string, string> { ["ARBITER_LANGUAGES"] = DefaultLanguages.Value };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            all[name] = value;
        }

        return all;
    }

    /// <summary>Stops the process abruptly (kill -9): nothing runs on the way out.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    /// <summary>Polls a submission until it is judged or failed.</summary>
    public async Task<JsonElement> WaitFinishedAsync(string id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var submission = await GetJsonAsync($"/api/v1/submissions/{id}");
            if (submission.GetProperty("status").GetString() is "Judged" or "Failed")
            {
                return submission;
            }

            Assert.True(DateTime.UtcNow < deadline, $"submission {id} did not finish: {submission}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private static async Task StopStartedAsync(Process process, ServerProcess? server)
    {
        if (server is not null)
        {
            await server.DisposeAsync();
            return;
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(CancellationToken.None);
        process.Dispose();
    }

    private static string Text(System.Text.StringBuilder output)
    {
        lock (output)
        {
            return output.ToString().Trim();
        }
    }

    private async Task SignalAsync(string signal, CancellationToken cancellationToken)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(cancellationToken);
    }

    /// <summary>An API process is ready when it answers; a worker (or a whole service) when its sandbox pool is.</summary>
    private async Task WaitReadyAsync(string role, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var response = await Http.GetAsync(role == "api" ? "/healthz" : "/readyz", cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    [GeneratedRegex(@"listening on (http://\S+) \(role (\w+)\)")]
    private static partial Regex ListeningLine();
}
