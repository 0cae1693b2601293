using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Arbiter.Autoscaling.Actuators;

/// <summary>One <c>arbiter serve --role worker</c> process the local actuator started: ready once
/// its <c>/readyz</c> answers (languages probed, sandbox pool up), then working until asked to drain.</summary>
internal sealed partial class LocalWorker(Process process, string pool, long startedAt) : IDisposable
{
    private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private StreamWriter? _log;

    public Process Process { get; } = process;

    public string Pool { get; } = pool;

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when it was started.</summary>
    public long StartedAt { get; } = startedAt;

    public TimeSpan? StartupTime { get; set; }

    public bool Ready => StartupTime is not null;

    public bool Draining { get; set; }

    public bool Exited { get; set; }

    public Task<Uri> Address => _address.Task;

    /// <summary>Copies its output to the log (or nowhere), noting the address it listens on.</summary>
    public void Follow(string? logPath)
    {
        if (logPath is not null)
        {
            _log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        }

        Process.OutputDataReceived += (_, e) => Line(e.Data);
        Process.ErrorDataReceived += (_, e) => Line(e.Data);
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public void Dispose() => CloseLog();

    public void CloseLog()
    {
        lock (this)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    private void Line(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (!_address.Task.IsCompleted && ListeningLine().Match(line) is { Success: true } match)
        {
            _address.TrySetResult(new Uri(match.Groups[1].Value));
        }

        lock (this)
        {
            _log?.WriteLine(line);
        }
    }

    [GeneratedRegex(@"listening on (http://\S+) \(role worker\)")]
    private static partial Regex ListeningLine();
}
