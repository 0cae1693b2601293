using System.Text.Json.Serialization;
using Arbiter.Engine.Reports;
using Arbiter.Sandbox;

namespace Arbiter.Server.Features.Compat.Jobe;

/// <summary>Jobe's answer to <c>POST runs</c>; <see cref="RunId"/> is the Arbiter submission, so the
/// run can be found on the dashboard.</summary>
internal sealed record JobeResult(
    [property: JsonPropertyName("run_id")] string? RunId,
    [property: JsonPropertyName("outcome")] int Outcome,
    [property: JsonPropertyName("cmpinfo")] string Cmpinfo,
    [property: JsonPropertyName("stdout")] string Stdout,
    [property: JsonPropertyName("stderr")] string Stderr)
{
    public static JobeResult Overloaded(string? id) => new(id, (int)JobeOutcome.ServerOverload, "", "", "");

    /// <summary>The run in Jobe's terms: a compile error's output is <c>cmpinfo</c>; the run's status
    /// becomes the outcome (a non-zero exit is a runtime error, as in Jobe; so is output beyond its
    /// limit, which Jobe has no outcome for); output that is not UTF-8 keeps its bytes (<see cref="JobeText"/>).</summary>
    public static JobeResult From(string? id, RunFileReport? report)
    {
        if (report is null)
        {
            return new(id, (int)JobeOutcome.InternalError, "", "", "");
        }

        if (report.Run is not { } run)
        {
            // A failed build of the service's making arrives as no report (a Failed submission).
            var compiler = report.Compile.Output.Length > 0 ? report.Compile.Output : report.Compile.Message ?? "compilation failed";
            return new(id, (int)JobeOutcome.CompilationError, compiler, "", "");
        }

        var outcome = run.Status switch
        {
            RunStatus.OK => JobeOutcome.Success,
            RunStatus.RE when run.LimitExceeded == LimitKind.Syscall => JobeOutcome.IllegalSystemCall,
            RunStatus.RE or RunStatus.OLE => JobeOutcome.RuntimeError,
            RunStatus.TLE => JobeOutcome.TimeLimit,
            RunStatus.MLE => JobeOutcome.MemoryLimit,
            _ => JobeOutcome.InternalError,
        };
        return new(id, (int)outcome, "", JobeText.Of(run.Stdout, run.StdoutBase64), JobeText.Of(run.Stderr, run.StderrBase64));
    }
}
