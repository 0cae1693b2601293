namespace Arbiter.Sandbox;

/// <summary>How a run ended. Normal outcomes of untrusted programs are values, never exceptions.</summary>
public enum RunStatus
{
    /// <summary>Exited with code 0 within every limit.</summary>
    OK,

    /// <summary>Runtime error: a non-zero exit code, a signal, a program that could not start, or an
    /// illegal system call (<see cref="LimitKind.Syscall"/>).</summary>
    RE,

    /// <summary>Time limit exceeded: CPU time or wall time.</summary>
    TLE,

    /// <summary>Memory limit exceeded: the memory cgroup's OOM killer ended it.</summary>
    MLE,

    /// <summary>Output limit exceeded: stdout or stderr passed its cap, or a file passed the file-size limit.</summary>
    OLE,

    /// <summary>Internal error: the sandbox itself failed; the program's behaviour is unknown.</summary>
    IE,
}
