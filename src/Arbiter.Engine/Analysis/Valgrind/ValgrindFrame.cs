namespace Arbiter.Engine.Analysis.Valgrind;

/// <summary>One stack frame of a memcheck report.</summary>
/// <param name="Function">Function name (demangled by valgrind), when known.</param>
/// <param name="File">Source path, relative to the work dir when under it, when debug info has it.</param>
/// <param name="Line">Source line, or 0.</param>
/// <param name="Binary">The binary or library the code is in.</param>
public sealed record ValgrindFrame(string? Function, string? File, int Line, string? Binary)
{
    /// <summary>"main.c:12", or the function or object when there is no line information.</summary>
    public string Location => File is not null && Line > 0 ? $"{File}:{Line}" : Function ?? Binary ?? "an unknown place";
}
