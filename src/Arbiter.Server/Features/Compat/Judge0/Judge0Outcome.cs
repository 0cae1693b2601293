namespace Arbiter.Server.Features.Compat.Judge0;

/// <summary>A submission's Judge0 status and the bytes it shows: null where Judge0 shows null
/// (a stream the program left empty, a run not finished).</summary>
internal sealed record Judge0Outcome(Judge0Status Status, byte[]? Stdout, byte[]? Stderr, byte[]? CompileOutput, string? Message);
