using System.ComponentModel.DataAnnotations;
using Arbiter.Sandbox.Host;
using Arbiter.Sandbox.Launcher;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Arbiter.Sandbox;

/// <summary>
/// Runs programs in a pool of warm containers, at most <see cref="SandboxOptions.MaxParallel"/> at
/// once; further requests wait their turn in order. Between two runs a container kills every
/// process of the previous run, empties /box and /tmp, and takes a fresh cgroup and a fresh IPC
/// namespace, so runs share nothing but the read-only host view (and the container's uid).
/// Runs that ask for the network get a one-off container outside the pool. Runs that must go
/// side by side take their slots together (<see cref="ReserveAsync"/>). Idle containers may hold
/// a process started ahead of its run (<see cref="SandboxRequest.Prestart"/>,
/// <see cref="SandboxOptions.PrestartedProcesses"/>).
/// </summary>
public sealed partial class SandboxPool : ISandbox, IAsyncDisposable
{
    private static readonly TimeSpan WatchdogMargin = TimeSpan.FromSeconds(10);

    private readonly SandboxOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly SemaphoreSlim _reserving = new(1, 1);
    private readonly List<Slot> _idle = []; // locked on itself; longest idle first
    private readonly Lazy<HostSetup> _host;
    private readonly IReadOnlyList<string> _diagnoseWithout = [];
    private int _containers;
    private int _live; // containers alive or being started, whoever holds them
    private volatile bool _disposed;

    /// <summary>A pool whose containers leave parts of the lockdown off (launcher names:
    /// seccomp, memory-cgroup, namespaces, rlimits, uid), for <c>arbiter bench sandbox
    /// --diagnose</c> alone: internal, and no option or configuration leads here.</summary>
    internal SandboxPool(SandboxOptions options, IReadOnlyList<string> diagnoseWithout)
        : this(options) => _diagnoseWithout = diagnoseWithout;

    public SandboxPool(SandboxOptions options, ILogger<SandboxPool>? logger = null)
    {
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        _options = options;
        _logger = logger ?? NullLogger<SandboxPool>.Instance;
        _slots = new SemaphoreSlim(options.MaxParallel, options.MaxParallel);
        _host = new Lazy<HostSetup>(() => HostSetup.Create(options), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public int Capacity => _options.MaxParallel;

    /// <summary>Runs in flight now (including containers being reset between runs).</summary>
    public int Busy => _disposed ? 0 : _options.MaxParallel - _slots.CurrentCount;

    /// <summary>The cgroup version in use (1 or 2); sets the host up if it was not yet.</summary>
    public int CgroupVersion => _host.Value.Cgroups.Version;

    /// <summary>Starts up to <paramref name="count"/> containers ahead of the first runs.</summary>
    public async Task WarmUpAsync(int count, CancellationToken cancellationToken = default)
    {
        count = Math.Min(count, _options.MaxParallel);
        var warm = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            warm.Add(Task.Run(async () =>
            {
                try
                {
                    PutIdle(await CreateSlotAsync(network: false, SandboxLimits.Default.WorkDirBytes, cancellationToken).ConfigureAwait(false), prestart: null);
                }
                finally
                {
                    _slots.Release();
                }
            }, cancellationToken));
        }

        await Task.WhenAll(warm).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var prepared = Prepare(request);

        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunHoldingSlotAsync(request, prepared, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <inheritdoc />
    public async Task<ISandboxReservation> ReserveAsync(int runs, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(runs, Capacity);
        ObjectDisposedException.ThrowIf(_disposed, this);

        // One reservation gathers slots at a time, so at most one caller ever holds part of what
        // it needs; everyone else holds either nothing or all of it and will give it back. Single
        // runs go on meanwhile, and the semaphore serves waiters in order, so the gatherer is not
        // starved by runs that came after it.
        await _reserving.WaitAsync(cancellationToken).ConfigureAwait(false);
        var taken = 0;
        try
        {
            for (; taken < runs; taken++)
            {
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            if (taken > 0)
            {
                _slots.Release(taken);
            }

            throw;
        }
        finally
        {
            _reserving.Release();
        }

        return new SandboxReservation(this, runs);
    }

    /// <summary>Runs in a slot the caller already holds (its semaphore count taken).</summary>
    internal Task<SandboxResult> RunReservedAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return RunHoldingSlotAsync(request, Prepare(request), cancellationToken);
    }

    /// <summary>Gives back slots a reservation held.</summary>
    internal void ReleaseReserved(int runs) => _slots.Release(runs);

    private async Task<SandboxResult> RunHoldingSlotAsync(SandboxRequest request, PreparedRun prepared, CancellationToken cancellationToken)
    {
        Slot? slot = null;
        var slotIsClean = false;
        try
        {
            slot = await AcquireSlotAsync(request, prepared.Prestart, cancellationToken).ConfigureAwait(false);
            (var result, slotIsClean) = await RunInSlotAsync(slot, request, prepared, cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            if (slot is not null)
            {
                await ReturnSlotAsync(slot, slotIsClean, prepared.Prestart).ConfigureAwait(false);
            }
        }
    }

    /// <summary>For tests: waits until no run is in flight and every container finished its
    /// reset, ends the processes containers hold for future runs (with a reset: what a real run
    /// would find after them), then tells the uids, cgroup directories and containers (their
    /// launchers' host pids) in use.</summary>
    internal async Task<(IReadOnlyList<int> Uids, IReadOnlyList<string> CgroupDirectories, IReadOnlyList<int> ContainerPids)> QuiesceAsync()
    {
        for (var i = 0; i < _options.MaxParallel; i++)
        {
            await _slots.WaitAsync().ConfigureAwait(false);
        }

        try
        {
            Slot[] slots;
            lock (_idle)
            {
                slots = [.. _idle];
            }

            foreach (var slot in slots)
            {
                if (slot.Launcher.Prestarted is not null)
                {
                    await slot.Launcher.RequestResetAsync(slot.Launcher.WorkDirBytes, CancellationToken.None).ConfigureAwait(false);
                }

                await slot.Launcher.EnsureReadyAsync(CancellationToken.None).ConfigureAwait(false);
            }

            var directories = _host.IsValueCreated ? _host.Value.Cgroups.Directories.Select(d => d.Path).ToList() : [];
            return (slots.Select(s => s.Uid).ToList(), directories, slots.Select(s => s.Launcher.ContainerPid).ToList());
        }
        finally
        {
            _slots.Release(_options.MaxParallel);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        // Wait for running and recycling containers to come back, then stop them all.
        for (var i = 0; i < _options.MaxParallel; i++)
        {
            await _slots.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }

        Slot[] idle;
        lock (_idle)
        {
            idle = [.. _idle];
            _idle.Clear();
        }

        foreach (var slot in idle)
        {
            await slot.DisposeAsync().ConfigureAwait(false);
        }

        if (_host.IsValueCreated)
        {
            _host.Value.Cgroups.Remove();
        }

        _slots.Dispose();
        _reserving.Dispose();
    }

    /// <summary>A request checked and put in the launcher's terms; <c>Prestart</c> is the PRESTART
    /// frame of its pre-started kind, null when it may not use one.</summary>
    private sealed record PreparedRun(List<string> Argv, List<string> Env, string Cwd, byte[]? Prestart);

    private PreparedRun Prepare(SandboxRequest request)
    {
        var errors = request.Limits.Validate().ToList();
        if (string.IsNullOrEmpty(request.Program))
        {
            errors.Add("the program must not be empty");
        }

        var argv = new List<string>(request.Arguments.Count + 1) { request.Program };
        argv.AddRange(request.Arguments);
        if (argv.Any(a => a.Contains('\0', StringComparison.Ordinal)))
        {
            errors.Add("arguments must not contain NUL characters");
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = "/box",
            ["TMPDIR"] = "/tmp",
            ["LANG"] = "C.UTF-8",
        };
        foreach (var (key, value) in request.Environment)
        {
            if (key.Length == 0 || key.Contains('=', StringComparison.Ordinal) || key.Contains('\0', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add($"environment variable '{key.Replace("\0", "\\0", StringComparison.Ordinal)}' has an invalid name or value");
            }

            env[key] = value;
        }

        errors.AddRange(request.Files.Select(f => WorkDirFiles.Problem(f.Name))
            .Concat(request.CollectFiles.Select(WorkDirFiles.Problem))
            .Concat(request.Directories.Select(WorkDirFiles.Problem))
            .OfType<string>());
        if (request.WorkingDirectory.Length > 0 && WorkDirFiles.Problem(request.WorkingDirectory) is { } cwdProblem)
        {
            errors.Add("working directory: " + cwdProblem);
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid sandbox request: " + string.Join("; ", errors) + ".", nameof(request));
        }

        if (request.Prestart is { } prestart && (prestart.Count == 0 || prestart.Any(a => a.Contains('\0', StringComparison.Ordinal))))
        {
            throw new ArgumentException("Invalid sandbox request: the prestart command must be a program and arguments without NUL characters.", nameof(request));
        }

        var cwd = request.WorkingDirectory.Length == 0 ? "/box" : "/box/" + request.WorkingDirectory;
        var environment = env.Select(e => $"{e.Key}={e.Value}").ToList();
        // A pre-started process gets its stdin as a copy in its own memfd and its output through
        // pipes: a pipe given as stdin or stdout (interactive runs) goes the usual way.
        var prestartFrame = request.Prestart is { } command
            && _options.PrestartedProcesses > 0
            && !request.Network
            && request.StdoutTo is null
            && request.Stdin is not SandboxInput.HandleInput
            ? RunFrame.EncodePrestart(request.Limits, cwd, command, environment)
            : null;
        return new PreparedRun(argv, environment, cwd, prestartFrame);
    }

    /// <summary>Runs in a ready slot; also says whether the slot's work dir is already being
    /// reset (no files to collect) or still holds this run's files.</summary>
    private async Task<(SandboxResult Result, bool SlotIsClean)> RunInSlotAsync(
        Slot slot,
        SandboxRequest request,
        PreparedRun prepared,
        CancellationToken cancellationToken)
    {
        var launcher = slot.Launcher;
        try
        {
            WorkDirFiles.CopyIn(launcher.WorkDirectory, request.Files, slot.Uid);
            foreach (var directory in request.Directories.Append(request.WorkingDirectory))
            {
                WorkDirFiles.CreateDirectories(launcher.WorkDirectory, directory, slot.Uid);
            }
        }
        catch (IOException e)
        {
            throw new ArgumentException($"The files cannot be written to the work dir of {request.Limits.WorkDirBytes} bytes: {e.Message}", nameof(request), e);
        }

        var resetAfter = request.CollectFiles.Count == 0;
        Microsoft.Win32.SafeHandles.SafeFileHandle? stdin;
        try
        {
            stdin = OpenStdin(request.Stdin);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The engine's own failure (a vanished or unreadable input), never the program's.
            return (new SandboxResult { Status = RunStatus.IE, Message = $"cannot read the standard input: {e.Message}" }, false);
        }

        var handles = new List<System.Runtime.InteropServices.SafeHandle>(2);
        handles.AddRange(stdin is null ? [] : [stdin]);
        handles.AddRange(request.StdoutTo is null ? [] : [request.StdoutTo]);
        // The launcher checks again that the held process was started with this run's limits,
        // cwd and environment, and that it is alive; if not, the run starts the usual way.
        var usePrestarted = prepared.Prestart is { } kind && launcher.Prestarted is { } held && held.AsSpan().SequenceEqual(kind);
        var frame = RunFrame.Encode(
            request.Limits,
            prepared.Cwd,
            prepared.Argv,
            prepared.Env,
            stdinFd: stdin is not null,
            resetAfter,
            stdoutFd: request.StdoutTo is not null,
            usePrestarted);
        LauncherOutcome outcome;
        try
        {
            outcome = await launcher.RunAsync(frame, handles, resetAfter, request.Limits.WallTime + WatchdogMargin, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (SandboxUnavailableException e) when (launcher.IsBroken)
        {
            LogLauncherFailed(_logger, launcher.ContainerPid, e.Message);
            return (new SandboxResult { Status = RunStatus.IE, Message = e.Message }, false);
        }

        if (outcome.Result.End == LauncherProtocol.EndKilled)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        var problems = new List<string>();
        var files = resetAfter
            ? new Dictionary<string, byte[]>()
            : WorkDirFiles.CopyOut(launcher.WorkDirectory, request.CollectFiles, request.CollectFileMaxBytes, problems);
        return (ResultClassifier.Classify(outcome, request.Limits, request.Program, files, problems), resetAfter);
    }

    private static Microsoft.Win32.SafeHandles.SafeFileHandle? OpenStdin(SandboxInput input) => input switch
    {
        SandboxInput.BytesInput bytes => UnixInterop.CreateMemoryFile("stdin", bytes.Bytes.Span),
        SandboxInput.FileInput file => UnixInterop.CopyToMemoryFile("stdin", file.Path),
        SandboxInput.HandleInput handle => handle.Handle,
        _ => null,
    };

    /// <summary>An idle container made ready for this request, or a new one.</summary>
    private async Task<Slot> AcquireSlotAsync(SandboxRequest request, byte[]? prestart, CancellationToken cancellationToken)
    {
        var workDirBytes = request.Limits.WorkDirBytes;
        while (!request.Network && TakeIdle(prestart) is { } idle)
        {
            try
            {
                if (idle.Launcher.WorkDirBytes != workDirBytes)
                {
                    await idle.Launcher.RequestResetAsync(workDirBytes, cancellationToken).ConfigureAwait(false);
                }

                await idle.Launcher.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
                return idle;
            }
            catch (SandboxUnavailableException e)
            {
                LogLauncherFailed(_logger, idle.Launcher.ContainerPid, e.Message);
                await idle.DisposeAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await idle.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return await CreateSlotAsync(request.Network, workDirBytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a container (counted in <c>_live</c> unless <paramref name="counted"/>:
    /// the caller did) with a fresh work dir of <paramref name="workDirBytes"/>.</summary>
    /// <param name="network">Share the host's network (a one-off container).</param>
    /// <param name="workDirBytes">Size of the first work dir.</param>
    /// <param name="cancellationToken">Stops waiting for the launcher.</param>
    /// <param name="counted">The caller already counted it in <c>_live</c>.</param>
    private async Task<Slot> CreateSlotAsync(bool network, long workDirBytes, CancellationToken cancellationToken, bool counted = false)
    {
        if (!counted)
        {
            Interlocked.Increment(ref _live);
        }

        Slot? slot = null;
        UidLease lease;
        try
        {
            lease = _host.Value.Uids.Acquire();
        }
        catch
        {
            Interlocked.Decrement(ref _live);
            throw;
        }

        var host = _host.Value;
        try
        {
            var number = Interlocked.Increment(ref _containers);
            var arguments = new List<string>
            {
                "--root", host.RootMountPoint,
                "--uid", lease.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--gid", lease.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--hostname", _options.Hostname,
                "--cgroup-prefix", $"s{number}-",
            };
            arguments.AddRange(host.Cgroups.LauncherArguments);
            arguments.AddRange(_diagnoseWithout.SelectMany(part => new[] { "--diagnose-without", part }));
            arguments.AddRange(network ? host.NetworkView : host.View);
            if (network)
            {
                arguments.Add("--network");
            }

            var launcher = await LauncherProcess.StartAsync(host.LauncherPath, arguments, cancellationToken).ConfigureAwait(false);
            slot = new Slot(launcher, lease, network, _logger, () => Interlocked.Decrement(ref _live));
            try
            {
                await launcher.RequestResetAsync(workDirBytes, cancellationToken).ConfigureAwait(false);
                await launcher.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await slot.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            LogContainerStarted(_logger, launcher.ContainerPid, lease.Uid, network);
            return slot;
        }
        catch
        {
            lease.Dispose();
            if (slot is null)
            {
                Interlocked.Decrement(ref _live); // else the slot's disposal did
            }

            throw;
        }
    }

    /// <summary>Puts a container back in the pool, its reset under way, or stops it.</summary>
    private async Task ReturnSlotAsync(Slot slot, bool resetUnderWay, byte[]? prestart)
    {
        if (!slot.Network && !slot.Launcher.IsBroken && !_disposed && !resetUnderWay)
        {
            await slot.Launcher.RequestResetAsync(slot.Launcher.WorkDirBytes, CancellationToken.None).ConfigureAwait(false);
        }

        if (slot.Network || slot.Launcher.IsBroken || _disposed)
        {
            await slot.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            PutIdle(slot, prestart);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sandbox container {ContainerPid} started (uid {Uid}, network {Network})")]
    private static partial void LogContainerStarted(ILogger logger, int containerPid, int uid, bool network);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sandbox container {ContainerPid} failed and is replaced: {Reason}")]
    private static partial void LogLauncherFailed(ILogger logger, int containerPid, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox launcher of container {ContainerPid} exited with code {ExitCode}: {Stderr}")]
    private static partial void LogLauncherExited(ILogger logger, int containerPid, int? exitCode, string stderr);

    /// <summary>A container and the uid it holds.</summary>
    private sealed class Slot(LauncherProcess launcher, UidLease lease, bool network, ILogger logger, Action disposed) : IAsyncDisposable
    {
        private int _disposed;

        public LauncherProcess Launcher { get; } = launcher;

        public bool Network { get; } = network;

        public int Uid => lease.Uid;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            disposed();
            await Launcher.DisposeAsync().ConfigureAwait(false);
            lease.Dispose();
            // A launcher that stops cleanly exits 0 and says nothing.
            if (Launcher.ExitCode != 0 || Launcher.StandardError.Length > 0)
            {
                LogLauncherExited(logger, Launcher.ContainerPid, Launcher.ExitCode, Launcher.StandardError.Trim());
            }
        }
    }

    /// <summary>What the host offers, found once: cgroups, uids, the launcher and the view.</summary>
    private sealed record HostSetup(
        CgroupLayout Cgroups,
        UidAllocator Uids,
        string LauncherPath,
        string RootMountPoint,
        IReadOnlyList<string> View,
        IReadOnlyList<string> NetworkView)
    {
        public static HostSetup Create(SandboxOptions options)
        {
            if (!OperatingSystem.IsLinux())
            {
                throw new SandboxUnavailableException("Arbiter's sandbox needs Linux.");
            }

            if (!Environment.IsPrivilegedProcess)
            {
                throw new SandboxUnavailableException("Arbiter's sandbox needs root: it creates namespaces, " +
                    "mounts and cgroups for each program (the programs themselves never run as root).");
            }

            var launcher = options.LauncherPath ?? Path.Combine(AppContext.BaseDirectory, "arbiter-launcher");
            var root = Path.Combine(options.RuntimeDirectory, "root");
            Directory.CreateDirectory(root);
            var cgroups = CgroupLayout.Create(File.ReadAllText("/proc/self/mountinfo"), File.ReadAllText("/proc/self/cgroup"));
            return new HostSetup(
                cgroups,
                new UidAllocator(Path.Combine(options.RuntimeDirectory, "uids"), options.UidBase),
                launcher,
                root,
                ContainerView.LauncherArguments(options, network: false),
                ContainerView.LauncherArguments(options, network: true));
        }
    }
}
