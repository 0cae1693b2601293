using System.Runtime.InteropServices;
using System.Text;

namespace Arbiter.Sandbox.Launcher;

/// <summary>Encodes a RUN request: the fixed struct, then cwd, argv and env as NUL-ended strings.</summary>
internal static class RunFrame
{
    public static byte[] Encode(SandboxLimits limits, string cwd, IReadOnlyList<string> argv, IReadOnlyList<string> env, bool stdinFd, bool resetAfter, bool stdoutFd = false)
    {
        var strings = new List<string>(1 + argv.Count + env.Count) { cwd };
        strings.AddRange(argv);
        strings.AddRange(env);
        var stringsLength = strings.Sum(s => Encoding.UTF8.GetByteCount(s) + 1);

        var fixedSize = Marshal.SizeOf<LauncherProtocol.RunRequest>();
        var frame = new byte[LauncherProtocol.HeaderSize + fixedSize + stringsLength];
        LauncherProtocol.WriteHeader(frame, LauncherProtocol.Run, fixedSize + stringsLength);
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
            Flags = (stdinFd ? LauncherProtocol.StdinFd : 0) | (stdoutFd ? LauncherProtocol.StdoutFd : 0) | (resetAfter ? LauncherProtocol.ResetAfter : 0),
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
