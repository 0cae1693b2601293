using Arbiter.Sandbox.Launcher;

namespace Arbiter.Sandbox.Tests;

public sealed class ResultClassifierTests
{
    private const int Enoent = 2;
    private const int Eperm = 1;
    private const int SigKill = 9;
    private const int SigSegv = 11;
    private const int SigXcpu = 24;
    private const int SigXfsz = 25;

    private static readonly SandboxLimits Limits = SandboxLimits.Default with { CpuTime = TimeSpan.FromSeconds(1), WallTime = TimeSpan.FromSeconds(3) };

    [Fact]
    public void Classify_ExecStageFailure_IsRuntimeErrorThatCannotExecute()
    {
        var result = Classify(new() { Stage = LauncherProtocol.StageExec, Error = Enoent, ExitCode = 127 });

        Assert.Equal(RunStatus.RE, result.Status);
        Assert.Equal(LimitKind.None, result.LimitExceeded);
        Assert.Equal("cannot execute './a.out': No such file or directory", result.Message);
    }

    [Fact]
    public void Classify_ExecStageFailure_WinsOverEveryLimit()
    {
        var result = Classify(new()
        {
            Stage = LauncherProtocol.StageExec,
            Error = Enoent,
            End = LauncherProtocol.EndCpuTime,
            Flags = LauncherProtocol.OomKilled,
            Signal = SigKill,
        });

        Assert.Equal(RunStatus.RE, result.Status);
        Assert.StartsWith("cannot execute", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_OtherStageFailure_IsInternalErrorNamingTheStage()
    {
        var result = Classify(new() { Stage = 1, Error = Eperm, End = LauncherProtocol.EndCpuTime });

        Assert.Equal(RunStatus.IE, result.Status);
        Assert.Equal(LimitKind.None, result.LimitExceeded);
        Assert.Equal("sandbox setup failed (cgroup): Operation not permitted", result.Message);
    }

    [Fact]
    public void Classify_UnknownStage_IsInternalErrorWithItsNumber()
    {
        var result = Classify(new() { Stage = 42, Error = Eperm });

        Assert.Equal(RunStatus.IE, result.Status);
        Assert.StartsWith("sandbox setup failed (stage 42)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_EndedForCpuTime_IsCpuTimeLimitEvenWhenKilledAndOom()
    {
        var result = Classify(new() { End = LauncherProtocol.EndCpuTime, Signal = SigKill, Flags = LauncherProtocol.OomKilled });

        Assert.Equal(RunStatus.TLE, result.Status);
        Assert.Equal(LimitKind.CpuTime, result.LimitExceeded);
        Assert.Equal("CPU time limit of 1 s exceeded", result.Message);
    }

    [Fact]
    public void Classify_CpuOverLimitButExitedZero_IsCpuTimeLimit()
    {
        var result = Classify(new() { CpuNs = 1_000_000_100 });

        Assert.Equal(RunStatus.TLE, result.Status);
        Assert.Equal(LimitKind.CpuTime, result.LimitExceeded);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Classify_SigXcpu_IsCpuTimeLimit()
    {
        var result = Classify(new() { Signal = SigXcpu, ExitCode = -1, CpuNs = 900_000_000 });

        Assert.Equal(RunStatus.TLE, result.Status);
        Assert.Equal(LimitKind.CpuTime, result.LimitExceeded);
        Assert.Equal(SigXcpu, result.Signal);
        Assert.Null(result.ExitCode);
    }

    [Fact]
    public void Classify_EndedForWallTime_IsWallTimeLimitNotSignal()
    {
        var result = Classify(new() { End = LauncherProtocol.EndWallTime, Signal = SigKill, ExitCode = -1, WallNs = 3_000_500_000 });

        Assert.Equal(RunStatus.TLE, result.Status);
        Assert.Equal(LimitKind.WallTime, result.LimitExceeded);
        Assert.Equal("wall time limit of 3 s exceeded", result.Message);
    }

    [Fact]
    public void Classify_CpuOverLimitAndWallEnd_IsCpuTimeLimit()
    {
        var result = Classify(new() { End = LauncherProtocol.EndWallTime, CpuNs = 2_000_000_000, Signal = SigKill });

        Assert.Equal(LimitKind.CpuTime, result.LimitExceeded);
    }

    [Fact]
    public void Classify_EndedForOutput_IsOutputLimitEvenWhenOom()
    {
        var result = Classify(new() { End = LauncherProtocol.EndOutput, Signal = SigKill, Flags = LauncherProtocol.OomKilled });

        Assert.Equal(RunStatus.OLE, result.Status);
        Assert.Equal(LimitKind.Output, result.LimitExceeded);
        Assert.Equal($"output limit of {Limits.OutputBytes} bytes exceeded", result.Message);
    }

    [Fact]
    public void Classify_OomKilled_IsMemoryLimitNotSigkill()
    {
        var result = Classify(new() { Flags = LauncherProtocol.OomKilled, Signal = SigKill, ExitCode = -1 });

        Assert.Equal(RunStatus.MLE, result.Status);
        Assert.Equal(LimitKind.Memory, result.LimitExceeded);
        Assert.Equal("memory limit of 256 MiB exceeded", result.Message);
    }

    [Fact]
    public void Classify_OomFlagWithCleanExit_IsStillMemoryLimit()
    {
        // A child was OOM-killed and the parent exited 0: the run still needed more memory.
        var result = Classify(new() { Flags = LauncherProtocol.OomKilled });

        Assert.Equal(RunStatus.MLE, result.Status);
    }

    [Fact]
    public void Classify_SigXfsz_IsFileSizeOutputLimit()
    {
        var result = Classify(new() { Signal = SigXfsz, ExitCode = -1 });

        Assert.Equal(RunStatus.OLE, result.Status);
        Assert.Equal(LimitKind.FileSize, result.LimitExceeded);
        Assert.Equal($"file size limit of {Limits.FileSizeBytes} bytes exceeded", result.Message);
    }

    [Fact]
    public void Classify_SigSys_IsRuntimeErrorForAnIllegalSystemCall()
    {
        var result = Classify(new() { Signal = 31, ExitCode = -1 });

        Assert.Equal(RunStatus.RE, result.Status);
        Assert.Equal(LimitKind.Syscall, result.LimitExceeded);
        Assert.Equal(31, result.Signal);
        Assert.StartsWith("illegal system call", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SigSegv, "killed by signal 11 (SIGSEGV)")]
    [InlineData(SigKill, "killed by signal 9 (SIGKILL)")]
    [InlineData(6, "killed by signal 6 (SIGABRT)")]
    [InlineData(40, "killed by signal 40 (signal 40)")]
    public void Classify_OtherSignal_IsRuntimeErrorNamingTheSignal(int signal, string message)
    {
        var result = Classify(new() { Signal = signal, ExitCode = -1 });

        Assert.Equal(RunStatus.RE, result.Status);
        Assert.Equal(LimitKind.None, result.LimitExceeded);
        Assert.Equal(signal, result.Signal);
        Assert.Null(result.ExitCode);
        Assert.Equal(message, result.Message);
    }

    [Fact]
    public void Classify_ExitZero_IsOkWithoutMessage()
    {
        var result = Classify(new() { CpuNs = 999_999_999 });

        Assert.Equal(RunStatus.OK, result.Status);
        Assert.Equal(LimitKind.None, result.LimitExceeded);
        Assert.Equal(0, result.ExitCode);
        Assert.Null(result.Signal);
        Assert.Null(result.Message);
        Assert.False(result.ProcessLimitReached);
    }

    [Fact]
    public void Classify_ExitThree_IsRuntimeError()
    {
        var result = Classify(new() { ExitCode = 3 });

        Assert.Equal(RunStatus.RE, result.Status);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("exited with code 3", result.Message);
    }

    [Fact]
    public void Classify_ProcessLimitHit_IsReportedAlongsideTheStatus()
    {
        var ok = Classify(new() { Flags = LauncherProtocol.ProcessLimitHit });
        var failed = Classify(new() { Flags = LauncherProtocol.ProcessLimitHit, ExitCode = 1 });

        Assert.Equal(RunStatus.OK, ok.Status);
        Assert.True(ok.ProcessLimitReached);
        Assert.Equal(RunStatus.RE, failed.Status);
        Assert.True(failed.ProcessLimitReached);
    }

    [Fact]
    public void Classify_Measurements_AreCarriedOver()
    {
        var outcome = new LauncherOutcome(
            new LauncherProtocol.RunResult { CpuNs = 1_500_000, WallNs = 2_250_000, MemoryPeakBytes = 3 * 1024 * 1024, StdoutBytes = 10, StderrBytes = 2 },
            "hi\n"u8.ToArray(),
            "e\n"u8.ToArray());

        var result = ResultClassifier.Classify(outcome, Limits, "./a.out", new Dictionary<string, byte[]>(), []);

        Assert.Equal(TimeSpan.FromMilliseconds(1.5), result.CpuTime);
        Assert.Equal(TimeSpan.FromMilliseconds(2.25), result.WallTime);
        Assert.Equal(3 * 1024 * 1024, result.MemoryBytes);
        Assert.Equal("hi\n"u8.ToArray(), result.Stdout);
        Assert.Equal(10, result.StdoutBytes);
        Assert.True(result.StdoutTruncated);
        Assert.False(result.StderrTruncated);
    }

    [Fact]
    public void Classify_FileProblems_AreAppendedToTheMessage()
    {
        var outcome = new LauncherOutcome(new LauncherProtocol.RunResult { ExitCode = 3 }, [], []);
        var files = new Dictionary<string, byte[]> { ["a.txt"] = [1] };

        var failed = ResultClassifier.Classify(outcome, Limits, "./a.out", files, ["'b.txt' was not created"]);
        var ok = ResultClassifier.Classify(outcome with { Result = default }, Limits, "./a.out", files, ["'b.txt' was not created"]);

        Assert.Equal("exited with code 3; 'b.txt' was not created", failed.Message);
        Assert.Equal("'b.txt' was not created", ok.Message);
        Assert.Same(files, ok.Files);
    }

    private static SandboxResult Classify(LauncherProtocol.RunResult raw)
        => ResultClassifier.Classify(new LauncherOutcome(raw, [], []), Limits, "./a.out", new Dictionary<string, byte[]>(), []);
}
