namespace Drydock.Images.Layers;

/// <summary>What a layer's tar entry is. Whiteouts and opaque markers are the overlay conventions of image layers.</summary>
public enum EntryKind : byte
{
    File,
    Directory,
    Symlink,
    HardLink,
    CharDevice,
    BlockDevice,
    Fifo,
    /// <summary><c>.wh.NAME</c>: NAME (and everything under it) from lower layers is deleted.</summary>
    Whiteout,
    /// <summary><c>DIR/.wh..wh..opq</c>: everything under DIR from lower layers is hidden.</summary>
    Opaque,
}

[Flags]
public enum EntryFlags : byte
{
    None = 0,
    /// <summary>The content starts like a private key (PEM/OpenSSH <c>PRIVATE KEY</c> block).</summary>
    PrivateKey = 1,
}

/// <summary>
/// One entry of a layer, as the tar says it. <see cref="Path"/> is absolute and normalized (<c>/usr/bin/env</c>); for
/// a whiteout it is the deleted path, for an opaque marker the directory. <see cref="Mode"/> holds the permission
/// bits including setuid (0o4000), setgid (0o2000) and sticky (0o1000).
/// </summary>
public sealed record LayerEntry(string Path, EntryKind Kind, long Size, int Mode, int Uid, int Gid)
{
    public const int SetUid = 0b100_000_000_000;
    public const int SetGid = 0b010_000_000_000;
    public const int Sticky = 0b001_000_000_000;
    public const int OtherWrite = 0b000_000_000_010;

    /// <summary>The target of a symlink or hard link.</summary>
    public string? LinkTarget { get; init; }

    public EntryFlags Flags { get; init; }

    public bool IsDirectory => Kind == EntryKind.Directory;

    public bool IsMarker => Kind is EntryKind.Whiteout or EntryKind.Opaque;

    /// <summary>Bytes this entry takes on disk as the engine counts them (regular file size, symlink target length).</summary>
    public long DiskSize => Kind switch
    {
        EntryKind.File => Size,
        EntryKind.Symlink => LinkTarget is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(LinkTarget),
        _ => 0,
    };

    public string Name => Path.Length <= 1 ? Path : Path[(Path.LastIndexOf('/') + 1)..];

    /// <summary><c>drwxr-xr-x</c>, as <c>ls -l</c> prints it.</summary>
    public string ModeText => FileModes.Format(Kind, Mode);
}

public static class FileModes
{
    public static string Format(EntryKind kind, int mode)
    {
        Span<char> text = stackalloc char[10];
        text[0] = kind switch
        {
            EntryKind.Directory or EntryKind.Opaque => 'd',
            EntryKind.Symlink => 'l',
            EntryKind.CharDevice or EntryKind.Whiteout => 'c',
            EntryKind.BlockDevice => 'b',
            EntryKind.Fifo => 'p',
            _ => '-',
        };
        const string letters = "rwxrwxrwx";
        for (var i = 0; i < 9; i++)
        {
            text[i + 1] = (mode & (1 << (8 - i))) != 0 ? letters[i] : '-';
        }
        if ((mode & LayerEntry.SetUid) != 0)
        {
            text[3] = text[3] == 'x' ? 's' : 'S';
        }
        if ((mode & LayerEntry.SetGid) != 0)
        {
            text[6] = text[6] == 'x' ? 's' : 'S';
        }
        if ((mode & LayerEntry.Sticky) != 0)
        {
            text[9] = text[9] == 'x' ? 't' : 'T';
        }
        return new string(text);
    }

    /// <summary>Four octal digits, e.g. <c>4755</c>.</summary>
    public static string Octal(int mode) => Convert.ToString(mode & 0b111_111_111_111, 8).PadLeft(4, '0');
}
