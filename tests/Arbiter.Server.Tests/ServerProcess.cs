using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Arbiter.Server.Tests;

/// <summary>
/// A real <c>arbiter serve</c> process on a free loopback port, with its own data directory
/// (kept across restarts so tests can stop and start the service on the same data). Extra
/// environment variables configure it as operators would (ARBITER__SERVER__ROLE…).
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    /// <summary>The most of the process's output kept for <see cref="Output"/>.</summary>
    private const int MaxOutputChars = 4 * 1024 * 1024;

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

    /// <summary>Starts <c>arbiter serve</c>; a null <paramref name="role"/> passes no --role, leaving
    /// it to the environment or the default.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, string? role = "all", IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "arbiter.dll"));
        foreach (var argument in new[] { "serve", "--urls", "http://127.0.0.1:0", "--data", dataDirectory })
        {
            info.ArgumentList.Add(argument);
        }

        if (role is not null)
        {
            info.ArgumentList.Add("--role");
            info.ArgumentList.Add(role);
        }

        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["ARBITER_LANGUAGES"] = DefaultLanguages.Value;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => Keep(errors, e.Data);
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
        {
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                // Keep draining stdout so the server never blocks on it.
                _ = DrainAsync(process.StandardOutput, errors);
                var server = new ServerProcess(process, errors, new Uri(match.Groups[1].Value), line);
                await server.WaitReadyAsync(match.Groups[2].Value);
                return server;
            }
        }

        process.Kill(entireProcessTree: true);
        lock (errors)
        {
            throw new InvalidOperationException($"arbiter serve did not start: {errors}");
        }
    }

    /// <summary>Sends SIGTERM, as an orchestrator stopping a container does, and waits (at most
    /// <paramref name="timeout"/>) for the process to exit; returns its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

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

    private async Task WaitReadyAsync(string role)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Http.GetAsync(role == "api" ? "/healthz" : "/readyz", TestContext.Current.CancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("the server did not become ready");
    }

    [GeneratedRegex(@"listening on (http://\S+) \(role (\w+)\)")]
    private static partial Regex ListeningLine();
}
