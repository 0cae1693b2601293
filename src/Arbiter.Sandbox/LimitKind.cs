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

    /// <summary>An illegal system call: one the sandbox's seccomp policy does not allow, which
    /// kills the process (status <see cref="RunStatus.RE"/>).</summary>
    Syscall,
}
