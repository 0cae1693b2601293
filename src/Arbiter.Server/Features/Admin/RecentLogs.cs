using System.Collections.Concurrent;

namespace Arbiter.Server.Features.Admin;

/// <summary>
/// The last <see cref="Capacity"/> log lines of this process at Information or above, for the
/// admin dashboard: enough to see what just went wrong without a shell on the machine. A
/// logger provider beside the console one; lines are formatted once and exceptions shortened
/// to their type and message (stack traces stay in the real log).
/// </summary>
internal sealed class RecentLogs(TimeProvider time) : ILoggerProvider
{
    public const int Capacity = 200;

    private readonly ConcurrentQueue<LogLine> _lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public IReadOnlyList<LogLine> Snapshot() => [.. _lines];

    private DateTimeOffset Now => time.GetUtcNow();

    public void Dispose()
    {
    }

    private void Add(LogLine line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > Capacity && _lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(RecentLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            if (exception is not null)
            {
                message += $" ({exception.GetType().Name}: {exception.Message})";
            }

            owner.Add(new LogLine(owner.Now, logLevel.ToString(), category, message.Length > 2000 ? message[..2000] + "…" : message));
        }
    }
}

public sealed record LogLine(DateTimeOffset At, string Level, string Category, string Message);
