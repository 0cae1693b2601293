using Arbiter.Engine.Building;

namespace Arbiter.Cli.Output;

/// <summary>A compilation as the CLI prints it with --json.</summary>
internal sealed record CompileReport(bool Succeeded, bool CacheHit, double TimeMs, string? Message, string Output)
{
    public static CompileReport From(BuildResult build) => new(build.Succeeded, build.CacheHit, Math.Round(build.Time.TotalMilliseconds, 3), build.Message, build.CompilerOutput);
}
