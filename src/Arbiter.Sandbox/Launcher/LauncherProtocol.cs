using System.Runtime.InteropServices;

namespace Arbiter.Sandbox.Launcher;

/// <summary>The launcher's wire format: native-endian fixed structs, kept in step with
/// Native/launcher.h (both ends are built together and run on one host).</summary>
internal static class LauncherProtocol
{
    public const uint Version = 3;
    public const int HeaderSize = 8;

    public const uint Run = 1;
    public const uint Reset = 2;
    public const uint Kill = 3;
    public const uint Prestart = 4;
    public const uint Hello = 101;
    public const uint Ready = 102;
    public const uint Stdout = 103;
    public const uint Stderr = 104;
    public const uint Result = 105;
    public const uint Error = 106;

    public const uint StdinFd = 1;
    public const uint StdoutFd = 2;
    public const uint ResetAfter = 8;
    public const uint UsePrestarted = 16;

    public const uint EndExited = 0;
    public const uint EndCpuTime = 1;
    public const uint EndWallTime = 2;
    public const uint EndOutput = 3;
    public const uint EndKilled = 4;

    public const uint OomKilled = 1;
    public const uint ProcessLimitHit = 2;
    public const uint RanPrestarted = 4;

    public const uint StageNone = 0;
    public const uint StageExec = 7;

    public static readonly string[] StageNames =
        ["none", "cgroup", "file descriptors", "rlimits", "working directory", "credentials", "seccomp", "exec", "fork", "request"];

    [StructLayout(LayoutKind.Sequential)]
    public struct RunRequest
    {
        public ulong CpuTimeMs;
        public ulong WallTimeMs;
        public ulong MemoryBytes;
        public ulong OutputBytes;
        public ulong FileSizeBytes;
        public ulong StackBytes;
        public uint Processes;
        public uint OpenFiles;
        public uint Flags;
        public uint Argc;
        public uint Envc;
        public uint StringsLength;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct RunResult
    {
        public int ExitCode;
        public int Signal;
        public uint End;
        public uint Flags;
        public int Error;
        public uint Stage;
        public ulong WallNs;
        public ulong CpuNs;
        public ulong MemoryPeakBytes;
        public ulong StdoutBytes;
        public ulong StderrBytes;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct HelloMessage
    {
        public uint Version;
        public int ContainerPid;
    }

    public static void WriteHeader(Span<byte> destination, uint type, int length)
    {
        MemoryMarshal.Write(destination, type);
        MemoryMarshal.Write(destination[4..], (uint)length);
    }

    public static byte[] Frame(uint type)
    {
        var frame = new byte[HeaderSize];
        WriteHeader(frame, type, 0);
        return frame;
    }

    public static byte[] Frame<T>(uint type, T body)
        where T : unmanaged
    {
        var size = Marshal.SizeOf<T>();
        var frame = new byte[HeaderSize + size];
        WriteHeader(frame, type, size);
        MemoryMarshal.Write(frame.AsSpan(HeaderSize), in body);
        return frame;
    }
}
