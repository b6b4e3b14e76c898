using System.IO.Compression;
using Drydock.Images.Layers;
using Drydock.Files;

namespace Drydock.Images.Sources;

/// <summary>A <c>docker save</c> archive on disk (also gzip- or zstd-compressed: <c>docker save IMAGE | gzip</c>).</summary>
public sealed class ArchiveImageSource(string path) : IImageSource
{
    public string Name { get; } = path;

    public ImageSourceKind Kind => ImageSourceKind.Archive;

    public Task<ImageContent> ReadAsync(LayerScanOptions options, CancellationToken cancellationToken) =>
        Task.Run(() => Read(options, cancellationToken), cancellationToken);

    private ImageContent Read(LayerScanOptions options, CancellationToken cancellationToken)
    {
        FileStream file;
        try
        {
            file = UserFiles.Open(Name);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DrydockException($"cannot read {Name}: {ex.Message}", Text.SourceSpan.WholeFile(Name), null, ex);
        }
        using (file)
        {
            Span<byte> head = stackalloc byte[6];
            var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            file.Position = 0;
            using Stream archive = LayerDecompression.Detect(head[..read]) switch
            {
                LayerCompression.Gzip => new GZipStream(file, CompressionMode.Decompress, leaveOpen: true),
                LayerCompression.Zstd => new ZstdDecompressionStream(file),
                _ => new NonClosingStream(file),
            };
            return ArchiveImageReader.Read(archive, Name, Kind, options, cancellationToken);
        }
    }

    /// <summary>Lets <c>using</c> treat the plain file like a decompressor without closing it twice.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => inner.Position = value;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
