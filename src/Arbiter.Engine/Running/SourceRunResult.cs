using Arbiter.Engine.Building;
using Arbiter.Engine.Languages;
using Arbiter.Engine.Reports;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Running;

/// <summary>
/// A source built and run once: the build, the run (when it built), their report, and the one
/// verdict. Callers only translate it: the service stores <see cref="Report"/> as the result JSON
/// with <see cref="Verdict"/> (and records a job that is an <see cref="InternalFailure"/> as
/// Failed); <c>arbiter run</c> prints the report, or passes the run's output through.
/// </summary>
public sealed class SourceRunResult
{
    private readonly LanguageSpec _language;
    private RunFileReport? _report;

    internal SourceRunResult(LanguageSpec language, BuildResult build, SandboxResult? run)
    {
        _language = language;
        Build = build;
        Run = run;
        Verdict = run is null ? (build.InternalError ? RunVerdict.IE : RunVerdict.CE) : Of(run.Status);
    }

    /// <summary>The compilation (its time, whether the cache had it, the compiler's words).</summary>
    public BuildResult Build { get; }

    /// <summary>The run, with the program's output as bytes; null when the source did not build.</summary>
    public SandboxResult? Run { get; }

    /// <summary>CE or IE when nothing ran; else the run's status.</summary>
    public RunVerdict Verdict { get; }

    /// <summary>The judge failed, not the source (the compiler could not run, the sandbox
    /// broke): the outcome says nothing about the program.</summary>
    public bool InternalFailure => Verdict == RunVerdict.IE;

    /// <summary>The compilation (with its diagnostics) and the run as reports: the JSON of
    /// <c>arbiter run --json</c> and of a playground run's result. Made when first asked for
    /// (the run's output is decoded for it).</summary>
    public RunFileReport Report => _report ??= new RunFileReport(_language.Id, CompileReport.From(Build, _language), Run is null ? null : RunReport.From(Run));

    private static RunVerdict Of(RunStatus status) => status switch
    {
        RunStatus.OK => RunVerdict.OK,
        RunStatus.RE => RunVerdict.RE,
        RunStatus.TLE => RunVerdict.TLE,
        RunStatus.MLE => RunVerdict.MLE,
        RunStatus.OLE => RunVerdict.OLE,
        _ => RunVerdict.IE,
    };
}
