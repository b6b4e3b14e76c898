namespace Drydock.Images.Layers;

/// <summary>A read-only forward stream that can look at its first bytes before anyone reads them (format sniffing).</summary>
internal sealed class PeekStream(Stream inner, bool leaveOpen = true) : ReadOnlyForwardStream
{
    private byte[] _head = [];
    private int _headLength;
    private int _headPosition;
    private long _position;

    /// <summary>Up to <paramref name="count"/> leading bytes (fewer at the end of the stream), without consuming them.</summary>
    public ReadOnlySpan<byte> Peek(int count)
    {
        if (_position != 0)
        {
            throw new InvalidOperationException("Peek is only possible before the first read.");
        }
        if (_head.Length < count)
        {
            Array.Resize(ref _head, count);
        }
        while (_headLength < count)
        {
            var read = inner.Read(_head, _headLength, count - _headLength);
            if (read == 0)
            {
                break;
            }
            _headLength += read;
        }
        return _head.AsSpan(0, Math.Min(count, _headLength));
    }

    public override int Read(Span<byte> buffer)
    {
        int read;
        if (_headPosition < _headLength)
        {
            read = Math.Min(buffer.Length, _headLength - _headPosition);
            _head.AsSpan(_headPosition, read).CopyTo(buffer);
            _headPosition += read;
        }
        else
        {
            read = inner.Read(buffer);
        }
        _position += read;
        return read;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_headPosition < _headLength)
        {
            return ValueTask.FromResult(Read(buffer.Span));
        }
        return ReadInnerAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private async ValueTask<int> ReadInnerAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
