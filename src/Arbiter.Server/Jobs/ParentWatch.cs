using System.Globalization;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Jobs;

/// <summary>
/// Stops the worker when the program that started it is gone (<see cref="ServerOptions.ParentProcessId"/>).
/// A parent that exits normally stops its workers itself; one killed outright (SIGKILL, a crash)
/// cannot, and the kernel only re-parents its children. So the worker reads its parent's id once a
/// second and, when it differs from the one it was given, stops the way SIGTERM stops it (drain,
/// hand back), never abruptly. Polling, not PR_SET_PDEATHSIG: that signal follows the parent's
/// forking thread, and a .NET thread-pool thread may retire while the parent lives on.
/// </summary>
internal sealed partial class ParentWatch(IOptions<ServerOptions> options, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<ParentWatch> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var expected = options.Value.ParentProcessId ?? throw new InvalidOperationException("no parent process to watch");
        while (!stoppingToken.IsCancellationRequested)
        {
            var parent = CurrentParent();
            if (parent != expected)
            {
                LogParentGone(logger, expected, parent);
                lifetime.StopApplication();
                return;
            }

            await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>This process's parent id: the fourth field of /proc/self/stat, after the
    /// parenthesised command name (which may itself hold spaces and parentheses).</summary>
    internal static int CurrentParent()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The process that started this worker ({Expected}) is gone (parent now {Parent}): stopping")]
    private static partial void LogParentGone(ILogger logger, int expected, int parent);
}
