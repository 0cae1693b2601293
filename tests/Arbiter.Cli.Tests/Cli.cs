using System.Diagnostics;

namespace Arbiter.Cli.Tests;

/// <summary>Runs the built <c>arbiter</c> CLI (copied next to this assembly, launcher included)
/// as a real process, the way people and scripts run it.</summary>
internal static class Cli
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    public static Task<CliRun> RunAsync(params string[] arguments) => RunAsync(DefaultTimeout, arguments);

    public static Task<CliRun> RunAsync(TimeSpan timeout, params string[] arguments) =>
        RunAsync(timeout, "", new Dictionary<string, string>(), arguments);

    /// <summary>Runs the CLI with <paramref name="stdin"/> piped in and <paramref name="environment"/>
    /// added to (or, with an empty value, blanking) the inherited environment.</summary>
    public static async Task<CliRun> RunAsync(TimeSpan timeout, string stdin, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        // dotnet test exports the host it runs under; fall back to the one on PATH.
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "arbiter.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the arbiter CLI");
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        using var stdout = new MemoryStream();
        try
        {
            var copyStdout = process.StandardOutput.BaseStream.CopyToAsync(stdout, deadline.Token);
            var readStderr = process.StandardError.ReadToEndAsync(deadline.Token);
            await Task.WhenAll(copyStdout, readStderr, process.WaitForExitAsync(deadline.Token));
            return new CliRun(process.ExitCode, stdout.ToArray(), await readStderr);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            // The CLI's launcher and container die with it.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"arbiter {string.Join(' ', arguments)} did not finish within {timeout}");
        }
    }
}
