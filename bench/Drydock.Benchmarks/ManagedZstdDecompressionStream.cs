using Drydock.Images.Layers;
using ZstdSharp.Unsafe;

namespace Drydock.Benchmarks;

/// <summary>
/// The candidate of bench/zstd: Drydock's zstd stream (same buffers, same frame-end check) on ZstdSharp.Port, a managed
/// port of the reference library, instead of libzstd through P/Invoke. Measured slower (README, "zstd"), so Drydock
/// keeps libzstd; this stays here to repeat the measurement.
/// </summary>
internal sealed unsafe class ManagedZstdDecompressionStream : ReadOnlyForwardStream
{
    private const int InputSize = 1 << 17;

    private readonly Stream _inner;
    private readonly byte[] _input = new byte[InputSize];
    private readonly byte[] _output = new byte[1 << 17];
    private ZSTD_DCtx_s* _context;
    private int _inputStart;
    private int _inputEnd;
    private bool _innerDone;
    private int _outputStart;
    private int _outputEnd;
    private bool _frameComplete = true;

    public ManagedZstdDecompressionStream(Stream inner)
    {
        _inner = inner;
        _context = Methods.ZSTD_createDCtx();
        if (_context == null)
        {
            throw new InvalidDataException("zstd: could not create a decompression context.");
        }
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_context == null, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }
        while (_outputStart == _outputEnd)
        {
            if (_inputStart >= _inputEnd && !_innerDone)
            {
                _inputEnd = _inner.Read(_input, 0, _input.Length);
                _inputStart = 0;
                _innerDone = _inputEnd == 0;
            }
            if (_inputStart >= _inputEnd && _innerDone)
            {
                return _frameComplete ? 0 : throw new InvalidDataException("The zstd stream ends in the middle of a frame (truncated layer).");
            }
            nuint result;
            fixed (byte* input = _input)
            fixed (byte* output = _output)
            {
                var inBuffer = new ZSTD_inBuffer_s { src = input, size = (nuint)_inputEnd, pos = (nuint)_inputStart };
                var outBuffer = new ZSTD_outBuffer_s { dst = output, size = (nuint)_output.Length, pos = 0 };
                result = Methods.ZSTD_decompressStream(_context, &outBuffer, &inBuffer);
                _inputStart = (int)inBuffer.pos;
                _outputStart = 0;
                _outputEnd = (int)outBuffer.pos;
            }
            // zstd's error codes are the last values of size_t: -1 … -ZSTD_error_maxCode.
            if (result > unchecked((nuint)(-(nint)ZSTD_ErrorCode.ZSTD_error_maxCode)))
            {
                throw new InvalidDataException($"zstd: {(ZSTD_ErrorCode)(int)(0 - result)}");
            }
            // 0 means a frame was completely decoded and flushed; anything else is a hint that more input is due.
            _frameComplete = result == 0;
        }
        var count = Math.Min(buffer.Length, _outputEnd - _outputStart);
        _output.AsSpan(_outputStart, count).CopyTo(buffer);
        _outputStart += count;
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        if (_context != null)
        {
            _ = Methods.ZSTD_freeDCtx(_context);
            _context = null;
        }
        base.Dispose(disposing);
    }
}
