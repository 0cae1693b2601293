using System.Collections.Concurrent;

namespace Arbiter.Server.Features.Submissions;

/// <summary>
/// Lets a waiting request (<c>?wait=true</c>) wake the moment its submission finishes: signalled
/// by this process's worker, or over PostgreSQL by the store's notification of another's
/// (<see cref="StoreWakeUps"/>). The waiter also polls the store, so a missed signal costs at
/// most one poll interval.
/// </summary>
internal sealed class CompletionSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    public Task WaitAsync(string submissionId) =>
        _waiting.GetOrAdd(submissionId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Forget(string submissionId) => _waiting.TryRemove(submissionId, out _);

    public void Completed(string submissionId)
    {
        if (_waiting.TryRemove(submissionId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}
