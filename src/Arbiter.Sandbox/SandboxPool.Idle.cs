using Microsoft.Extensions.Logging;

namespace Arbiter.Sandbox;

/// <summary>The pool's idle containers, and the processes they hold for future runs
/// (<see cref="SandboxRequest.Prestart"/>, <see cref="SandboxOptions.PrestartedProcesses"/>):
/// which idle container a run takes, and when replacements start.</summary>
public sealed partial class SandboxPool
{
    /// <summary>The idle container that suits a request best: one holding a process pre-started
    /// for its kind, else one holding none (so that another's is not wasted), else the longest idle.</summary>
    private Slot? TakeIdle(byte[]? prestart)
    {
        lock (_idle)
        {
            var index = prestart is null ? -1 : _idle.FindIndex(s => s.Launcher.Prestarted is { } held && held.AsSpan().SequenceEqual(prestart));
            if (index < 0)
            {
                index = _idle.FindIndex(s => s.Launcher.Prestarted is null);
            }

            if (index < 0 && _idle.Count > 0)
            {
                index = 0;
            }

            if (index < 0)
            {
                return null;
            }

            var slot = _idle[index];
            _idle.RemoveAt(index);
            return slot;
        }
    }

    /// <summary>Makes a container idle. After a run that could use a pre-started process (whether
    /// it did or not), idle containers that hold none start one of its kind, up to
    /// <see cref="SandboxOptions.PrestartedProcesses"/>: replacements start only while such runs
    /// keep coming, and a container the next run of another kind takes was wasted once.</summary>
    private void PutIdle(Slot slot, byte[]? prestart)
    {
        lock (_idle)
        {
            _idle.Add(slot);
            if (prestart is null)
            {
                return;
            }

            var held = _idle.Count(s => s.Launcher.Prestarted is not null);
            foreach (var idle in _idle)
            {
                if (held >= _options.PrestartedProcesses)
                {
                    break;
                }

                // A container of another work-dir size would be reset (its process ended) first.
                if (idle.Launcher.Prestarted is null && !idle.Launcher.IsBroken && idle.Launcher.WorkDirBytes == slot.Launcher.WorkDirBytes)
                {
                    idle.Launcher.StartPrestarted(prestart);
                    held++;
                }
            }

            // Containers start on demand, so one client's runs, one after another, would keep a
            // single container whose process starts just before each run needs it. Another
            // container, when the pool has room for one, starts its process while the first runs.
            if (held < _options.PrestartedProcesses && !_disposed && Volatile.Read(ref _live) < _options.MaxParallel && _slots.Wait(0))
            {
                Interlocked.Increment(ref _live);
                _ = StartContainerAheadAsync(slot.Launcher.WorkDirBytes, prestart);
            }
        }
    }

    /// <summary>A container started for <see cref="PutIdle"/> in the background, holding a slot
    /// of the semaphore while it starts, as <see cref="WarmUpAsync"/> does.</summary>
    private async Task StartContainerAheadAsync(long workDirBytes, byte[] prestart)
    {
        try
        {
            var slot = await CreateSlotAsync(network: false, workDirBytes, CancellationToken.None, counted: true).ConfigureAwait(false);
            if (_disposed)
            {
                await slot.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                PutIdle(slot, prestart);
            }
        }
        catch (Exception e) when (e is SandboxUnavailableException or IOException or InvalidOperationException)
        {
            LogContainerAheadFailed(_logger, e.Message);
        }
        finally
        {
            _slots.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A sandbox container started ahead of runs failed to start: {Reason}")]
    private static partial void LogContainerAheadFailed(ILogger logger, string reason);
}
