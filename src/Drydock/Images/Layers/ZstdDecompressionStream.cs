using System.Runtime.InteropServices;

namespace Drydock.Images.Layers;

/// <summary>
/// Streaming zstd decompression through the system's libzstd (Debian's libzstd1; .NET has no zstd of its own).
/// Buffers are pinned once for the stream's lifetime; memory stays at the two buffers plus libzstd's window.
/// </summary>
internal sealed partial class ZstdDecompressionStream : ReadOnlyForwardStream
{
    private const string Library = "libzstd.so.1";

    private readonly Stream _inner;
    private readonly byte[] _input;
    private readonly GCHandle _inputHandle;
    private IntPtr _context;
    private InBuffer _in;
    private bool _innerDone;
    private readonly byte[] _output = new byte[1 << 17];
    private readonly GCHandle _outputHandle;
    private int _outputStart;
    private int _outputEnd;
    private bool _frameComplete = true;

    public ZstdDecompressionStream(Stream inner)
    {
        _inner = inner;
        try
        {
            _context = Native.ZSTD_createDStream();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new DrydockException(
                "This layer is zstd-compressed and the zstd library (libzstd.so.1) is not installed.",
                null,
                "Install it (`apt-get install libzstd1`) or re-push the image with gzip layers.",
                ex);
        }
        if (_context == IntPtr.Zero)
        {
            throw new InvalidDataException("libzstd could not create a decompression context.");
        }
        _input = new byte[(int)Math.Min((ulong)Native.ZSTD_DStreamInSize(), 1 << 20)];
        _inputHandle = GCHandle.Alloc(_input, GCHandleType.Pinned);
        _outputHandle = GCHandle.Alloc(_output, GCHandleType.Pinned);
        _in = new InBuffer { Source = _inputHandle.AddrOfPinnedObject(), Size = 0, Position = 0 };
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_context == IntPtr.Zero, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }
        while (_outputStart == _outputEnd)
        {
            if (_in.Position >= _in.Size && !_innerDone)
            {
                var read = _inner.Read(_input, 0, _input.Length);
                _innerDone = read == 0;
                _in.Size = (nuint)read;
                _in.Position = 0;
            }
            if (_in.Position >= _in.Size && _innerDone)
            {
                return _frameComplete ? 0 : throw new InvalidDataException("The zstd stream ends in the middle of a frame (truncated layer).");
            }
            var output = new OutBuffer { Destination = _outputHandle.AddrOfPinnedObject(), Size = (nuint)_output.Length, Position = 0 };
            var result = Native.ZSTD_decompressStream(_context, ref output, ref _in);
            if (Native.ZSTD_isError(result) != 0)
            {
                throw new InvalidDataException($"zstd: {Marshal.PtrToStringAnsi(Native.ZSTD_getErrorName(result))}");
            }
            // 0 means a frame was completely decoded and flushed; anything else is a hint that more input is due.
            _frameComplete = result == 0;
            _outputStart = 0;
            _outputEnd = (int)output.Position;
        }
        var count = Math.Min(buffer.Length, _outputEnd - _outputStart);
        _output.AsSpan(_outputStart, count).CopyTo(buffer);
        _outputStart += count;
        return count;
    }


    protected override void Dispose(bool disposing)
    {
        if (_context != IntPtr.Zero)
        {
            _ = Native.ZSTD_freeDStream(_context);
            _context = IntPtr.Zero;
            _inputHandle.Free();
            _outputHandle.Free();
        }
        base.Dispose(disposing);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct InBuffer
    {
        public IntPtr Source;
        public nuint Size;
        public nuint Position;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct OutBuffer
    {
        public IntPtr Destination;
        public nuint Size;
        public nuint Position;
    }

    private static class Native
    {
        [DllImport(Library)]
        public static extern IntPtr ZSTD_createDStream();

        [DllImport(Library)]
        public static extern nuint ZSTD_freeDStream(IntPtr context);

        [DllImport(Library)]
        public static extern nuint ZSTD_DStreamInSize();

        [DllImport(Library)]
        public static extern nuint ZSTD_decompressStream(IntPtr context, ref OutBuffer output, ref InBuffer input);

        [DllImport(Library)]
        public static extern uint ZSTD_isError(nuint code);

        [DllImport(Library)]
        public static extern IntPtr ZSTD_getErrorName(nuint code);
    }
}
