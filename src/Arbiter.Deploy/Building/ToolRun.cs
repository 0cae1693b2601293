using System.Diagnostics;
using System.Text;

namespace Arbiter.Deploy.Building;

/// <summary>Runs a build tool (podman, docker, dotnet) with an argument list, never a shell
/// string; its output goes to a log file, and the last lines come back for the error message.</summary>
internal static class ToolRun
{
    /// <summary>Runs <paramref name="program"/>; <paramref name="environment"/> holds variables set
    /// for that process only, on top of ours (podman's CONTAINERS_CONF, say).</summary>
    public static async Task<(int ExitCode, string Tail)> RunAsync(string program, IEnumerable<string> arguments, string? logPath, CancellationToken cancellationToken,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var tail = new Queue<string>();
        var log = logPath is null ? null : new StreamWriter(logPath, append: false, Encoding.UTF8);
        try
        {
            async Task PumpAsync(StreamReader reader)
            {
                while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
                {
                    lock (tail)
                    {
                        log?.WriteLine(line);
                        tail.Enqueue(line);
                        if (tail.Count > 15)
                        {
                            tail.Dequeue();
                        }
                    }
                }
            }

            var pumps = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            await pumps.ConfigureAwait(false);
            lock (tail)
            {
                return (process.ExitCode, string.Join("\n", tail));
            }
        }
        finally
        {
            if (log is not null)
            {
                await log.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether <paramref name="program"/> is on PATH.</summary>
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
}
