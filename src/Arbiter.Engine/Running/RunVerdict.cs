namespace Arbiter.Engine.Running;

/// <summary>How a run of a source ended: its run's status (<see cref="Arbiter.Sandbox.RunStatus"/>), or
/// CE / IE when it never ran. The service stores it as the playground run's verdict, by name.</summary>
public enum RunVerdict
{
    /// <summary>Exited with code 0 within every limit.</summary>
    OK,

    /// <summary>Run-time error: a non-zero exit, a signal, an illegal system call.</summary>
    RE,

    /// <summary>Time limit exceeded (CPU or wall).</summary>
    TLE,

    /// <summary>Memory limit exceeded.</summary>
    MLE,

    /// <summary>Output limit exceeded.</summary>
    OLE,

    /// <summary>Compile error: the source did not build, so nothing ran.</summary>
    CE,

    /// <summary>Internal error: the judge failed (sandbox, missing toolchain), not the source.</summary>
    IE,
}
