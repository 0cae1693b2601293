namespace Arbiter.Engine.Problems;

/// <summary>
/// The <c>submissions/</c> folder names Arbiter understands, mapped to what a submission in them
/// must get. Legacy and 2023-07 names, plus Arbiter's own for the verdicts the formats lack
/// (<c>memory_limit_exceeded</c>, <c>output_limit_exceeded</c>, <c>compile_error</c>).
/// </summary>
public static class SubmissionFolders
{
    private static readonly Dictionary<string, (Verdict? Expected, Verdict[] Permitted, Verdict[] Required, bool Partial)> Rules =
        new(StringComparer.Ordinal)
        {
            ["accepted"] = (Verdict.AC, [Verdict.AC], [], false),
            ["partially_accepted"] = (Verdict.AC, [Verdict.AC, Verdict.WA, Verdict.TLE, Verdict.RE, Verdict.MLE, Verdict.OLE], [], true),
            ["wrong_answer"] = (Verdict.WA, [Verdict.AC, Verdict.WA], [Verdict.WA], false),
            ["time_limit_exceeded"] = (Verdict.TLE, [Verdict.AC, Verdict.TLE], [Verdict.TLE], false),
            ["run_time_error"] = (Verdict.RE, [Verdict.AC, Verdict.RE], [Verdict.RE], false),
            ["memory_limit_exceeded"] = (Verdict.MLE, [Verdict.AC, Verdict.MLE, Verdict.RE], [Verdict.MLE, Verdict.RE], false),
            ["output_limit_exceeded"] = (Verdict.OLE, [Verdict.AC, Verdict.OLE, Verdict.WA], [Verdict.OLE], false),
            ["compile_error"] = (Verdict.CE, [], [], false),
            ["rejected"] = (
                null,
                [Verdict.AC, Verdict.WA, Verdict.TLE, Verdict.RE, Verdict.MLE, Verdict.OLE],
                [Verdict.WA, Verdict.TLE, Verdict.RE, Verdict.MLE, Verdict.OLE],
                false),
            ["brute_force"] = (null, [Verdict.AC, Verdict.TLE, Verdict.RE, Verdict.MLE], [Verdict.TLE, Verdict.RE, Verdict.MLE], false),
        };

    /// <summary>The known folder names.</summary>
    public static IEnumerable<string> Names => Rules.Keys;

    /// <summary>The verdict a folder names (null for folders that allow several, or unknown folders).</summary>
    public static Verdict? ToVerdict(string folder) => Rules.TryGetValue(folder, out var rule) ? rule.Expected : null;

    /// <summary>Whether <paramref name="folder"/> is a known submissions folder.</summary>
    public static bool IsKnown(string folder) => Rules.ContainsKey(folder);

    internal static ExampleSubmission Describe(ProgramSource program, string folder)
    {
        var rule = Rules[folder];
        return new ExampleSubmission(program, folder, rule.Expected, rule.Permitted.ToHashSet(), rule.Required.ToHashSet(), rule.Partial);
    }
}
