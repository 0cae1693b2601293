namespace Arbiter.Engine.Analysis.Valgrind;

/// <summary>Leaked memory by kind, summed over the leak records (memcheck's XML has no summary
/// element). Definitely lost counts direct bytes only, as memcheck's text LEAK SUMMARY does.</summary>
public sealed record ValgrindLeakSummary(
    long DefinitelyLostBytes,
    long DefinitelyLostBlocks,
    long IndirectlyLostBytes,
    long IndirectlyLostBlocks,
    long PossiblyLostBytes,
    long PossiblyLostBlocks,
    long StillReachableBytes,
    long StillReachableBlocks)
{
    /// <summary>No leaks.</summary>
    public static ValgrindLeakSummary None { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Memory that was lost (definitely, indirectly or possibly), the kind graders count.</summary>
    public long LostBytes => DefinitelyLostBytes + IndirectlyLostBytes + PossiblyLostBytes;
}
