namespace Arbiter.Engine.Analysis.Valgrind;

/// <summary>The signal that killed the program under valgrind.</summary>
/// <param name="Signal">Signal name ("SIGSEGV").</param>
/// <param name="Event">What happened ("Access not within mapped region").</param>
/// <param name="Address">The faulting address ("0x0").</param>
/// <param name="Where">The first frame in the user's source.</param>
/// <param name="Summary">A sentence for the student.</param>
public sealed record ValgrindFatalSignal(string Signal, string? Event, string? Address, ValgrindFrame? Where, string Summary);
