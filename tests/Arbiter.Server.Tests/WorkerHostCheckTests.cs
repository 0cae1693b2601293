using System.Diagnostics;

namespace Arbiter.Server.Tests;

/// <summary>A worker that lacks what the sandbox needs says so at start, in one line naming what
/// is missing, and exits as unavailable; it never takes a job it would fail.</summary>
public sealed class WorkerHostCheckTests
{
    [Fact]
    public async Task Worker_WithoutSysAdminAndNetAdmin_ExitsAtStartNamingBoth()
    {
        var data = Directory.CreateTempSubdirectory("arbiter-hostcheck-");
        try
        {
            // setpriv takes the two capabilities out of the bounding set: the worker runs as root
            // without them, as in a container that was not granted them.
            var info = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[]
            {
                "--bounding-set", "-sys_admin,-net_admin", "--",
                Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Path.Combine(AppContext.BaseDirectory, "arbiter.dll"),
                "serve", "--role", "worker", "--urls", "http://127.0.0.1:0", "--data", data.FullName,
            })
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(deadline.Token);

            Assert.Equal(3, process.ExitCode);
            var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("arbiter serve: the sandbox cannot run here; missing: capabilities CAP_SYS_ADMIN, CAP_NET_ADMIN", line, StringComparison.Ordinal);
            Assert.DoesNotContain("listening", await output, StringComparison.Ordinal);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
