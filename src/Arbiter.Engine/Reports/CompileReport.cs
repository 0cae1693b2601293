using Arbiter.Engine.Analysis.Diagnostics;
using Arbiter.Engine.Building;
using Arbiter.Engine.Languages;

namespace Arbiter.Engine.Reports;

/// <summary>A compilation as the CLI prints it with --json.</summary>
public sealed record CompileReport(bool Succeeded, bool CacheHit, double TimeMs, string? Message, string Output, DiagnosticList Diagnostics)
{
    public static CompileReport From(BuildResult build, LanguageSpec language) => new(
        build.Succeeded,
        build.CacheHit,
        Math.Round(build.Time.TotalMilliseconds, 3),
        build.Message,
        build.CompilerOutput,
        CompilerDiagnostics.Of(build, language));
}
