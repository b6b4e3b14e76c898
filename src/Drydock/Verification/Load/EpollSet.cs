using System.ComponentModel;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Drydock.Verification.Load;

/// <summary>
/// One Linux epoll set of sockets, the readiness API wrk's event loop is built on, level-triggered. Each socket is
/// registered with a caller's token (an index) that comes back with its events. <c>struct epoll_event</c> is
/// <c>{ uint32 events; uint64 data; }</c>, packed to 12 bytes on x86-64 and 16 bytes on arm64, so events are read
/// and written at computed offsets.
/// </summary>
internal sealed unsafe class EpollSet : IDisposable
{
    public const uint Readable = 0x001;
    public const uint Writable = 0x004;
    public const uint Error = 0x008;
    public const uint HangUp = 0x010;

    private const int CloseOnExec = 0x80000;
    private const int AddOperation = 1;
    private const int DeleteOperation = 2;
    private const int ModifyOperation = 3;
    private const int Interrupted = 4;

    private static readonly int Stride = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int DataOffset = Stride == 12 ? 4 : 8;
    private static readonly Lazy<bool> Available = new(Probe);

    private readonly int _fd;
    private readonly byte[] _events;
    private bool _disposed;

    public EpollSet(int capacity)
    {
        _fd = epoll_create1(CloseOnExec);
        if (_fd < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError());
        }
        _events = new byte[Math.Max(1, capacity) * Stride];
    }

    /// <summary>Linux on x86-64 or arm64 with glibc's epoll; elsewhere the generator uses its task-based loop.</summary>
    public static bool IsSupported => Available.Value;

    public void Add(Socket socket, int token, uint events) => Control(AddOperation, socket, token, events);

    public void Change(Socket socket, int token, uint events) => Control(ModifyOperation, socket, token, events);

    public void Remove(Socket socket) => Control(DeleteOperation, socket, 0, 0);

    /// <summary>Waits up to <paramref name="timeoutMs"/> for events; returns how many (0 on timeout or a signal).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Wait(int timeoutMs)
    {
        int count;
        fixed (byte* events = _events)
        {
            count = epoll_wait(_fd, events, _events.Length / Stride, timeoutMs);
        }
        if (count >= 0)
        {
            return count;
        }
        var errno = Marshal.GetLastPInvokeError();
        return errno == Interrupted ? 0 : throw new Win32Exception(errno);
    }

    /// <summary>The token and events of the <paramref name="index"/>-th event of the last <see cref="Wait"/>.</summary>
    public (int Token, uint Events) this[int index]
    {
        get
        {
            var offset = index * Stride;
            return ((int)BitConverter.ToUInt64(_events, offset + DataOffset), BitConverter.ToUInt32(_events, offset));
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _ = close(_fd);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Control(int operation, Socket socket, int token, uint events)
    {
        var entry = stackalloc byte[16];
        *(uint*)entry = events;
        *(ulong*)(entry + DataOffset) = (ulong)token;
        if (epoll_ctl(_fd, operation, (int)socket.SafeHandle.DangerousGetHandle(), entry) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError());
        }
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            return false;
        }
        try
        {
            new EpollSet(1).Dispose();
            return true;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException or Win32Exception)
        {
            // Not glibc (e.g. musl) or epoll refused: the task-based loop still works.
            return false;
        }
    }

#pragma warning disable SA1300, IDE1006 // libc's own names
    [DllImport("libc.so.6", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int epoll_create1(int flags);

    [DllImport("libc.so.6", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int epoll_ctl(int epfd, int op, int fd, byte* @event);

    [DllImport("libc.so.6", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int epoll_wait(int epfd, byte* events, int maxevents, int timeout);

    [DllImport("libc.so.6", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int close(int fd);
#pragma warning restore SA1300, IDE1006
}
