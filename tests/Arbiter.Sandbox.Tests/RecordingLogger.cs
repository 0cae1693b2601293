using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Arbiter.Sandbox.Tests;

/// <summary>Keeps every log entry at <see cref="LogLevel.Warning"/> or above, so a test can assert
/// what the pool reported.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Warnings { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Warnings.Enqueue($"{logLevel}: {formatter(state, exception)}");
        }
    }
}
