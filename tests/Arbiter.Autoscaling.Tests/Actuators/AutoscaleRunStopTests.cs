using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Arbiter.Autoscaling.Tests.Actuators;

/// <summary>
/// <c>arbiter autoscale run</c> with the local actuator, as a real process over SQLite: however the
/// controller ends, the worker processes it started do not outlive it. Stopped by SIGTERM it
/// returns only once its workers are gone (System.CommandLine's two-second limit used to end it
/// while they still ran); killed outright, its workers notice they lost their parent and stop.
/// </summary>
public sealed partial class AutoscaleRunStopTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("arbiter-autoscale-stop-").FullName;
    private readonly List<int> _workers = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        // A failed test must not leave workers behind on the machine.
        foreach (var id in _workers)
        {
            try
            {
                Process.GetProcessById(id).Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // gone
            }
        }

        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Sigterm_ReturnsOnlyOnceItsWorkersHaveStopped()
    {
        using var controller = StartController();
        var (worker, started) = await WaitForReadyWorkerAsync(controller);

        Signal(controller.Process.Id, "TERM");
        await controller.Process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromMinutes(4), Ct);

        Assert.False(Alive(worker, started), $"worker {worker} still runs after the controller exited");
    }

    [Fact]
    public async Task KilledOutright_ItsWorkersStopByThemselves()
    {
        using var controller = StartController();
        var (worker, started) = await WaitForReadyWorkerAsync(controller);

        controller.Process.Kill();
        await controller.Process.WaitForExitAsync(Ct);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromMinutes(2));
        while (Alive(worker, started))
        {
            await Task.Delay(200, deadline.Token);
        }
    }

    private Controller StartController()
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "arbiter.dll"), "autoscale", "run", "--actuator", "local", "--pool", "py=python3",
                "--min", "1", "--max", "1", "--interval", "1", "--data", _data,
            },
        };
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        return new Controller(Process.Start(info)!);
    }

    /// <summary>Waits for the controller's one worker to be ready; its id and start time.</summary>
    private async Task<(int Id, string StartTime)> WaitForReadyWorkerAsync(Controller controller)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromMinutes(4));
        int? worker = null;
        string? started = null;
        await foreach (var line in controller.Lines.Reader.ReadAllAsync(deadline.Token))
        {
            if (StartedLine().Match(line) is { Success: true } match)
            {
                worker = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                started = StartTime(worker.Value);
                _workers.Add(worker.Value);
            }
            else if (worker is not null && started is not null && line.Contains($"worker process {worker} ready", StringComparison.Ordinal))
            {
                return (worker.Value, started);
            }
        }

        throw new InvalidOperationException($"the controller ended (exit {controller.Process.ExitCode}) before its worker was ready");
    }

    private static bool Alive(int processId, string startTime) => StartTime(processId) == startTime;

    /// <summary>A process's start time (field 22 of its stat), null when it is gone or a zombie:
    /// a process id may be reused by another process within the test.</summary>
    private static string? StartTime(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return state[0] == "Z" ? null : state[19];
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void Signal(int processId, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill")
        {
            ArgumentList = { $"-{signal}", processId.ToString(CultureInfo.InvariantCulture) },
            UseShellExecute = false,
        })!;
        kill.WaitForExit();
    }

    [GeneratedRegex(@"started worker process (\d+)")]
    private static partial Regex StartedLine();

    /// <summary>The controller process and its output, line by line.</summary>
    private sealed class Controller : IDisposable
    {
        public Controller(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => Write(e.Data);
            process.ErrorDataReceived += (_, e) => Write(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public System.Threading.Channels.Channel<string> Lines { get; } = System.Threading.Channels.Channel.CreateUnbounded<string>();

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }

        private void Write(string? line)
        {
            if (line is null)
            {
                Lines.Writer.TryComplete();
            }
            else
            {
                Lines.Writer.TryWrite(line);
            }
        }
    }
}
