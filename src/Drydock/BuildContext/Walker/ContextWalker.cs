using System.Text;
using System.Text.Unicode;
using Drydock.BuildContext.IgnoreFile;

namespace Drydock.BuildContext.Walker;

/// <summary>Which builder's context transfer to reproduce. They differ only in how exceptions inside excluded directories behave.</summary>
public enum ContextBuilder
{
    /// <summary>
    /// BuildKit (the default builder since Docker 23): the pattern list decides every path; an excluded directory is
    /// skipped only when no exception could re-include anything below it.
    /// </summary>
    BuildKit,

    /// <summary>
    /// The classic builder (DOCKER_BUILDKIT=0, Docker 20.10 without BuildKit): the docker CLI skips an excluded directory
    /// unless an exception's text starts with the directory's path, so <c>!**/keep</c> cannot reach into it; the
    /// daemon then drops the Dockerfile and .dockerignore when the patterns match them.
    /// </summary>
    Classic,
}

/// <summary>Receives each sent file or symlink path, relative and '/'-separated, in ordinal byte order.</summary>
public delegate void SentPathHandler(ReadOnlySpan<byte> path);

public sealed record ContextWalkOptions
{
    public ContextBuilder Builder { get; init; } = ContextBuilder.BuildKit;

    /// <summary>Read each sent file's metadata (sizes, readability, hard links). Off for a bare listing.</summary>
    public bool MeasureSizes { get; init; } = true;

    /// <summary>Also walk skipped directories, only to count what is excluded (slower; for the summary).</summary>
    public bool MeasureExcluded { get; init; }

    /// <summary>Keep every sent entry and directory in the result (for rules and the largest-files table).</summary>
    public bool KeepEntries { get; init; } = true;

    public SentPathHandler? OnSentPath { get; init; }

    /// <summary>Paths removed after the walk, as the classic daemon removes the Dockerfile and .dockerignore.</summary>
    public IReadOnlyList<string> DroppedPaths { get; init; } = [];
}

/// <summary>A sent file, symlink or special file; <see cref="Size"/> is 0 except for regular files.</summary>
public sealed record ContextEntry(string Path, ContextEntryKind Kind, long Size);

/// <summary>What is sent below one directory (recursively).</summary>
public sealed record ContextDirectoryTotal(string Path, long Files, long Bytes);

/// <summary>Something the builder cannot read: the build fails on it.</summary>
public sealed record ContextProblem(string Path, string Problem);

public sealed record ContextWalkResult
{
    public long Files { get; init; }

    /// <summary>Bytes of regular files sent (hard-linked content counted once, as tar sends it).</summary>
    public long Bytes { get; init; }

    public long Symlinks { get; init; }

    public long SpecialFiles { get; init; }

    public long Directories { get; init; }

    public long ExcludedFiles { get; init; }

    public long ExcludedBytes { get; init; }

    /// <summary>False when excluded directories were skipped unread (excluded counts then cover only what was walked).</summary>
    public bool ExcludedMeasured { get; init; }

    public IReadOnlyList<ContextEntry> Entries { get; init; } = [];

    public IReadOnlyList<string> SentDirectories { get; init; } = [];

    public IReadOnlyList<ContextDirectoryTotal> DirectoryTotals { get; init; } = [];

    public IReadOnlyList<ContextProblem> Unreadable { get; init; } = [];

    /// <summary>Names with a newline or carriage return, or not valid UTF-8 (shown with escapes).</summary>
    public IReadOnlyList<string> OddNames { get; init; } = [];
}

/// <summary>
/// Walks a build context as the builder would transfer it: depth-first in ordinal byte order, symlinks sent as links
/// and never followed, each path matched with the parent directory's per-pattern results (as Docker's walkers do),
/// and excluded directories skipped without reading them whenever that cannot change the result.
/// </summary>
public sealed class ContextWalker
{
    private readonly IgnoreMatcher _matcher;
    private readonly ContextWalkOptions _options;
    private readonly IDirectoryReader _reader;
    private readonly CancellationToken _cancellationToken;
    private readonly int _patternCount;
    private readonly byte[][] _dropped;
    private readonly List<List<DirectoryEntry>> _entriesByDepth = [];
    private HashSet<string>? _seenHardLinks;
    private readonly List<ContextEntry> _entries = [];
    private readonly List<string> _sentDirectories = [];
    private readonly List<ContextDirectoryTotal> _totals = [];
    private readonly List<ContextProblem> _unreadable = [];
    private readonly List<string> _oddNames = [];
    private readonly bool[] _scratch;
    private byte[] _path = new byte[4096];
    private int _rootLength;
    private long _files, _bytes, _symlinks, _special, _directories, _excludedFiles, _excludedBytes;

    private ContextWalker(IgnoreMatcher matcher, ContextWalkOptions options, IDirectoryReader reader, CancellationToken cancellationToken)
    {
        _matcher = matcher;
        _options = options;
        _reader = reader;
        _cancellationToken = cancellationToken;
        _patternCount = matcher.Patterns.Count;
        _scratch = new bool[_patternCount];
        _dropped = [.. options.DroppedPaths.Select(Encoding.UTF8.GetBytes)];
    }

    public static ContextWalkResult Walk(string root, IgnoreMatcher matcher, ContextWalkOptions options, CancellationToken cancellationToken = default) =>
        Walk(root, matcher, options, DirectoryReaders.Default, cancellationToken);

    internal static ContextWalkResult Walk(string root, IgnoreMatcher matcher, ContextWalkOptions options, IDirectoryReader reader, CancellationToken cancellationToken)
    {
        matcher.Validate();
        var walker = new ContextWalker(matcher, options, reader, cancellationToken);
        return walker.Run(Encoding.UTF8.GetBytes(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root))));
    }

    private ContextWalkResult Run(byte[] root)
    {
        EnsureCapacity(root.Length + 1);
        root.CopyTo(_path, 0);
        _rootLength = root.Length;
        var entries = new List<DirectoryEntry>();
        if (_reader.Read(root, _options.MeasureSizes, entries) is { } problem)
        {
            throw new DrydockException($"cannot read the build context {Encoding.UTF8.GetString(root)}: {problem}", fix: "pass a readable directory as the context.");
        }
        WalkEntries(entries, _rootLength, [], depth: 0);
        return new ContextWalkResult
        {
            Files = _files,
            Bytes = _bytes,
            Symlinks = _symlinks,
            SpecialFiles = _special,
            Directories = _directories,
            ExcludedFiles = _excludedFiles,
            ExcludedBytes = _excludedBytes,
            ExcludedMeasured = _options.MeasureExcluded,
            Entries = _entries,
            SentDirectories = _sentDirectories,
            DirectoryTotals = _totals,
            Unreadable = _unreadable,
            OddNames = _oddNames,
        };
    }

    /// <summary>Walks one directory's entries (already read); returns what was sent below it.</summary>
    private (long Files, long Bytes) WalkEntries(List<DirectoryEntry> entries, int directoryLength, bool[] parentResults, int depth)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        entries.Sort(CompareEntries);
        long sentFiles = 0, sentBytes = 0;
        foreach (var entry in entries)
        {
            var length = Append(directoryLength, entry.Name);
            var relativeStart = _rootLength + 1;
            var relative = _path.AsSpan(relativeStart, length - relativeStart);
            NoteOddName(entry.Name, relative);
            var results = entry.Kind == ContextEntryKind.Directory ? new bool[_patternCount] : _scratch;
            var excluded = _patternCount != 0 && _matcher.MatchesUsingParentResults(relative, parentResults, results);
            if (entry.Kind == ContextEntryKind.Directory)
            {
                if (excluded && CanSkip(relative))
                {
                    if (_options.MeasureExcluded)
                    {
                        CountExcludedDirectory(length, depth + 1);
                    }
                    continue;
                }
                var children = EntriesAt(depth + 1);
                if (_reader.Read(_path[..length], _options.MeasureSizes || _options.MeasureExcluded, children) is { } problem)
                {
                    if (!excluded)
                    {
                        _unreadable.Add(new ContextProblem(Display(relative), problem));
                    }
                    continue;
                }
                if (!excluded)
                {
                    _directories++;
                    if (_options.KeepEntries)
                    {
                        _sentDirectories.Add(Display(relative));
                    }
                }
                var (files, bytes) = WalkEntries(children, length, results, depth + 1);
                if (files > 0 && _options.KeepEntries)
                {
                    _totals.Add(new ContextDirectoryTotal(Display(_path.AsSpan(relativeStart, length - relativeStart)), files, bytes));
                }
                sentFiles += files;
                sentBytes += bytes;
                continue;
            }
            var size = entry.Kind == ContextEntryKind.File && entry.HasStat ? entry.Size : 0;
            if (excluded || IsDropped(relative))
            {
                _excludedFiles++;
                _excludedBytes += size;
                continue;
            }
            if (entry.HasStat && entry.Kind == ContextEntryKind.File)
            {
                if (!entry.Readable)
                {
                    _unreadable.Add(new ContextProblem(Display(relative), "permission denied"));
                }
                if (entry.LinkCount > 1 && !(_seenHardLinks ??= new(StringComparer.Ordinal)).Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{entry.Device}:{entry.Inode}")))
                {
                    size = 0; // A further hard link: the archive holds a link, not the content again.
                }
            }
            switch (entry.Kind)
            {
                case ContextEntryKind.File:
                    _files++;
                    break;
                case ContextEntryKind.Symlink:
                    _symlinks++;
                    break;
                default:
                    _special++;
                    break;
            }
            _bytes += size;
            sentFiles++;
            sentBytes += size;
            if (entry.Kind != ContextEntryKind.Other)
            {
                _options.OnSentPath?.Invoke(relative);
            }
            if (_options.KeepEntries)
            {
                _entries.Add(new ContextEntry(Display(relative), entry.Kind, size));
            }
        }
        entries.Clear();
        return (sentFiles, sentBytes);
    }

    /// <summary>Counts a skipped directory's content as excluded (no matching: everything below is excluded).</summary>
    private void CountExcludedDirectory(int length, int depth)
    {
        var entries = EntriesAt(depth);
        if (_reader.Read(_path[..length], withStat: true, entries) is not null)
        {
            return;
        }
        foreach (var entry in entries)
        {
            var childLength = Append(length, entry.Name);
            if (entry.Kind == ContextEntryKind.Directory)
            {
                CountExcludedDirectory(childLength, depth + 1);
                continue;
            }
            _excludedFiles++;
            _excludedBytes += entry.Kind == ContextEntryKind.File && entry.HasStat ? entry.Size : 0;
        }
        entries.Clear();
    }

    /// <summary>Whether an excluded directory can be skipped unread without changing what is sent.</summary>
    private bool CanSkip(ReadOnlySpan<byte> directory)
    {
        if (!_matcher.HasExclusions)
        {
            return true;
        }
        foreach (var pattern in _matcher.Patterns)
        {
            if (!pattern.Exclusion)
            {
                continue;
            }
            if (_options.Builder == ContextBuilder.Classic)
            {
                // The docker CLI's own test: does "pattern/" start with "directory/"? (Wildcards never pass it.)
                var text = pattern.Cleaned;
                if (text.Length + 1 >= directory.Length + 1 && text.AsSpan().StartsWith(directory) && (text.Length == directory.Length || text[directory.Length] == (byte)'/'))
                {
                    return false;
                }
            }
            else if (pattern.MayMatchBelow(directory))
            {
                return false;
            }
        }
        return true;
    }

    private bool IsDropped(ReadOnlySpan<byte> relative)
    {
        foreach (var dropped in _dropped)
        {
            if (relative.SequenceEqual(dropped))
            {
                return true;
            }
        }
        return false;
    }

    private void NoteOddName(byte[] name, ReadOnlySpan<byte> relative)
    {
        if (name.AsSpan().IndexOfAny((byte)'\n', (byte)'\r') >= 0 || !Utf8.IsValid(name))
        {
            _oddNames.Add(Escape(relative));
        }
    }

    private List<DirectoryEntry> EntriesAt(int depth)
    {
        while (_entriesByDepth.Count <= depth)
        {
            _entriesByDepth.Add([]);
        }
        var list = _entriesByDepth[depth];
        list.Clear();
        return list;
    }

    /// <summary>Writes "directory/name" into the path buffer after the directory's bytes; returns the new length.</summary>
    private int Append(int directoryLength, byte[] name)
    {
        var length = directoryLength + 1 + name.Length;
        EnsureCapacity(length);
        _path[directoryLength] = (byte)'/';
        name.CopyTo(_path, directoryLength + 1);
        return length;
    }

    private void EnsureCapacity(int length)
    {
        if (_path.Length < length)
        {
            Array.Resize(ref _path, Math.Max(length, _path.Length * 2));
        }
    }

    /// <summary>
    /// Sorts siblings so that depth-first order is ordinal byte order of whole paths: a directory sorts as its name
    /// plus '/', since every path below it starts with that.
    /// </summary>
    private static int CompareEntries(DirectoryEntry left, DirectoryEntry right)
    {
        var a = left.Name;
        var b = right.Name;
        var common = Math.Min(a.Length, b.Length);
        var order = a.AsSpan(0, common).SequenceCompareTo(b.AsSpan(0, common));
        if (order != 0)
        {
            return order;
        }
        int nextA = a.Length > common ? a[common] : left.Kind == ContextEntryKind.Directory ? '/' : -1;
        int nextB = b.Length > common ? b[common] : right.Kind == ContextEntryKind.Directory ? '/' : -1;
        return nextA.CompareTo(nextB);
    }

    private static string Display(ReadOnlySpan<byte> path) => Encoding.UTF8.GetString(path);

    /// <summary>A path for messages: invalid bytes as \xNN, control characters as \n, \r, \t.</summary>
    public static string Escape(ReadOnlySpan<byte> path)
    {
        var text = new StringBuilder(path.Length);
        for (var offset = 0; offset < path.Length;)
        {
            var width = GoText.DecodeRune(path[offset..], out var rune);
            if (rune == GoText.RuneError && width == 1)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{path[offset]:x2}");
            }
            else if (rune == '\n')
            {
                text.Append("\\n");
            }
            else if (rune == '\r')
            {
                text.Append("\\r");
            }
            else if (rune == '\t')
            {
                text.Append("\\t");
            }
            else
            {
                text.Append(char.ConvertFromUtf32(rune));
            }
            offset += width;
        }
        return text.ToString();
    }
}
