using System.Diagnostics;

namespace Arbiter.Server.Tests;

/// <summary>Configuration is validated at start: a bad value stops the service with a message
/// naming it, before it serves anything.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("ARBITER__SERVER__MAXWAITSECONDS", "0", "MaxWaitSeconds")]
    [InlineData("ARBITER__STORAGE__PROVIDER", "oracle", "Provider")]
    [InlineData("ARBITER__SANDBOX__MAXPARALLEL", "100000", "MaxParallel")]
    [InlineData("ARBITER__SERVER__ANONYMOUS", "false", "Anonymous")]
    [InlineData("ARBITER__SERVER__ANONYMOUS", "7", "Anonymous")]
    public async Task Serve_InvalidSetting_ExitsWithAMessageNamingIt(string variable, string value, string expected)
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

            info.Environment[variable] = value;
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(deadline.Token);

            Assert.Equal(2, process.ExitCode);
            Assert.Contains(expected, await stderr + await stdout, StringComparison.Ordinal);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
