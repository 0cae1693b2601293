namespace Arbiter.Engine.Judging;

/// <summary>Where a judging has got to, reported through <see cref="IProgress{T}"/> as it moves on,
/// so a caller (the service's worker) records progress without compiling anything itself.</summary>
public enum JudgeStage
{
    /// <summary>The submission is being compiled (or found in the build cache).</summary>
    Compiling,

    /// <summary>Compiling failed: the judging ends with CE (or IE when the compiler itself failed).</summary>
    CompileFailed,

    /// <summary>The program was built; source checks and the tests follow.</summary>
    Testing,
}
