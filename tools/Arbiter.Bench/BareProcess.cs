using System.Diagnostics;

namespace Arbiter.Bench;

/// <summary>
/// A program run bare, the way an engine without a sandbox would: .NET starts it in
/// <c>directory</c> with the sandbox's environment (PATH, HOME, TMPDIR, LANG and nothing else),
/// reads stdout and stderr, waits. The baseline every benchmark sets its sandboxed runs beside.
/// </summary>
internal static class BareProcess
{
    /// <summary>Runs the program; fails unless it exits 0. Returns its CPU time (user + system,
    /// its waited-for children included), which is that run's alone only while no other child of
    /// this process ends meanwhile (run one at a time to measure it).</summary>
    public static async Task<TimeSpan> RunAsync(string program, IReadOnlyList<string> arguments, string directory, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        info.Environment["HOME"] = directory;
        info.Environment["TMPDIR"] = directory;
        info.Environment["LANG"] = "C.UTF-8";

        var before = ChildCpuTime.Total();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await Task.WhenAll(stdout, stderr, process.WaitForExitAsync(cancellationToken));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bare {program} exited {process.ExitCode}: {await stderr}");
        }

        return ChildCpuTime.Total() - before;
    }
}
