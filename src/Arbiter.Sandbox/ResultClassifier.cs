using Arbiter.Sandbox.Launcher;

namespace Arbiter.Sandbox;

/// <summary>Turns the launcher's measurements into a status, the limit that ended the run, and a
/// sentence for people. The order matters: a run killed for CPU time also dies by SIGKILL, and a
/// memory-killed one may have been mid-write.</summary>
internal static class ResultClassifier
{
    private const int SigKill = 9;
    private const int SigXcpu = 24;
    private const int SigXfsz = 25;
    private const int SigSys = 31;

    public static SandboxResult Classify(
        LauncherOutcome outcome,
        SandboxLimits limits,
        string program,
        IReadOnlyDictionary<string, byte[]> files,
        IReadOnlyList<string> fileProblems)
    {
        var raw = outcome.Result;
        var cpu = TimeSpan.FromTicks((long)(raw.CpuNs / 100));
        var (status, limit, message) = Decide(raw, limits, cpu, program);
        if (fileProblems.Count > 0)
        {
            message = string.Join("; ", new[] { message }.Concat(fileProblems).Where(m => m is not null));
        }

        return new SandboxResult
        {
            Status = status,
            LimitExceeded = limit,
            ExitCode = raw.Signal == 0 ? raw.ExitCode : null,
            Signal = raw.Signal == 0 ? null : raw.Signal,
            ProcessLimitReached = (raw.Flags & LauncherProtocol.ProcessLimitHit) != 0,
            Prestarted = (raw.Flags & LauncherProtocol.RanPrestarted) != 0,
            CpuTime = cpu,
            WallTime = TimeSpan.FromTicks((long)(raw.WallNs / 100)),
            MemoryBytes = (long)raw.MemoryPeakBytes,
            Stdout = outcome.Stdout,
            Stderr = outcome.Stderr,
            StdoutBytes = (long)raw.StdoutBytes,
            StderrBytes = (long)raw.StderrBytes,
            Files = files,
            Message = message,
        };
    }

    private static (RunStatus, LimitKind, string?) Decide(LauncherProtocol.RunResult raw, SandboxLimits limits, TimeSpan cpu, string program)
    {
        if (raw.Stage == LauncherProtocol.StageExec)
        {
            return (RunStatus.RE, LimitKind.None, $"cannot execute '{program}': {Errno(raw.Error)}");
        }

        if (raw.Stage != LauncherProtocol.StageNone)
        {
            var stage = raw.Stage < LauncherProtocol.StageNames.Length ? LauncherProtocol.StageNames[raw.Stage] : $"stage {raw.Stage}";
            return (RunStatus.IE, LimitKind.None, $"sandbox setup failed ({stage}): {Errno(raw.Error)}");
        }

        if (raw.End == LauncherProtocol.EndCpuTime || cpu > limits.CpuTime || raw.Signal == SigXcpu)
        {
            return (RunStatus.TLE, LimitKind.CpuTime, $"CPU time limit of {limits.CpuTime.TotalSeconds:0.###} s exceeded");
        }

        if (raw.End == LauncherProtocol.EndWallTime)
        {
            return (RunStatus.TLE, LimitKind.WallTime, $"wall time limit of {limits.WallTime.TotalSeconds:0.###} s exceeded");
        }

        if (raw.End == LauncherProtocol.EndOutput)
        {
            return (RunStatus.OLE, LimitKind.Output, $"output limit of {limits.OutputBytes} bytes exceeded");
        }

        if ((raw.Flags & LauncherProtocol.OomKilled) != 0)
        {
            return (RunStatus.MLE, LimitKind.Memory, $"memory limit of {limits.MemoryBytes / (1024 * 1024)} MiB exceeded");
        }

        if (raw.Signal == SigXfsz)
        {
            return (RunStatus.OLE, LimitKind.FileSize, $"file size limit of {limits.FileSizeBytes} bytes exceeded");
        }

        // The seccomp policy kills a process that makes a call it does not allow with SIGSYS.
        // (A program could raise SIGSYS itself; it would only be reporting on itself.)
        if (raw.Signal == SigSys)
        {
            return (RunStatus.RE, LimitKind.Syscall, "illegal system call: the program made a system call the sandbox does not allow, and was killed (SIGSYS)");
        }

        if (raw.Signal != 0)
        {
            var name = raw.Signal == SigKill ? "SIGKILL" : SignalName(raw.Signal);
            return (RunStatus.RE, LimitKind.None, $"killed by signal {raw.Signal} ({name})");
        }

        return raw.ExitCode == 0
            ? (RunStatus.OK, LimitKind.None, null)
            : (RunStatus.RE, LimitKind.None, $"exited with code {raw.ExitCode}");
    }

    private static string Errno(int errno) => System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno);

    private static string SignalName(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        5 => "SIGTRAP",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        31 => "SIGSYS",
        _ => $"signal {signal}",
    };
}
