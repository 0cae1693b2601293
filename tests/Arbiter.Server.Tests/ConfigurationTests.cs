using System.Diagnostics;

namespace Arbiter.Server.Tests;

/// <summary>Configuration is validated at start: a bad value stops the service with a message
/// naming it, before it serves anything; a good one from the environment is obeyed.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("ARBITER__SERVER__MAXWAITSECONDS", "0", "MaxWaitSeconds")]
    [InlineData("ARBITER__SERVER__IDLEPOLLMILLISECONDS", "0", "IdlePollMilliseconds")]
    [InlineData("ARBITER__SERVER__WAITPOLLMILLISECONDS", "3600001", "WaitPollMilliseconds")]
    [InlineData("ARBITER__STORAGE__PROVIDER", "oracle", "Provider")]
    [InlineData("ARBITER__STORAGE__PROVIDER", "postgres", "ConnectionString")]
    [InlineData("ARBITER__SANDBOX__MAXPARALLEL", "100000", "MaxParallel")]
    [InlineData("ARBITER__SERVER__ANONYMOUS", "false", "Anonymous")]
    [InlineData("ARBITER__SERVER__ANONYMOUS", "7", "Anonymous")]
    [InlineData("ARBITER__SERVER__ROLE", "judge", "Role")]
    [InlineData("ARBITER__CALLBACKS__ALLOWEDRANGES__0", "not-a-range", "Callbacks:AllowedRanges: 'not-a-range'")]
    [InlineData("ARBITER__CALLBACKS__BLOCKEDRANGES__0", "10.0.0.0/99", "Callbacks:BlockedRanges: '10.0.0.0/99'")]
    [InlineData("ARBITER__CALLBACKS__ALLOWEDHOSTS__0", "not a host", "Callbacks:AllowedHosts: 'not a host'")]
    [InlineData("ARBITER__SERVER__WORKERLANGUAGES", "python3, intercal", "WorkerLanguages: unknown language 'intercal'")]
    public async Task Serve_InvalidSetting_ExitsWithAMessageNamingIt(string variable, string value, string expected)
    {
        var (exitCode, output) = await ServeUntilExitAsync(new Dictionary<string, string> { [variable] = value });

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal); // one clear line, no stack trace
    }

    [Fact]
    public async Task Serve_UnreachablePostgres_ExitsAsUnavailableNamingTheServer()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var (exitCode, output) = await ServeUntilExitAsync(new Dictionary<string, string>
        {
            ["ARBITER__STORAGE__PROVIDER"] = "postgres",
            ["ARBITER__STORAGE__CONNECTIONSTRING"] = "Host=127.0.0.1;Port=1;Username=arbiter;Password=secret-password;Database=arbiter;Timeout=5",
        });

        Assert.Equal(3, exitCode);
        Assert.Contains("127.0.0.1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_RoleFromTheEnvironment_IsObeyedWhenNoRoleIsGiven()
    {
        var data = Directory.CreateTempSubdirectory("arbiter-config-");
        try
        {
            await using var server = await ServerProcess.StartAsync(data.FullName, role: null, new Dictionary<string, string> { ["ARBITER__SERVER__ROLE"] = "api" });

            // An API-only process registers no worker and says so in its readiness.
            var workers = await server.GetJsonAsync("/api/v1/workers");
            Assert.Equal(0, workers.GetArrayLength());
            Assert.Contains("role api", server.Banner, StringComparison.Ordinal);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    internal static async Task<(int ExitCode, string Output)> ServeUntilExitAsync(IReadOnlyDictionary<string, string> environment)
    {
        var data = Directory.CreateTempSubdirectory("arbiter-config-");
        try
        {
            var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "arbiter.dll"), "serve", "--urls", "http://127.0.0.1:0", "--data", data.FullName })
            {
                info.ArgumentList.Add(argument);
            }

            foreach (var (name, value) in environment)
            {
                info.Environment[name] = value;
            }

            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return (process.ExitCode, await stderr + await stdout);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
