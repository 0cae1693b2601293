namespace Arbiter.Engine.Running;

/// <summary>Where a run of a source has got to, reported through <see cref="IProgress{T}"/> as it
/// moves on, so a caller (the service's worker) records progress without building anything itself.</summary>
public enum RunStage
{
    /// <summary>The source is being compiled (or found in the build cache).</summary>
    Compiling,

    /// <summary>The program is about to run. A language with a check-and-run command (Python)
    /// reaches this before its one start, whose check is part of the run; a compile error
    /// there ends the run as CE all the same. Not reached when a separate compile failed.</summary>
    Running,
}
