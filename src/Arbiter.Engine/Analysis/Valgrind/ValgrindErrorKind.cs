namespace Arbiter.Engine.Analysis.Valgrind;

/// <summary>Memcheck's error kinds (the XML's &lt;kind&gt;), leak kinds without the underscore.</summary>
public enum ValgrindErrorKind
{
    /// <summary>A kind this parser does not know; see <see cref="ValgrindError.RawKind"/>.</summary>
    Other,
    InvalidRead,
    InvalidWrite,
    InvalidFree,
    MismatchedFree,
    InvalidJump,
    UninitCondition,
    UninitValue,
    SyscallParam,
    ClientCheck,
    Overlap,
    InvalidMemPool,
    FishyValue,
    ReallocSizeZero,
    LeakDefinitelyLost,
    LeakIndirectlyLost,
    LeakPossiblyLost,
    LeakStillReachable,
}
