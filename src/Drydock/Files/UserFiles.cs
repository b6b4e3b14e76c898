using System.Runtime.InteropServices;
using System.Text;

namespace Drydock.Files;

/// <summary>
/// A file given by the user (or named by one: <c>env_file:</c>, <c>include:</c>, an OCI blob) that Drydock refuses to
/// read: not a regular file, too large, a name the system cannot open. The message is a sentence about the file
/// without its path, because callers say "cannot read PATH: message".
/// </summary>
public sealed class UserFileException(string message) : IOException(message);

/// <summary>
/// The one way Drydock opens a user's file. A FIFO, a socket or a device (<c>/dev/zero</c>) could block a read forever
/// or fill memory, so anything but a regular file is refused before it is opened; the size is checked before reading
/// and the read itself stops at the limit, in case the file grows meanwhile.
/// </summary>
public static class UserFiles
{
    /// <summary>Text inputs (Dockerfiles, Compose files, .env, drydock.yml, ignore files): far above any real one.</summary>
    public const long MaxTextBytes = 32L * 1024 * 1024;

    /// <summary>Refuses anything that is not a regular file (symlinks are followed); returns the file's size.</summary>
    public static long EnsureRegularFile(string path)
    {
        var (kind, size) = FileKinds.Stat(path);
        if (kind != FileKind.Regular)
        {
            throw new UserFileException(kind switch
            {
                FileKind.Directory => "it is a directory, not a file",
                FileKind.Fifo => "it is a named pipe (FIFO), not a regular file; Drydock reads only regular files, which cannot block it",
                FileKind.Socket => "it is a socket, not a regular file; Drydock reads only regular files",
                FileKind.CharacterDevice or FileKind.BlockDevice => "it is a device, not a regular file; Drydock reads only regular files, which cannot stream forever",
                _ => "it is not a regular file; Drydock reads only regular files",
            });
        }
        return size;
    }

    /// <summary>Opens a regular file for reading, refusing it when it holds more than <paramref name="maxBytes"/>.</summary>
    public static Stream OpenRead(string path, long maxBytes, int bufferSize = 1 << 16)
    {
        var size = EnsureRegularFile(path);
        if (size > maxBytes)
        {
            throw TooLarge(size, maxBytes);
        }
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan);
        return new BoundedReadStream(stream, maxBytes);
    }

    /// <summary>Opens a regular file of any size (an image archive, a layer blob), seekable.</summary>
    public static FileStream Open(string path, int bufferSize = 1 << 16)
    {
        EnsureRegularFile(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan);
    }

    public static byte[] ReadAllBytes(string path, long maxBytes = MaxTextBytes)
    {
        using var stream = OpenRead(path, maxBytes);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>As <see cref="File.ReadAllText(string)"/>: UTF-8 unless a byte-order mark says otherwise.</summary>
    public static string ReadAllText(string path, long maxBytes = MaxTextBytes)
    {
        using var stream = OpenRead(path, maxBytes);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    public static string[] ReadAllLines(string path, long maxBytes = MaxTextBytes)
    {
        var lines = new List<string>();
        using var reader = new StringReader(ReadAllText(path, maxBytes));
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return [.. lines];
    }

    public static UserFileException TooLarge(long size, long maxBytes) =>
        new($"it is {Describe(size)}; Drydock reads such files only up to {Describe(maxBytes)}");

    private static string Describe(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / 1024.0 / 1024.0:0.#} MB".Replace(',', '.')
        : $"{bytes} bytes";

    /// <summary>Stops a read past the limit with a sentence (a file that grew after it was measured).</summary>
    private sealed class BoundedReadStream(Stream inner, long maxBytes) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, maxBytes - _read + 1)]);
            return Count(read);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, maxBytes - _read + 1)], cancellationToken).ConfigureAwait(false);
            return Count(read);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            return _read > maxBytes ? throw TooLarge(_read, maxBytes) : read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

public enum FileKind
{
    Missing,
    Regular,
    Directory,
    Symlink,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
    Other,
}

/// <summary>A path's type and size without opening it (opening a FIFO blocks), through statx on 64-bit Linux.</summary>
public static unsafe class FileKinds
{
    private const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100;
    private const uint StatxTypeAndSize = 0x1 | 0x200;
    private static readonly delegate* unmanaged<int, byte*, int, uint, byte*, int> Statx = (delegate* unmanaged<int, byte*, int, uint, byte*, int>)Load("statx");
    private static readonly delegate* unmanaged<byte*, byte*, byte*> RealPathFunction = (delegate* unmanaged<byte*, byte*, byte*>)Load("realpath");
    private static readonly delegate* unmanaged<byte*, void> Free = (delegate* unmanaged<byte*, void>)Load("free");

    /// <summary>The path with every symbolic link resolved (libc realpath), or null when it does not exist or cannot be resolved here.</summary>
    public static string? RealPath(string path)
    {
        if (RealPathFunction == null || Free == null)
        {
            return Path.Exists(path) ? Path.GetFullPath(path) : null;
        }
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        byte* resolved;
        fixed (byte* name = bytes)
        {
            resolved = RealPathFunction(name, null);
        }
        if (resolved == null)
        {
            return null;
        }
        try
        {
            return Marshal.PtrToStringUTF8((nint)resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    /// <summary>What <paramref name="path"/> is (following symlinks unless told not to). Missing paths are a <see cref="FileNotFoundException"/>.</summary>
    public static (FileKind Kind, long Size) Stat(string path, bool followLinks = true)
    {
        if (path.Length == 0)
        {
            throw new UserFileException("the path is empty");
        }
        if (path.Contains('\uFFFD', StringComparison.Ordinal) && !Path.Exists(path))
        {
            throw new UserFileException("the path is not valid UTF-8 (it was given with bytes that are not text), and Drydock cannot open such a path; rename the file");
        }
        if (Statx == null)
        {
            return Managed(path);
        }
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        var buffer = stackalloc byte[256];
        int result;
        fixed (byte* name = bytes)
        {
            result = Statx(AtFdCwd, name, followLinks ? 0 : AtSymlinkNoFollow, StatxTypeAndSize, buffer);
        }
        if (result != 0)
        {
            var errno = Marshal.GetLastSystemError();
            throw errno switch
            {
                2 => new FileNotFoundException($"Could not find file '{path}'.", path),
                20 => new DirectoryNotFoundException($"a part of the path is not a directory: '{path}'"),
                13 => new UnauthorizedAccessException($"Access to the path '{path}' is denied."),
                36 => new UserFileException("the path is longer than the system allows (PATH_MAX, 4096 bytes, or 255 bytes per name)"),
                40 => new UserFileException("the path has too many levels of symbolic links"),
                _ => new UserFileException($"the system cannot look it up (errno {errno})"),
            };
        }
        var mode = *(ushort*)(buffer + 28);
        var size = (long)*(ulong*)(buffer + 40);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.Symlink,
            0x1000 => FileKind.Fifo,
            0xC000 => FileKind.Socket,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            _ => FileKind.Other,
        };
        return (kind, size);
    }

    private static (FileKind, long) Managed(string path)
    {
        var info = new FileInfo(path);
        if (info.Attributes.HasFlag(FileAttributes.Directory))
        {
            return (FileKind.Directory, 0);
        }
        if (!info.Exists)
        {
            throw new FileNotFoundException($"Could not find file '{path}'.", path);
        }
        return ((info.Attributes & (FileAttributes.Device | FileAttributes.System)) != 0 ? FileKind.Other : FileKind.Regular, info.Length);
    }

    private static void* Load(string function)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            return null;
        }
        foreach (var name in new[] { "libc.so.6", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1", "libc.so" })
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                return NativeLibrary.TryGetExport(handle, function, out var address) ? (void*)address : null;
            }
        }
        return null;
    }
}
