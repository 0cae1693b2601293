using System.Text.Json.Serialization;

namespace Arbiter.Server.Features.Compat.Judge0;

/// <summary>A Judge0 status: its number and description, as Judge0 CE's <c>GET /statuses</c> lists them.</summary>
internal sealed record Judge0Status(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("description")] string Description)
{
    public static readonly Judge0Status InQueue = new(1, "In Queue");
    public static readonly Judge0Status Processing = new(2, "Processing");
    public static readonly Judge0Status Accepted = new(3, "Accepted");
    public static readonly Judge0Status WrongAnswer = new(4, "Wrong Answer");
    public static readonly Judge0Status TimeLimitExceeded = new(5, "Time Limit Exceeded");
    public static readonly Judge0Status CompilationError = new(6, "Compilation Error");
    public static readonly Judge0Status Sigsegv = new(7, "Runtime Error (SIGSEGV)");
    public static readonly Judge0Status Sigxfsz = new(8, "Runtime Error (SIGXFSZ)");
    public static readonly Judge0Status Sigfpe = new(9, "Runtime Error (SIGFPE)");
    public static readonly Judge0Status Sigabrt = new(10, "Runtime Error (SIGABRT)");
    public static readonly Judge0Status Nzec = new(11, "Runtime Error (NZEC)");
    public static readonly Judge0Status OtherRuntimeError = new(12, "Runtime Error (Other)");
    public static readonly Judge0Status InternalError = new(13, "Internal Error");
    public static readonly Judge0Status ExecFormatError = new(14, "Exec Format Error");

    public static IReadOnlyList<Judge0Status> All { get; } =
    [
        InQueue, Processing, Accepted, WrongAnswer, TimeLimitExceeded, CompilationError, Sigsegv, Sigxfsz,
        Sigfpe, Sigabrt, Nzec, OtherRuntimeError, InternalError, ExecFormatError,
    ];

    /// <summary>A runtime error as Judge0 names it by the signal that ended the program (null:
    /// it exited with a non-zero code).</summary>
    public static Judge0Status RuntimeError(int? signal) => signal switch
    {
        null => Nzec,
        11 => Sigsegv,
        25 => Sigxfsz,
        8 => Sigfpe,
        6 => Sigabrt,
        _ => OtherRuntimeError,
    };
}
