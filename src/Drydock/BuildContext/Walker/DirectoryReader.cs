using System.Runtime.InteropServices;
using System.Text;

namespace Drydock.BuildContext.Walker;

public enum ContextEntryKind : byte
{
    File,
    Directory,
    Symlink,

    /// <summary>A FIFO, socket or device node.</summary>
    Other,
}

/// <summary>One directory entry: its name as bytes, its kind and, when asked for, its metadata.</summary>
/// <remarks>A class, not a struct: collections of it then use the framework's precompiled shared code (no JIT at start-up).</remarks>
internal sealed class DirectoryEntry
{
    public byte[] Name = [];
    public ContextEntryKind Kind;

    /// <summary>Metadata below is valid (it was asked for, and lstat succeeded).</summary>
    public bool HasStat;
    public long Size;
    public ulong Inode;
    public ulong Device;
    public uint LinkCount;

    /// <summary>The current user may read the file (from its mode bits; root reads everything).</summary>
    public bool Readable;
}

/// <summary>Reads one directory without following symlinks; never throws for a directory it cannot read.</summary>
internal interface IDirectoryReader
{
    /// <summary>Fills <paramref name="entries"/>; returns null on success, else why the directory could not be read.</summary>
    string? Read(byte[] directory, bool withStat, List<DirectoryEntry> entries);
}

internal static class DirectoryReaders
{
    /// <summary>libc on 64-bit Linux (exact names, one statx per entry when needed), else System.IO.</summary>
    public static IDirectoryReader Default { get; } = LinuxDirectoryReader.TryCreate() ?? (IDirectoryReader)new ManagedDirectoryReader();
}

/// <summary>
/// readdir and statx through libc: names stay bytes (a name that is not UTF-8 is read, matched and listed exactly),
/// entry types come from d_type, and metadata costs one statx relative to the open directory.
/// </summary>
internal sealed unsafe class LinuxDirectoryReader : IDirectoryReader
{
    private const byte DtUnknown = 0, DtDir = 4, DtReg = 8, DtLnk = 10;
    private const int AtSymlinkNoFollow = 0x100, AtNoAutomount = 0x800;
    private const uint StatxMask = 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x100 | 0x200; // type, mode, nlink, uid, gid, ino, size

    private readonly Libc _libc;
    private readonly uint _effectiveUser;
    private readonly uint[] _groups;

    private LinuxDirectoryReader(Libc libc)
    {
        _libc = libc;
        (_effectiveUser, _groups) = libc.Identity();
    }

    /// <param name="batched">Read with getdents64 when libc has it (tests turn it off to cover the readdir path).</param>
    public static LinuxDirectoryReader? TryCreate(bool batched = true)
    {
        // struct dirent has the 64-bit layout (ino, off, reclen, type, name) on 64-bit Linux, glibc and musl alike.
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            return null;
        }
        foreach (var name in new[] { "libc.so.6", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1", "libc.so" })
        {
            if (!NativeLibrary.TryLoad(name, out var handle))
            {
                continue;
            }
            try
            {
                var reader = new LinuxDirectoryReader(new Libc(handle, batched));
                return reader.Works() ? reader : null;
            }
            catch (EntryPointNotFoundException)
            {
                return null;
            }
        }
        return null;
    }

    public string? Read(byte[] directory, bool withStat, List<DirectoryEntry> entries)
    {
        nint handle;
        fixed (byte* path = NullTerminated(directory))
        {
            handle = _libc.OpenDirectory(path);
        }
        if (handle == 0)
        {
            return Describe(Marshal.GetLastSystemError());
        }
        try
        {
            var descriptor = _libc.DirectoryDescriptor(handle);
            var stat = stackalloc byte[256];
            if (_libc.HasGetdents)
            {
                // Whole batches of entries per call (one native transition per 32 KiB, not one per entry).
                var buffer = stackalloc byte[32 * 1024];
                while (true)
                {
                    var read = _libc.GetDirectoryEntries(descriptor, buffer, 32 * 1024);
                    if (read == 0)
                    {
                        return null;
                    }
                    if (read < 0)
                    {
                        return Describe(Marshal.GetLastSystemError());
                    }
                    for (var offset = 0; offset < read;)
                    {
                        var record = buffer + offset;
                        offset += *(ushort*)(record + 16);
                        Add(record, descriptor, withStat, stat, entries);
                    }
                }
            }
            while (true)
            {
                Marshal.SetLastSystemError(0);
                var dirent = _libc.ReadDirectory(handle);
                if (dirent == 0)
                {
                    var error = Marshal.GetLastSystemError();
                    return error == 0 ? null : Describe(error);
                }
                Add((byte*)dirent, descriptor, withStat, stat, entries);
            }
        }
        finally
        {
            _libc.CloseDirectory(handle);
        }
    }

    /// <summary>One dirent64 record (ino, off, reclen, type, name): the entry, with its metadata when asked for.</summary>
    private void Add(byte* record, int descriptor, bool withStat, byte* stat, List<DirectoryEntry> entries)
    {
        var namePointer = record + 19;
        var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(namePointer);
        if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
        {
            return;
        }
        var type = record[18];
        var entry = new DirectoryEntry
        {
            Name = name.ToArray(),
            Kind = type switch
            {
                DtReg => ContextEntryKind.File,
                DtDir => ContextEntryKind.Directory,
                DtLnk => ContextEntryKind.Symlink,
                _ => ContextEntryKind.Other,
            },
        };
        if (withStat || type == DtUnknown)
        {
            if (_libc.Statx(descriptor, namePointer, AtSymlinkNoFollow | AtNoAutomount, StatxMask, stat) == 0)
            {
                StatxLayout.Fill(entry, stat, _effectiveUser, _groups);
            }
            else if (type == DtUnknown)
            {
                return; // Vanished while we read the directory.
            }
        }
        entries.Add(entry);
    }

    private bool Works()
    {
        var entries = new List<DirectoryEntry>();
        if (Read("/"u8.ToArray(), withStat: true, entries) is not null)
        {
            return false;
        }
        foreach (var entry in entries)
        {
            if (entry.HasStat)
            {
                return true;
            }
        }
        return false;
    }

    private static byte[] NullTerminated(byte[] path)
    {
        var terminated = new byte[path.Length + 1];
        path.CopyTo(terminated, 0);
        return terminated;
    }

    private static string Describe(int errno) => errno switch
    {
        1 or 13 => "permission denied",
        2 => "no such file or directory",
        20 => "not a directory",
        36 => "the path is longer than the system allows (PATH_MAX, 4096 bytes): the directory and everything below it cannot be read",
        40 => "too many levels of symbolic links",
        _ => $"error {errno}",
    };
}

/// <summary>
/// The libc functions the reader calls, as function pointers (no marshalling). Only these small wrappers are compiled
/// at run time: a type that calls through unmanaged function pointers is not precompiled.
/// </summary>
internal sealed unsafe class Libc
{
    private readonly delegate* unmanaged<byte*, nint> _opendir;
    private readonly delegate* unmanaged<nint, nint> _readdir;
    private readonly delegate* unmanaged<nint, int> _closedir;
    private readonly delegate* unmanaged<nint, int> _dirfd;
    private readonly delegate* unmanaged<int, byte*, int, uint, byte*, int> _statx;
    private readonly delegate* unmanaged<uint> _geteuid;
    private readonly delegate* unmanaged<uint> _getegid;
    private readonly delegate* unmanaged<int, uint*, int> _getgroups;
    private readonly delegate* unmanaged<int, byte*, nuint, nint> _getdents64;

    public Libc(nint library, bool batched)
    {
        // glibc 2.30+ exports getdents64; without it, readdir (one call per entry) does the same job.
        _getdents64 = batched && NativeLibrary.TryGetExport(library, "getdents64", out var getdents) ? (delegate* unmanaged<int, byte*, nuint, nint>)getdents : null;
        _opendir = (delegate* unmanaged<byte*, nint>)NativeLibrary.GetExport(library, "opendir");
        _readdir = (delegate* unmanaged<nint, nint>)NativeLibrary.GetExport(library, "readdir");
        _closedir = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(library, "closedir");
        _dirfd = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(library, "dirfd");
        _statx = (delegate* unmanaged<int, byte*, int, uint, byte*, int>)NativeLibrary.GetExport(library, "statx");
        _geteuid = (delegate* unmanaged<uint>)NativeLibrary.GetExport(library, "geteuid");
        _getegid = (delegate* unmanaged<uint>)NativeLibrary.GetExport(library, "getegid");
        _getgroups = (delegate* unmanaged<int, uint*, int>)NativeLibrary.GetExport(library, "getgroups");
    }

    public bool HasGetdents => _getdents64 != null;

    public nint OpenDirectory(byte* path) => _opendir(path);

    public int GetDirectoryEntries(int descriptor, byte* buffer, int size) => (int)_getdents64(descriptor, buffer, (nuint)size);

    public nint ReadDirectory(nint directory) => _readdir(directory);

    public int CloseDirectory(nint directory) => _closedir(directory);

    public int DirectoryDescriptor(nint directory) => _dirfd(directory);

    public int Statx(int directory, byte* name, int flags, uint mask, byte* buffer) => _statx(directory, name, flags, mask, buffer);

    /// <summary>The effective user and every group the process is in (effective group first).</summary>
    public (uint User, uint[] Groups) Identity()
    {
        var buffer = stackalloc uint[256];
        var count = Math.Max(0, _getgroups(256, buffer));
        var groups = new uint[count + 1];
        groups[0] = _getegid();
        for (var i = 0; i < count; i++)
        {
            groups[i + 1] = buffer[i];
        }
        return (_geteuid(), groups);
    }
}

/// <summary>
/// struct statx (the same layout on every Linux architecture). Kept apart from the reader: methods of a type that
/// calls through unmanaged function pointers are not precompiled, and this runs for every entry.
/// </summary>
internal static unsafe class StatxLayout
{
    public static void Fill(DirectoryEntry entry, byte* stat, uint effectiveUser, uint[] groups)
    {
        var mode = *(ushort*)(stat + 28);
        entry.Kind = (mode & 0xF000) switch
        {
            0x8000 => ContextEntryKind.File,
            0x4000 => ContextEntryKind.Directory,
            0xA000 => ContextEntryKind.Symlink,
            _ => ContextEntryKind.Other,
        };
        entry.HasStat = true;
        entry.LinkCount = *(uint*)(stat + 16);
        entry.Inode = *(ulong*)(stat + 32);
        entry.Size = (long)*(ulong*)(stat + 40);
        entry.Device = ((ulong)*(uint*)(stat + 136) << 32) | *(uint*)(stat + 140);
        var owner = *(uint*)(stat + 20);
        var group = *(uint*)(stat + 24);
        entry.Readable = effectiveUser == 0
            || (owner == effectiveUser ? (mode & 0x100) != 0 : Array.IndexOf(groups, group) >= 0 ? (mode & 0x20) != 0 : (mode & 0x4) != 0);
    }
}

/// <summary>The portable reader (System.IO). Names that are not valid UTF-16/UTF-8 cannot be represented exactly.</summary>
internal sealed class ManagedDirectoryReader : IDirectoryReader
{
    public string? Read(byte[] directory, bool withStat, List<DirectoryEntry> entries)
    {
        try
        {
            var info = new DirectoryInfo(Encoding.UTF8.GetString(directory));
            foreach (var child in info.EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false }))
            {
                var kind = child.LinkTarget is not null ? ContextEntryKind.Symlink
                    : child is DirectoryInfo ? ContextEntryKind.Directory
                    : (child.Attributes & (FileAttributes.Device | FileAttributes.System)) != 0 ? ContextEntryKind.Other
                    : ContextEntryKind.File;
                entries.Add(new DirectoryEntry
                {
                    Name = Encoding.UTF8.GetBytes(child.Name),
                    Kind = kind,
                    HasStat = true,
                    Size = child is FileInfo file && kind == ContextEntryKind.File ? file.Length : 0,
                    LinkCount = 1,
                    Readable = true,
                });
            }
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return ex is UnauthorizedAccessException ? "permission denied" : ex.Message;
        }
    }
}
