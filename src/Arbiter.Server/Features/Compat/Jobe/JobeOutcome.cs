namespace Arbiter.Server.Features.Compat.Jobe;

/// <summary>Jobe's outcome codes, the <c>outcome</c> of a run.</summary>
internal enum JobeOutcome
{
    CompilationError = 11,
    RuntimeError = 12,
    TimeLimit = 13,
    Success = 15,
    MemoryLimit = 17,
    IllegalSystemCall = 19,
    InternalError = 20,
    ServerOverload = 21,
}
