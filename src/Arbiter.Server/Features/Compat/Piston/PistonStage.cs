using System.Text.Json.Serialization;
using Arbiter.Engine.Reports;
using Arbiter.Sandbox;

namespace Arbiter.Server.Features.Compat.Piston;

/// <summary>A stage (compile or run) as Piston reports it. <see cref="Output"/> is stdout then
/// stderr (Piston interleaves them as written; Arbiter keeps the two streams apart).
/// <see cref="Status"/> is Piston's short code: TO time out, RE runtime error, SG killed by a
/// signal, OL output limit, XX internal error; null when it ran cleanly.</summary>
internal sealed record PistonStage(
    [property: JsonPropertyName("stdout")] string Stdout,
    [property: JsonPropertyName("stderr")] string Stderr,
    [property: JsonPropertyName("output")] string Output,
    [property: JsonPropertyName("code")] int? Code,
    [property: JsonPropertyName("signal")] string? Signal,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("cpu_time")] double? CpuTime,
    [property: JsonPropertyName("wall_time")] double? WallTime,
    [property: JsonPropertyName("memory")] long? Memory)
{
    public static PistonStage Compile(CompileReport compile) =>
        new(
            "",
            compile.Output,
            compile.Output,
            compile.Succeeded ? 0 : 1,
            null,
            compile.Succeeded ? null : compile.Message,
            compile.Succeeded ? null : "RE",
            null,
            compile.TimeMs,
            null);

    public static PistonStage Run(RunReport run)
    {
        var status = run.Status switch
        {
            RunStatus.OK => null,
            RunStatus.TLE => "TO",
            RunStatus.OLE => "OL",
            RunStatus.IE => "XX",
            _ when run.Signal is not null => "SG",
            _ => "RE",
        };
        var signal = run.Signal is { } number ? SignalName(number) : run.Status is RunStatus.TLE or RunStatus.MLE ? "SIGKILL" : null;
        return new(
            run.Stdout,
            run.Stderr,
            run.Stdout + run.Stderr,
            signal is null ? run.ExitCode : null,
            signal,
            run.Message,
            status,
            run.CpuTimeMs,
            run.WallTimeMs,
            run.MemoryKiB * 1024);
    }

    private static string SignalName(int number) => number switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        5 => "SIGTRAP",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        24 => "SIGXCPU",
        25 => "SIGXFSZ",
        31 => "SIGSYS",
        _ => $"SIG{number}",
    };
}
