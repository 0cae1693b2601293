using System.Runtime.InteropServices;
using System.Text;
using Arbiter.Sandbox.Launcher;

namespace Arbiter.Sandbox.Tests.Launcher;

public sealed class RunFrameTests
{
    // Six uint64 and six uint32 fields, as struct run_request in Native/launcher.h.
    private const int RunRequestSize = 72;

    private static readonly SandboxLimits Limits = new(
        CpuTime: TimeSpan.FromMilliseconds(1500.25),
        WallTime: TimeSpan.FromSeconds(4),
        MemoryBytes: 128L * 1024 * 1024,
        Processes: 17,
        OutputBytes: 65536,
        FileSizeBytes: 1_000_000,
        WorkDirBytes: 8L * 1024 * 1024,
        StackBytes: 8L * 1024 * 1024,
        OpenFiles: 99);

    private static readonly string[] Argv = ["./prog", "héllo wörld", "日本語", ""];
    private static readonly string[] Env = ["PATH=/usr/bin:/bin", "GREETING=здравствуй"];

    [Fact]
    public void Encode_Header_IsRunTypeAndPayloadLength()
    {
        var frame = RunFrame.Encode(Limits, "/box", Argv, Env, stdinFd: false, resetAfter: false);

        Assert.Equal(1u, MemoryMarshal.Read<uint>(frame));
        Assert.Equal((uint)(frame.Length - 8), MemoryMarshal.Read<uint>(frame.AsSpan(4)));
    }

    [Fact]
    public void Encode_FixedStruct_CarriesLimitsAndCounts()
    {
        var frame = RunFrame.Encode(Limits, "/box", Argv, Env, stdinFd: false, resetAfter: false);

        Assert.Equal(RunRequestSize, Marshal.SizeOf<LauncherProtocol.RunRequest>());
        var request = MemoryMarshal.Read<LauncherProtocol.RunRequest>(frame.AsSpan(8));
        Assert.Equal(1501UL, request.CpuTimeMs); // rounded up: a limit is never shortened
        Assert.Equal(4000UL, request.WallTimeMs);
        Assert.Equal(128UL * 1024 * 1024, request.MemoryBytes);
        Assert.Equal(65536UL, request.OutputBytes);
        Assert.Equal(1_000_000UL, request.FileSizeBytes);
        Assert.Equal(8UL * 1024 * 1024, request.StackBytes);
        Assert.Equal(17u, request.Processes);
        Assert.Equal(99u, request.OpenFiles);
        Assert.Equal(4u, request.Argc);
        Assert.Equal(2u, request.Envc);
        Assert.Equal((uint)(frame.Length - 8 - RunRequestSize), request.StringsLength);
    }

    [Theory]
    [InlineData(false, false, 0u)]
    [InlineData(true, false, 1u)]
    [InlineData(false, true, 8u)]
    [InlineData(true, true, 9u)]
    public void Encode_Flags_SayStdinFdAndResetAfter(bool stdinFd, bool resetAfter, uint flags)
    {
        var frame = RunFrame.Encode(Limits, "/box", Argv, Env, stdinFd, resetAfter);

        Assert.Equal(flags, MemoryMarshal.Read<LauncherProtocol.RunRequest>(frame.AsSpan(8)).Flags);
    }

    [Fact]
    public void Encode_Strings_AreCwdArgvEnvAsNulTerminatedUtf8InOrder()
    {
        var frame = RunFrame.Encode(Limits, "/box/sub dir", Argv, Env, stdinFd: true, resetAfter: true);

        var expected = Encoding.UTF8.GetBytes("/box/sub dir\0./prog\0héllo wörld\0日本語\0\0PATH=/usr/bin:/bin\0GREETING=здравствуй\0");
        Assert.Equal(expected, frame.AsSpan(8 + RunRequestSize).ToArray());
    }

    [Fact]
    public void Encode_NoArgumentsOrEnvironment_StillEndsCwdWithNul()
    {
        var frame = RunFrame.Encode(SandboxLimits.Default, "/box", ["/bin/true"], [], stdinFd: false, resetAfter: false);

        Assert.Equal(8 + RunRequestSize + "/box\0/bin/true\0".Length, frame.Length);
        Assert.Equal("/box\0/bin/true\0"u8.ToArray(), frame.AsSpan(8 + RunRequestSize).ToArray());
        Assert.Equal(0u, MemoryMarshal.Read<LauncherProtocol.RunRequest>(frame.AsSpan(8)).Envc);
    }
}
