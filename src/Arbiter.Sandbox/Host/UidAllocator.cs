namespace Arbiter.Sandbox.Host;

/// <summary>
/// Hands each live sandbox its own uid, unique across every engine process on the host that uses
/// the same runtime directory (the service and CLI runs do, by default), so per-user kernel budgets (inotify instances, message queues,
/// pending signals) are never shared between two programs. A uid is held by an exclusive lock on
/// a file; a crashed engine's locks vanish with it.
/// </summary>
internal sealed class UidAllocator(string directory, int uidBase)
{
    private const int Range = 4096;

    public UidLease Acquire()
    {
        Directory.CreateDirectory(directory);
        for (var offset = 0; offset < Range; offset++)
        {
            var uid = uidBase + offset;
            try
            {
                // FileShare.None takes an exclusive flock on Unix, so another holder — in this
                // process or another — makes the open fail.
                var lockFile = new FileStream(Path.Combine(directory, $"{uid}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return new UidLease(uid, lockFile);
            }
            catch (IOException)
            {
                // held by a live sandbox
            }
        }

        throw new SandboxUnavailableException($"All {Range} sandbox uids from {uidBase} are in use.");
    }
}

/// <summary>A uid held until disposed.</summary>
internal sealed class UidLease(int uid, FileStream lockFile) : IDisposable
{
    public int Uid { get; } = uid;

    public void Dispose() => lockFile.Dispose();
}
