using System.Runtime.InteropServices;
using System.Text;

namespace Arbiter.Sandbox.Launcher;

/// <summary>Encodes a RUN (or PRESTART) request: the fixed struct, then cwd, argv and env as NUL-ended strings.</summary>
internal static class RunFrame
{
    public static byte[] Encode(
        SandboxLimits limits,
        string cwd,
        IReadOnlyList<string> argv,
        IReadOnlyList<string> env,
        bool stdinFd,
        bool resetAfter,
        bool stdoutFd = false,
        bool usePrestarted = false)
        => Encode(LauncherProtocol.Run, limits, cwd, argv, env,
            (stdinFd ? LauncherProtocol.StdinFd : 0)
            | (stdoutFd ? LauncherProtocol.StdoutFd : 0)
            | (resetAfter ? LauncherProtocol.ResetAfter : 0)
            | (usePrestarted ? LauncherProtocol.UsePrestarted : 0));

    /// <summary>A PRESTART: <paramref name="argv"/> started with the run's limits, cwd and
    /// environment, to be handed a RUN of the same limits, cwd and environment later.</summary>
    public static byte[] EncodePrestart(SandboxLimits limits, string cwd, IReadOnlyList<string> argv, IReadOnlyList<string> env)
        => Encode(LauncherProtocol.Prestart, limits, cwd, argv, env, flags: 0);

    private static byte[] Encode(uint type, SandboxLimits limits, string cwd, IReadOnlyList<string> argv, IReadOnlyList<string> env, uint flags)
    {
        var strings = new List<string>(1 + argv.Count + env.Count) { cwd };
        strings.AddRange(argv);
        strings.AddRange(env);
        var stringsLength = strings.Sum(s => Encoding.UTF8.GetByteCount(s) + 1);

        var fixedSize = Marshal.SizeOf<LauncherProtocol.RunRequest>();
        var frame = new byte[LauncherProtocol.HeaderSize + fixedSize + stringsLength];
        LauncherProtocol.WriteHeader(frame, type, fixedSize + stringsLength);
        var request = new LauncherProtocol.RunRequest
        {
            CpuTimeMs = (ulong)Math.Ceiling(limits.CpuTime.TotalMilliseconds),
            WallTimeMs = (ulong)Math.Ceiling(limits.WallTime.TotalMilliseconds),
            MemoryBytes = (ulong)limits.MemoryBytes,
            OutputBytes = (ulong)limits.OutputBytes,
            FileSizeBytes = (ulong)limits.FileSizeBytes,
            StackBytes = (ulong)limits.StackBytes,
            Processes = (uint)limits.Processes,
            OpenFiles = (uint)limits.OpenFiles,
            Flags = flags,
            Argc = (uint)argv.Count,
            Envc = (uint)env.Count,
            StringsLength = (uint)stringsLength,
        };
        MemoryMarshal.Write(frame.AsSpan(LauncherProtocol.HeaderSize), in request);
        var offset = LauncherProtocol.HeaderSize + fixedSize;
        foreach (var s in strings)
        {
            offset += Encoding.UTF8.GetBytes(s, frame.AsSpan(offset));
            frame[offset++] = 0;
        }

        return frame;
    }
}
