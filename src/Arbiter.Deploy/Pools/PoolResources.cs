namespace Arbiter.Deploy.Pools;

/// <summary>
/// A worker pod's CPU and memory, sized from its pool's languages: one core per sandbox slot (a
/// judged program's timing must not share a core), and per slot the most any of the pool's
/// languages needs at once (its compiler's memory limit, or a run at the default 256 MiB limit
/// plus the language's extra), plus the worker process itself. Requests equal limits, so the pod
/// is in the Guaranteed class and is never squeezed by its neighbours while it times programs.
/// </summary>
public sealed record PoolResources(int Slots, int Cores, int MemoryMiB)
{
    /// <summary>The default sandbox slots (parallel runs) per worker pod.</summary>
    public const int DefaultSlots = 2;

    /// <summary>The memory limit a run gets when a problem names none.</summary>
    public const int DefaultRunMemoryMiB = 256;

    /// <summary>The worker process (the .NET runtime, the engine and its caches).</summary>
    public const int WorkerOverheadMiB = 512;

    public static PoolResources For(WorkerPool pool, int slots = DefaultSlots)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        var perSlot = pool.Languages.Max(l => Math.Max(l.Limits.CompileMemoryMiB, DefaultRunMemoryMiB + l.Limits.ExtraMemoryMiB));
        return new PoolResources(slots, slots, WorkerOverheadMiB + (slots * perSlot));
    }
}
