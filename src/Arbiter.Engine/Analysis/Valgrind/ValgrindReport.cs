namespace Arbiter.Engine.Analysis.Valgrind;

/// <summary>What memcheck found in one run, parsed from its XML.</summary>
/// <param name="Errors">Errors then leak records, in memcheck's order, at most the configured number.</param>
/// <param name="TotalErrors">How many records the XML held, counting those left out.</param>
/// <param name="Leaks">Leak totals.</param>
/// <param name="FatalSignal">The signal that ended the program, if one did.</param>
/// <param name="Complete">The XML was whole; false when valgrind was killed (a limit) or the
/// file was cut, in which case the report holds what was read before the cut.</param>
public sealed record ValgrindReport(
    IReadOnlyList<ValgrindError> Errors,
    int TotalErrors,
    ValgrindLeakSummary Leaks,
    ValgrindFatalSignal? FatalSignal,
    bool Complete)
{
    /// <summary>An empty, incomplete report (no XML at all).</summary>
    public static ValgrindReport Missing { get; } = new([], 0, ValgrindLeakSummary.None, null, false);

    /// <summary>Memory errors (not leaks) were found.</summary>
    public bool HasMemoryErrors => Errors.Any(e => !e.IsLeak);

    /// <summary>Memory was definitely, indirectly or possibly lost.</summary>
    public bool HasLeaks => Leaks.LostBytes > 0;

    /// <summary>Plain sentences for the student: each error, each lost block, the crash if any,
    /// and a note when the report is incomplete. Still-reachable memory is left out.</summary>
    public IReadOnlyList<string> SummaryLines
    {
        get
        {
            var lines = Errors.Where(e => e.Kind != ValgrindErrorKind.LeakStillReachable).Select(e => e.Summary).ToList();
            if (FatalSignal is not null)
            {
                lines.Add(FatalSignal.Summary);
            }

            if (TotalErrors > Errors.Count)
            {
                lines.Add($"… and {TotalErrors - Errors.Count} more problems not shown.");
            }

            if (!Complete)
            {
                lines.Add("Valgrind's report is incomplete (the run was stopped before valgrind finished).");
            }

            return lines;
        }
    }
}
