namespace Arbiter.Engine.Analysis.Diff;

/// <summary>How a line of the expected output relates to the actual output.</summary>
public enum DiffLineKind
{
    /// <summary>The same on both sides.</summary>
    Equal,

    /// <summary>Only in the expected output (missing from the program's output).</summary>
    Removed,

    /// <summary>Only in the program's output.</summary>
    Added,

    /// <summary>Present on both sides with different text.</summary>
    Changed,
}
