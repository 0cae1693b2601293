namespace Arbiter.Engine.Analysis.Valgrind;

/// <summary>One memcheck error or leak record.</summary>
/// <param name="Kind">The kind, parsed.</param>
/// <param name="RawKind">The kind as memcheck wrote it ("Leak_DefinitelyLost").</param>
/// <param name="What">Memcheck's own one-line description.</param>
/// <param name="Bytes">Size of the access for invalid reads/writes, bytes leaked for leaks.</param>
/// <param name="Blocks">Blocks leaked, for leaks.</param>
/// <param name="Where">The first frame in the user's own source, or the first frame when none is.</param>
/// <param name="Stack">The full stack (bounded).</param>
/// <param name="Details">Memcheck's auxiliary lines ("Address 0x… is 0 bytes after a block of size 40 alloc'd").</param>
/// <param name="Related">The user frame of the auxiliary stack: where the block was allocated or freed,
/// or where an uninitialised value came from.</param>
/// <param name="Count">How many times memcheck saw this error.</param>
/// <param name="Summary">A sentence for the student, with file:line.</param>
public sealed record ValgrindError(
    ValgrindErrorKind Kind,
    string RawKind,
    string What,
    long? Bytes,
    long? Blocks,
    ValgrindFrame? Where,
    IReadOnlyList<ValgrindFrame> Stack,
    IReadOnlyList<string> Details,
    ValgrindFrame? Related,
    int Count,
    string Summary)
{
    /// <summary>A leak record (definitely, indirectly, possibly lost or still reachable).</summary>
    public bool IsLeak => Kind is ValgrindErrorKind.LeakDefinitelyLost or ValgrindErrorKind.LeakIndirectlyLost
        or ValgrindErrorKind.LeakPossiblyLost or ValgrindErrorKind.LeakStillReachable;
}
