using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Arbiter.Sandbox.Launcher;

/// <summary>The few Linux calls .NET does not expose: passing descriptors over a Unix socket,
/// memory-backed files, stat without following links, and creating, opening and reading files
/// relative to a directory descriptor without following links.</summary>
internal static unsafe partial class UnixInterop
{
    private const int SolSocket = 1;
    private const int ScmRights = 1;
    private const int Eintr = 4;
    private const int Eagain = 11;
    private const int MsgNoSignal = 0x4000;
    private const uint MfdCloexec = 1;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CmsgHdr
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint sendmsg(int fd, MsgHdr* msg, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint recvmsg(int fd, MsgHdr* msg, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int memfd_create(string name, uint flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int pipe2(int* fds, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint sendfile(int outFd, int inFd, long* offset, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial long lseek(int fd, long offset, int whence);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int openat(int dirfd, string path, int flags, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mkdirat(int dirfd, string path, uint mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fchown(int fd, int owner, int group);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fchmod(int fd, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lchown(string path, int owner, int group);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    /// <summary>Sends <paramref name="data"/> with <paramref name="fds"/> attached to its first byte.</summary>
    public static void SendWithDescriptors(SafeHandle socket, ReadOnlySpan<byte> data, ReadOnlySpan<int> fds)
    {
        var controlLength = Align(sizeof(CmsgHdr) + (sizeof(int) * fds.Length));
        var control = stackalloc byte[controlLength];
        new Span<byte>(control, controlLength).Clear();
        var header = (CmsgHdr*)control;
        header->Length = (nuint)(sizeof(CmsgHdr) + (sizeof(int) * fds.Length));
        header->Level = SolSocket;
        header->Type = ScmRights;
        fds.CopyTo(new Span<int>(control + sizeof(CmsgHdr), fds.Length));

        var added = false;
        socket.DangerousAddRef(ref added);
        try
        {
            var fd = (int)socket.DangerousGetHandle();
            var sent = 0;
            fixed (byte* bytes = data)
            {
                while (sent < data.Length)
                {
                    var iov = new IoVec { Base = bytes + sent, Length = (nuint)(data.Length - sent) };
                    var message = new MsgHdr { Iov = &iov, IovLength = 1 };
                    if (sent == 0 && fds.Length > 0)
                    {
                        message.Control = control;
                        message.ControlLength = (nuint)controlLength;
                    }

                    var n = sendmsg(fd, &message, MsgNoSignal);
                    if (n >= 0)
                    {
                        sent += (int)n;
                        continue;
                    }

                    var errno = Marshal.GetLastPInvokeError();
                    // .NET keeps its sockets non-blocking; a full buffer only means "try again".
                    if (errno == Eagain)
                    {
                        Thread.Sleep(1);
                    }
                    else if (errno != Eintr)
                    {
                        throw new IOException($"sendmsg to the launcher failed: {Marshal.GetPInvokeErrorMessage(errno)}");
                    }
                }
            }
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Receives what is waiting on <paramref name="socket"/> into <paramref name="buffer"/> without
    /// blocking, and the one descriptor attached to it, if any (close-on-exec; any further ones
    /// are closed). Returns the bytes read (0 at end of file) or -1 when nothing is waiting yet.
    /// </summary>
    public static int ReceiveWithDescriptor(SafeHandle socket, Span<byte> buffer, out SafeFileHandle? descriptor)
    {
        const int MsgDontWait = 0x40, MsgCmsgCloexec = 0x40000000;
        const int ControlLength = 64;
        var control = stackalloc byte[ControlLength];
        new Span<byte>(control, ControlLength).Clear();
        descriptor = null;
        var added = false;
        socket.DangerousAddRef(ref added);
        try
        {
            fixed (byte* bytes = buffer)
            {
                var iov = new IoVec { Base = bytes, Length = (nuint)buffer.Length };
                var message = new MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = ControlLength };
                nint n;
                do
                {
                    n = recvmsg((int)socket.DangerousGetHandle(), &message, MsgDontWait | MsgCmsgCloexec);
                }
                while (n < 0 && Marshal.GetLastPInvokeError() == Eintr);

                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    return errno == Eagain ? -1 : throw new IOException($"recvmsg from the launcher failed: {Marshal.GetPInvokeErrorMessage(errno)}");
                }

                var offset = 0;
                while (offset + sizeof(CmsgHdr) <= (int)message.ControlLength)
                {
                    var header = (CmsgHdr*)(control + offset);
                    if (header->Length < (nuint)sizeof(CmsgHdr))
                    {
                        break;
                    }

                    if (header->Level == SolSocket && header->Type == ScmRights)
                    {
                        var count = ((int)header->Length - sizeof(CmsgHdr)) / sizeof(int);
                        var fds = (int*)(control + offset + sizeof(CmsgHdr));
                        for (var i = 0; i < count; i++)
                        {
                            if (descriptor is null)
                            {
                                descriptor = new SafeFileHandle(fds[i], ownsHandle: true);
                            }
                            else
                            {
                                new SafeFileHandle(fds[i], ownsHandle: true).Dispose();
                            }
                        }
                    }

                    offset += Align((int)header->Length);
                }

                return (int)n;
            }
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }

    /// <summary>A file that lives in memory only, holding <paramref name="content"/>, read from offset 0.</summary>
    public static SafeFileHandle CreateMemoryFile(string name, ReadOnlySpan<byte> content)
    {
        var fd = memfd_create(name, MfdCloexec);
        if (fd < 0)
        {
            throw new IOException($"memfd_create failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        RandomAccess.Write(handle, content, 0);
        return handle;
    }

    /// <summary>
    /// A private in-memory copy of the file at <paramref name="path"/>, read from offset 0. The
    /// file is opened without .NET's advisory flock, and the program gets only the copy: a lock it
    /// takes on its stdin then locks nothing anyone else can see (a descriptor of the host file
    /// would let it hold an exclusive lock on a test input every other run must open).
    /// </summary>
    public static SafeFileHandle CopyToMemoryFile(string name, string path)
    {
        const int ORdonly = 0, OCloexec = 0x80000, Einval = 22, Enosys = 38;
        var source = open(path, ORdonly | OCloexec);
        if (source < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot open '{path}': {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        using var input = new SafeFileHandle(source, ownsHandle: true);
        var copy = CreateMemoryFile(name, []);
        try
        {
            var target = (int)copy.DangerousGetHandle();
            long copied = 0;
            while (true)
            {
                var n = sendfile(target, source, null, 1 << 30);
                if (n > 0)
                {
                    copied += n;
                    continue;
                }

                if (n == 0)
                {
                    break;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == Eintr)
                {
                    continue;
                }

                // A pipe or another file without splice support: copy it the slow way.
                if (copied == 0 && errno is Einval or Enosys)
                {
                    using var from = new FileStream(new SafeFileHandle(source, ownsHandle: false), FileAccess.Read);
                    using var to = new FileStream(new SafeFileHandle(target, ownsHandle: false), FileAccess.Write);
                    from.CopyTo(to);
                    break;
                }

                throw new IOException($"cannot read '{path}': {Marshal.GetPInvokeErrorMessage(errno)}");
            }

            // Both copies advanced the memory file's offset; the program reads from the start.
            if (lseek(target, 0, 0) < 0)
            {
                throw new IOException($"lseek failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }

            return copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    /// <summary>A pipe whose ends close on exec (they reach sandboxes only by being passed).</summary>
    public static (SafeFileHandle Reader, SafeFileHandle Writer) CreatePipe()
    {
        const int OCloexec = 0x80000;
        var fds = stackalloc int[2];
        if (pipe2(fds, OCloexec) < 0)
        {
            throw new IOException($"pipe2 failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        return (new SafeFileHandle(fds[0], ownsHandle: true), new SafeFileHandle(fds[1], ownsHandle: true));
    }

    /// <summary>Gives <paramref name="path"/> itself (never a link's target) to <paramref name="uid"/>.</summary>
    public static void ChangeOwner(string path, int uid)
    {
        if (lchown(path, uid, uid) < 0)
        {
            throw new IOException($"chown {path} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    private const int ORdonly = 0, OWronly = 1, OCreat = 0x40, OTrunc = 0x200, ONonblock = 0x800, ODirectory = 0x10000, ONofollow = 0x20000, OCloexecFlag = 0x80000;
    private const int Eexist = 17;

    /// <summary>Opens the directory <paramref name="name"/> in <paramref name="parent"/>, first
    /// creating it (owned by <paramref name="owner"/>) if it is missing. A link there is refused
    /// (ELOOP/ENOTDIR), never followed.</summary>
    public static SafeFileHandle OpenOrCreateDirectoryAt(SafeFileHandle parent, string name, int owner)
    {
        var at = (int)parent.DangerousGetHandle();
        var created = mkdirat(at, name, 0x1ED) == 0; // 0755
        if (!created && Marshal.GetLastPInvokeError() != Eexist)
        {
            throw Failure($"mkdir {name}");
        }

        var directory = Opened(openat(at, name, ORdonly | ODirectory | ONofollow | OCloexecFlag, 0), name);
        if (created && fchown((int)directory.DangerousGetHandle(), owner, owner) < 0)
        {
            directory.Dispose();
            throw Failure($"chown {name}");
        }

        return directory;
    }

    /// <summary>Creates or truncates the regular file <paramref name="name"/> in
    /// <paramref name="parent"/> with <paramref name="mode"/>, owned by <paramref name="owner"/>.
    /// A link there is refused, never followed; a FIFO or socket is refused without blocking.</summary>
    public static SafeFileHandle CreateFileAt(SafeFileHandle parent, string name, uint mode, int owner)
    {
        var file = Opened(openat((int)parent.DangerousGetHandle(), name, OWronly | OCreat | OTrunc | ONofollow | ONonblock | OCloexecFlag, mode), name);
        var fd = (int)file.DangerousGetHandle();
        if (fchmod(fd, mode) < 0 || fchown(fd, owner, owner) < 0)
        {
            file.Dispose();
            throw Failure($"chmod/chown {name}");
        }

        return file;
    }

    /// <summary>Opens the directory <paramref name="path"/>; its last segment must not be a link.</summary>
    public static SafeFileHandle OpenDirectory(string path) =>
        Opened(open(path, ORdonly | ODirectory | ONofollow | OCloexecFlag), path);

    /// <summary>Opens the existing directory <paramref name="name"/> in <paramref name="parent"/>;
    /// a link there is refused, never followed.</summary>
    public static SafeFileHandle OpenDirectoryAt(SafeFileHandle parent, string name) =>
        Opened(openat((int)parent.DangerousGetHandle(), name, ORdonly | ODirectory | ONofollow | OCloexecFlag, 0), name);

    /// <summary>Opens the regular file <paramref name="name"/> in <paramref name="parent"/> for
    /// reading; a link is refused, a FIFO never blocks.</summary>
    public static SafeFileHandle OpenFileForReadingAt(SafeFileHandle parent, string name) =>
        Opened(openat((int)parent.DangerousGetHandle(), name, ORdonly | ONofollow | ONonblock | OCloexecFlag, 0), name);

    private static SafeFileHandle Opened(int fd, string name) => fd < 0 ? throw Failure($"open {name}") : new SafeFileHandle(fd, ownsHandle: true);

    private static IOException Failure(string what) => new($"{what}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");

    /// <summary>The type and size of <paramref name="name"/> in <paramref name="parent"/> itself
    /// (a link is reported as a link).</summary>
    public static (UnixFileKind Kind, long Size) StatNoFollowAt(SafeFileHandle parent, string name)
    {
        // statx's layout is the same on every architecture, unlike struct stat.
        var buffer = stackalloc byte[256];
        if (statx((int)parent.DangerousGetHandle(), name, AtSymlinkNoFollow, StatxType | StatxSize, buffer) < 0)
        {
            return (UnixFileKind.Missing, 0);
        }

        var mode = *(ushort*)(buffer + 28) & 0xF000;
        var size = *(long*)(buffer + 40);
        var kind = mode switch
        {
            0x8000 => UnixFileKind.Regular,
            0x4000 => UnixFileKind.Directory,
            0xA000 => UnixFileKind.Symlink,
            _ => UnixFileKind.Other,
        };
        return (kind, size);
    }

    private static int Align(int length) => (length + 7) & ~7;
}

internal enum UnixFileKind
{
    Missing,
    Regular,
    Directory,
    Symlink,
    Other,
}
