namespace Arbiter.Cli.Client;

/// <summary>
/// How waiting for a submission looks on stderr: on a terminal a spinner with the current status
/// and queue position, redrawn in place and erased when done; otherwise (a log, a pipe) one plain
/// line per status change, so logs do not fill with redraws.
/// </summary>
internal sealed class WaitProgress(TextWriter writer, bool interactive, TimeProvider time)
{
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(100);
    private static readonly string[] Frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

    private string? _status;
    private string? _waiting;
    private string _line = "";
    private int _frame;
    private bool _drawn;

    /// <summary>On a terminal when stderr is not redirected.</summary>
    public static WaitProgress ForStandardError() => new(Console.Error, !Console.IsErrorRedirected, TimeProvider.System);

    /// <param name="status">The submission's status.</param>
    /// <param name="queuePosition">Submissions ahead of it while queued.</param>
    /// <param name="waiting">The server's reason no live worker will start it (none offers its
    /// language…): shown instead of the position, since waiting longer will not help.</param>
    public void Show(string status, double? queuePosition, string? waiting = null)
    {
        _line = (queuePosition, waiting) switch
        {
            (_, { } why) => $"{status}, waiting: {why}",
            (0, _) => $"{status}, next in line",
            ({ } ahead, _) => $"{status}, {ahead:0} ahead",
            _ => status,
        };
        if (interactive)
        {
            Draw();
        }
        else if (status != _status || waiting != _waiting)
        {
            writer.WriteLine($"arbiter: {_line}");
        }

        _status = status;
        _waiting = waiting;
    }

    /// <summary>Waits <paramref name="delay"/>, turning the spinner meanwhile.</summary>
    public async Task PauseAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (!interactive)
        {
            await Task.Delay(delay, time, cancellationToken);
            return;
        }

        for (var left = delay; left > TimeSpan.Zero; left -= Frame)
        {
            await Task.Delay(left < Frame ? left : Frame, time, cancellationToken);
            Draw();
        }
    }

    /// <summary>Erases the spinner line, so what follows starts on a clean line.</summary>
    public void Done()
    {
        if (_drawn)
        {
            writer.Write("\r\u001b[K");
            writer.Flush();
            _drawn = false;
        }
    }

    private void Draw()
    {
        writer.Write($"\r\u001b[K{Frames[_frame++ % Frames.Length]} {_line}");
        writer.Flush();
        _drawn = true;
    }
}
