using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Arbiter.Sandbox.Launcher;

/// <summary>
/// One running arbiter-launcher, hosting one warm container. Requests are strictly one at a time
/// (the pool guarantees it): RESET prepares a fresh work dir and cgroup, RUN runs one program.
/// </summary>
internal sealed class LauncherProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StringBuilder _stderr;
    private readonly byte[] _header = new byte[LauncherProtocol.HeaderSize];
    private readonly byte[] _peek = new byte[1];
    private int _pendingReady;
    private SafeFileHandle? _workDirectory;

    private LauncherProcess(Process process, Socket socket, StringBuilder stderr)
    {
        _process = process;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _stderr = stderr;
    }

    /// <summary>The container's pid 1 as the host sees it.</summary>
    public int ContainerPid { get; private set; }

    /// <summary>A descriptor of the container's /box, sent by the launcher with each READY (valid
    /// from that READY until the next reset). The engine reaches the work dir only through it:
    /// /proc/PID/root/box would need the right to ptrace the container (CAP_SYS_PTRACE when the
    /// worker itself runs in a container).</summary>
    public SafeFileHandle WorkDirectory => _workDirectory ?? throw new InvalidOperationException("The sandbox slot has no work dir before its first reset.");

    /// <summary>Set once the launcher failed; the pool then throws it away.</summary>
    public bool IsBroken { get; private set; }

    /// <summary>The PRESTART frame whose process this container holds, waiting for its run; null
    /// when it holds none. A reset or any run ends it (a run by using it, or by not).</summary>
    public byte[]? Prestarted { get; private set; }

    /// <summary>Size of the current work dir, set by the last reset.</summary>
    public long WorkDirBytes { get; private set; }

    /// <summary>The launcher's exit code once disposed: 0 when it stopped cleanly, anything else
    /// (a sanitizer's exit code, 137 when it had to be killed) is worth a look.</summary>
    public int? ExitCode { get; private set; }

    /// <summary>What the launcher wrote to its stderr (capped). Empty when all went well; its
    /// sanitizer build reports here, as the pipe survives the container's pivot_root.</summary>
    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static async Task<LauncherProcess> StartAsync(string launcherPath, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        if (!File.Exists(launcherPath))
        {
            throw new SandboxUnavailableException($"The sandbox launcher is missing at {launcherPath}; build the solution (make in src/Arbiter.Sandbox/Native).");
        }

        var socketName = $"arbiter-{Environment.ProcessId}-{Guid.NewGuid():N}";
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint("\0" + socketName));
        listener.Listen(1);

        var info = new ProcessStartInfo(launcherPath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--socket");
        info.ArgumentList.Add(socketName);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new SandboxUnavailableException("Could not start the sandbox launcher.");
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                if (e.Data is not null && stderr.Length < 16_384)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        // The launcher never writes to stdout; redirected so a stray write can never reach the
        // engine's own stdout (the CLI's JSON), and drained so it can never block.
        process.BeginOutputReadLine();
        process.StandardInput.Close();

        Socket? socket = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            var accept = listener.AcceptAsync(timeout.Token).AsTask();
            var exited = process.WaitForExitAsync(timeout.Token);
            if (await Task.WhenAny(accept, exited).ConfigureAwait(false) != accept)
            {
                await exited.ConfigureAwait(false);
                throw new SandboxUnavailableException($"The sandbox launcher exited with code {process.ExitCode} before connecting. {Snapshot(stderr)}");
            }

            socket = await accept.ConfigureAwait(false);
            VerifyPeer(socket, process.Id);
            var launcher = new LauncherProcess(process, socket, stderr);
            var (type, payload) = await launcher.ReadFrameAsync(timeout.Token).ConfigureAwait(false);
            if (type != LauncherProtocol.Hello || payload.Length != Marshal.SizeOf<LauncherProtocol.HelloMessage>())
            {
                throw new SandboxUnavailableException($"The sandbox launcher did not greet as expected: {Describe(type, payload)} {Snapshot(stderr)}");
            }

            var hello = MemoryMarshal.Read<LauncherProtocol.HelloMessage>(payload);
            if (hello.Version != LauncherProtocol.Version)
            {
                throw new SandboxUnavailableException($"The sandbox launcher speaks protocol {hello.Version}, the engine {LauncherProtocol.Version}: rebuild both.");
            }

            launcher.ContainerPid = hello.ContainerPid;
            return launcher;
        }
        catch (Exception e)
        {
            socket?.Dispose();
            Kill(process);
            if (e is SandboxUnavailableException || cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new SandboxUnavailableException($"The sandbox launcher failed to start: {e.Message} {Snapshot(stderr)}", e);
        }
    }

    /// <summary>Asks for a fresh work dir of the given size and a fresh cgroup. The answer is
    /// awaited by <see cref="EnsureReadyAsync"/>, so the reset overlaps with other work.</summary>
    public async Task RequestResetAsync(long workDirBytes, CancellationToken cancellationToken)
    {
        Prestarted = null;
        await SendAsync(LauncherProtocol.Frame(LauncherProtocol.Reset, (ulong)workDirBytes), cancellationToken).ConfigureAwait(false);
        _pendingReady++;
        WorkDirBytes = workDirBytes;
    }

    /// <summary>Asks the launcher to start <paramref name="prestart"/> (a PRESTART frame) after
    /// the reset under way, and to hold it for a RUN of the same kind. Nothing is answered: a
    /// process that fails to start is simply not used (the run then starts the usual way). A
    /// short synchronous send, so that the pool may call it on an idle container under its lock.</summary>
    public void StartPrestarted(byte[] prestart)
    {
        try
        {
            _socket.Send(prestart);
            Prestarted = prestart;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            IsBroken = true;
        }
    }

    /// <summary>Waits until every reset asked for (or promised after a run) is done.</summary>
    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        while (_pendingReady > 0)
        {
            var (type, payload, descriptor) = await ReadFrameWithDescriptorAsync(cancellationToken).ConfigureAwait(false);
            if (type != LauncherProtocol.Ready || descriptor is null)
            {
                descriptor?.Dispose();
                IsBroken = true;
                throw new SandboxUnavailableException($"Resetting the sandbox failed: " +
                    $"{(type == LauncherProtocol.Ready ? "READY came without the work dir's descriptor" : Describe(type, payload))}");
            }

            _workDirectory?.Dispose();
            _workDirectory = descriptor;
            _pendingReady--;
        }
    }

    /// <summary>Runs one program. The launcher never sends output past the request's cap, so the
    /// buffers here stay bounded. With <paramref name="resetAfter"/> (the flag must also be in the
    /// request) the launcher resets the slot on its own once the result is out.</summary>
    /// <remarks>
    /// The descriptors in <paramref name="handles"/> go with the request and are closed as soon as
    /// it is sent, so a pipe's other end sees end-of-file when the program (not the engine) closes it.</remarks>
    public async Task<LauncherOutcome> RunAsync(
        ReadOnlyMemory<byte> request,
        IReadOnlyList<SafeHandle> handles,
        bool resetAfter,
        TimeSpan watchdog,
        CancellationToken cancellationToken)
    {
        Prestarted = null; // used by this run, or ended by the launcher before it
        try
        {
            await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
            UnixInterop.SendWithDescriptors(_socket.SafeHandle, request.Span, handles.Select(h => (int)h.DangerousGetHandle()).ToArray());
        }
        catch (IOException e)
        {
            IsBroken = true;
            throw new SandboxUnavailableException($"The sandbox launcher stopped answering: {e.Message} {Snapshot(_stderr)}", e);
        }
        finally
        {
            foreach (var handle in handles)
            {
                handle.Dispose();
            }
        }

        var stdout = new ArrayBufferWriter<byte>();
        var stderr = new ArrayBufferWriter<byte>();
        // Cancellation asks the launcher to kill the run; its result still arrives and is read,
        // so the container stays in step and is reused.
        using var registration = cancellationToken.Register(() => _ = SendAsync(LauncherProtocol.Frame(LauncherProtocol.Kill), CancellationToken.None));
        using var watchdogTimer = new CancellationTokenSource(watchdog);
        try
        {
            while (true)
            {
                var (type, payload) = await ReadFrameAsync(watchdogTimer.Token).ConfigureAwait(false);
                switch (type)
                {
                    case LauncherProtocol.Stdout:
                        stdout.Write(payload);
                        break;
                    case LauncherProtocol.Stderr:
                        stderr.Write(payload);
                        break;
                    case LauncherProtocol.Result when payload.Length == Marshal.SizeOf<LauncherProtocol.RunResult>():
                        _pendingReady += resetAfter ? 1 : 0;
                        return new LauncherOutcome(MemoryMarshal.Read<LauncherProtocol.RunResult>(payload), stdout.WrittenSpan.ToArray(), stderr.WrittenSpan.ToArray());
                    default:
                        IsBroken = true;
                        throw new SandboxUnavailableException($"The sandbox launcher failed during a run: {Describe(type, payload)}");
                }
            }
        }
        catch (OperationCanceledException) when (watchdogTimer.IsCancellationRequested)
        {
            IsBroken = true;
            throw new SandboxUnavailableException($"The sandbox launcher did not finish a run within {watchdog.TotalSeconds:0} s of its wall limit. {Snapshot(_stderr)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Closing the socket is the launcher's signal to kill everything and exit.
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(_process);
            // Bounded: a launcher stuck in the kernel must not hang the engine's shutdown.
            _process.WaitForExit(TimeSpan.FromSeconds(5));
        }

        ExitCode = _process.HasExited ? _process.ExitCode : null;
        _process.Dispose();
        _workDirectory?.Dispose();
    }

    private async Task SendAsync(byte[] frame, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            IsBroken = true;
        }
    }

    /// <summary>Reads a frame with recvmsg, keeping the descriptor attached to its header (a plain
    /// read would close it). Only READY carries one; it is read only here.</summary>
    private async Task<(uint Type, byte[] Payload, SafeFileHandle? Descriptor)> ReadFrameWithDescriptorAsync(CancellationToken cancellationToken)
    {
        SafeFileHandle? descriptor = null;
        try
        {
            int count;
            do
            {
                // A peek waits for the frame without taking it (or its descriptor).
                if (await _socket.ReceiveAsync(_peek, SocketFlags.Peek, cancellationToken).ConfigureAwait(false) == 0)
                {
                    throw new EndOfStreamException("the launcher closed its socket");
                }

                count = UnixInterop.ReceiveWithDescriptor(_socket.SafeHandle, _header, out descriptor);
            }
            while (count < 0);

            if (count == 0)
            {
                throw new EndOfStreamException("the launcher closed its socket");
            }

            if (count < _header.Length)
            {
                await _stream.ReadExactlyAsync(_header.AsMemory(count), cancellationToken).ConfigureAwait(false);
            }

            var (type, payload) = await ReadFrameAsync(cancellationToken, headerRead: true).ConfigureAwait(false);
            return (type, payload, descriptor);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or SocketException)
        {
            descriptor?.Dispose();
            IsBroken = true;
            throw new SandboxUnavailableException($"The sandbox launcher stopped answering: {e.Message} {Snapshot(_stderr)}", e);
        }
        catch
        {
            descriptor?.Dispose();
            IsBroken = true;
            throw;
        }
    }

    private async Task<(uint Type, byte[] Payload)> ReadFrameAsync(CancellationToken cancellationToken, bool headerRead = false)
    {
        try
        {
            if (!headerRead)
            {
                await _stream.ReadExactlyAsync(_header, cancellationToken).ConfigureAwait(false);
            }

            var type = MemoryMarshal.Read<uint>(_header);
            var length = MemoryMarshal.Read<uint>(_header.AsSpan(4));
            if (length > 1 << 20)
            {
                throw new IOException($"frame of {length} bytes");
            }

            var payload = length == 0 ? [] : new byte[length];
            await _stream.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
            return (type, payload);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or SocketException)
        {
            IsBroken = true;
            throw new SandboxUnavailableException($"The sandbox launcher stopped answering: {e.Message} {Snapshot(_stderr)}", e);
        }
        catch (OperationCanceledException)
        {
            // A frame may be half read: this launcher is out of step for good.
            IsBroken = true;
            throw;
        }
    }

    private static void VerifyPeer(Socket socket, int expectedPid)
    {
        // Anyone on the host could connect to an abstract socket; only our child may.
        Span<byte> credentials = stackalloc byte[12];
        const int SolSocket = 1, SoPeerCred = 17;
        socket.GetRawSocketOption(SolSocket, SoPeerCred, credentials);
        var pid = MemoryMarshal.Read<int>(credentials);
        if (pid != expectedPid)
        {
            throw new SandboxUnavailableException($"An unexpected process (pid {pid}) connected to the launcher socket.");
        }
    }

    private static string Describe(uint type, byte[] payload) => type == LauncherProtocol.Error
        ? Encoding.UTF8.GetString(payload)
        : $"unexpected frame {type} of {payload.Length} bytes";

    private static string Snapshot(StringBuilder stderr)
    {
        lock (stderr)
        {
            return stderr.Length == 0 ? "" : $"(launcher said: {stderr.ToString().Trim()})";
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}

/// <summary>A run as the launcher reported it, before classification.</summary>
internal sealed record LauncherOutcome(LauncherProtocol.RunResult Result, byte[] Stdout, byte[] Stderr);
