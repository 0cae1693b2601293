namespace Arbiter.Sandbox;

/// <summary>Which limit ended a run.</summary>
public enum LimitKind
{
    None,
    CpuTime,
    WallTime,
    Memory,
    Output,
    FileSize,
}
