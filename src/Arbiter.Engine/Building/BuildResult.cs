namespace Arbiter.Engine.Building;

/// <summary>The outcome of compiling one source: a program, or a compile error with the
/// compiler's own words.</summary>
/// <param name="Program">The program, or null when compilation failed.</param>
/// <param name="CompilerOutput">What the compiler printed (stderr, then stdout), capped.</param>
/// <param name="Time">Wall time of the compilation (zero on a cache hit).</param>
/// <param name="CacheHit">Whether an earlier identical build was reused.</param>
/// <param name="Message">Why it failed, in a sentence, when it did.</param>
/// <param name="InternalError">The failure was the judge's (sandbox, missing toolchain), not the source's.</param>
/// <param name="Retryable">The compiler hit a time or memory limit: the same source may build on
/// a less loaded machine, so the failure is never cached.</param>
public sealed record BuildResult(
    CompiledProgram? Program,
    string CompilerOutput,
    TimeSpan Time,
    bool CacheHit,
    string? Message,
    bool InternalError = false,
    bool Retryable = false)
{
    public bool Succeeded => Program is not null;
}
