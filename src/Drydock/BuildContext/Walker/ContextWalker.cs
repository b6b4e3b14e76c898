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
public sealed record ContextEntry(string Path, ContextEntryKind Kind, long Size)
{
    /// <summary>Device and inode of a file with several hard links (the first in walk order carries the size).</summary>
    internal string? HardLink { get; init; }
}

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
/// Directories are walked in parallel (one worker per core); each directory's output is a segment placed where the
/// directory sorts, so the merged result is in the same order as a sequential walk.
/// </summary>
public sealed class ContextWalker
{
    private readonly IgnoreMatcher _matcher;
    private readonly ContextWalkOptions _options;
    private readonly IDirectoryReader _reader;
    private readonly CancellationToken _cancellationToken;
    private readonly int _patternCount;
    private readonly byte[][] _dropped;
    private readonly byte[] _root;
    private readonly int _workerCount;
    private readonly object _gate = new();
    private readonly Stack<Job> _jobs = new();
    private readonly HashSet<string> _seenHardLinks = new(StringComparer.Ordinal);
    private int _queued;
    private int _running;
    private Exception? _failure;

    private ContextWalker(IgnoreMatcher matcher, ContextWalkOptions options, IDirectoryReader reader, byte[] root, int workers, CancellationToken cancellationToken)
    {
        _matcher = matcher;
        _options = options;
        _reader = reader;
        _root = root;
        _workerCount = workers;
        _cancellationToken = cancellationToken;
        _patternCount = matcher.Patterns.Count;
        _dropped = [.. options.DroppedPaths.Select(Encoding.UTF8.GetBytes)];
    }

    public static ContextWalkResult Walk(string root, IgnoreMatcher matcher, ContextWalkOptions options, CancellationToken cancellationToken = default) =>
        Walk(root, matcher, options, DirectoryReaders.Default, Math.Clamp(Environment.ProcessorCount, 1, 4), cancellationToken);

    internal static ContextWalkResult Walk(string root, IgnoreMatcher matcher, ContextWalkOptions options, IDirectoryReader reader, int workers, CancellationToken cancellationToken)
    {
        matcher.Validate();
        var rootBytes = Encoding.UTF8.GetBytes(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)));
        return new ContextWalker(matcher, options, reader, rootBytes, workers, cancellationToken).Run();
    }

    private ContextWalkResult Run()
    {
        var top = new Segment(_options.KeepEntries);
        var first = new Worker(this);
        var rootEntries = first.EntriesAt(0);
        if (_reader.Read(_root, _options.MeasureSizes, rootEntries) is { } problem)
        {
            throw new DrydockException($"cannot read the build context {Encoding.UTF8.GetString(_root)}: {problem}", fix: "pass a readable directory as the context.");
        }
        var workers = new List<Worker> { first };
        var threads = new List<Thread>();
        _running = 1; // The root, walked by this thread.
        for (var i = 1; i < _workerCount; i++)
        {
            var worker = new Worker(this);
            workers.Add(worker);
            var thread = new Thread(() => worker.RunQueue(), maxStackSize: 16 << 20) { IsBackground = true, Name = "drydock-context-walker" };
            threads.Add(thread);
            thread.Start();
        }
        try
        {
            first.WalkEntries(rootEntries, _root.Length, [], 0, top);
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
        Finished();
        first.RunQueue();
        foreach (var thread in threads)
        {
            thread.Join();
        }
        if (_failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_failure).Throw();
        }

        var entries = new List<ContextEntry>();
        var directories = new List<string>();
        top.Emit(_options.OnSentPath, entries, directories);
        var repeatedLinks = CountHardLinksOnce(entries);
        return new ContextWalkResult
        {
            Files = workers.Sum(worker => worker.Files),
            Bytes = workers.Sum(worker => worker.Bytes) - repeatedLinks,
            Symlinks = workers.Sum(worker => worker.Symlinks),
            SpecialFiles = workers.Sum(worker => worker.Special),
            Directories = workers.Sum(worker => worker.Directories),
            ExcludedFiles = workers.Sum(worker => worker.ExcludedFiles),
            ExcludedBytes = workers.Sum(worker => worker.ExcludedBytes),
            ExcludedMeasured = _options.MeasureExcluded,
            Entries = entries,
            SentDirectories = directories,
            DirectoryTotals = _options.KeepEntries ? Totals(entries) : [],
            Unreadable = [.. workers.SelectMany(worker => worker.Unreadable).OrderBy(problem => problem.Path, StringComparer.Ordinal)],
            OddNames = [.. workers.SelectMany(worker => worker.OddNames).Order(StringComparer.Ordinal)],
        };
    }

    /// <summary>Per directory with something sent below it: how many entries and bytes, recursively.</summary>
    private static List<ContextDirectoryTotal> Totals(List<ContextEntry> entries)
    {
        var totals = new Dictionary<string, (long Files, long Bytes)>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            for (var slash = entry.Path.LastIndexOf('/'); slash > 0; slash = entry.Path.LastIndexOf('/', slash - 1))
            {
                var directory = entry.Path[..slash];
                totals[directory] = totals.TryGetValue(directory, out var total) ? (total.Files + 1, total.Bytes + entry.Size) : (1, entry.Size);
            }
        }
        return [.. totals.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => new ContextDirectoryTotal(pair.Key, pair.Value.Files, pair.Value.Bytes))];
    }

    private void Fail(Exception ex)
    {
        lock (_gate)
        {
            _failure ??= ex;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>A job finished: when none is queued or running, the waiting workers can stop.</summary>
    private void Finished()
    {
        lock (_gate)
        {
            _running--;
            if (_running == 0 && _jobs.Count == 0)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Queues a directory for another worker while few are waiting; false means walk it inline.</summary>
    private bool TryQueue(Job job)
    {
        if (_workerCount == 1 || Volatile.Read(ref _queued) >= _workerCount * 2)
        {
            return false;
        }
        lock (_gate)
        {
            _jobs.Push(job);
            _queued++;
            Monitor.Pulse(_gate);
        }
        return true;
    }

    private Job? NextJob()
    {
        lock (_gate)
        {
            while (true)
            {
                if (_failure is not null)
                {
                    return null;
                }
                if (_jobs.Count > 0)
                {
                    _queued--;
                    _running++;
                    return _jobs.Pop();
                }
                if (_running == 0)
                {
                    return null;
                }
                Monitor.Wait(_gate);
            }
        }
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
                if (text.Length >= directory.Length && text.AsSpan().StartsWith(directory) && (text.Length == directory.Length || text[directory.Length] == (byte)'/'))
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

    /// <summary>A directory to walk: its path relative to the root, its parent's per-pattern results, where its output goes.</summary>
    private sealed record Job(byte[] Relative, bool[] ParentResults, bool Excluded, bool CountOnly, Segment Output);

    /// <summary>
    /// One directory's output in walk order: sent paths (a listing) or entries (a summary) and sent directories, with
    /// the segments of directories walked by other workers placed where they sort.
    /// </summary>
    private sealed class Segment(bool keepEntries)
    {
        private readonly List<(int Bytes, int Entries, int Directories, Segment Child)> _children = [];
        private byte[] _buffer = [];
        private int _length;

        public List<ContextEntry>? Entries { get; } = keepEntries ? [] : null;

        public List<string>? Directories { get; } = keepEntries ? [] : null;

        /// <summary>Appends a path, length-prefixed (a name may hold any byte but '/' and NUL, newlines included).</summary>
        public void AddPath(ReadOnlySpan<byte> path)
        {
            if (_buffer.Length < _length + path.Length + 4)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + path.Length + 256));
            }
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), path.Length);
            path.CopyTo(_buffer.AsSpan(_length + 4));
            _length += path.Length + 4;
        }

        public Segment AddChild()
        {
            var child = new Segment(Entries is not null);
            _children.Add((_length, Entries?.Count ?? 0, Directories?.Count ?? 0, child));
            return child;
        }

        public void Emit(SentPathHandler? onSentPath, List<ContextEntry> entries, List<string> directories)
        {
            int bytes = 0, entryIndex = 0, directoryIndex = 0;
            foreach (var (childBytes, childEntries, childDirectories, child) in _children)
            {
                EmitRange(onSentPath, entries, directories, bytes, childBytes, entryIndex, childEntries, directoryIndex, childDirectories);
                child.Emit(onSentPath, entries, directories);
                (bytes, entryIndex, directoryIndex) = (childBytes, childEntries, childDirectories);
            }
            EmitRange(onSentPath, entries, directories, bytes, _length, entryIndex, Entries?.Count ?? 0, directoryIndex, Directories?.Count ?? 0);
        }

        private void EmitRange(SentPathHandler? onSentPath, List<ContextEntry> entries, List<string> directories, int fromByte, int toByte, int fromEntry, int toEntry, int fromDirectory, int toDirectory)
        {
            if (onSentPath is not null)
            {
                var span = _buffer.AsSpan(fromByte, toByte - fromByte);
                while (!span.IsEmpty)
                {
                    var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(span);
                    onSentPath(span.Slice(4, length));
                    span = span[(4 + length)..];
                }
            }
            for (var i = fromEntry; i < toEntry; i++)
            {
                entries.Add(Entries![i]);
            }
            for (var i = fromDirectory; i < toDirectory; i++)
            {
                directories.Add(Directories![i]);
            }
        }
    }

    /// <summary>One thread's walking state and counts.</summary>
    private sealed class Worker
    {
        private readonly ContextWalker walker;
        private readonly List<List<DirectoryEntry>> _entriesByDepth = [];
        private readonly bool[] _scratch;
        private byte[] _path = new byte[4096];

        public Worker(ContextWalker owner)
        {
            walker = owner;
            _scratch = new bool[owner._patternCount];
            EnsureCapacity(owner._root.Length + 1);
            owner._root.CopyTo(_path, 0);
        }

        public long Files, Bytes, Symlinks, Special, Directories, ExcludedFiles, ExcludedBytes;

        public List<ContextProblem> Unreadable { get; } = [];

        public List<string> OddNames { get; } = [];

        private int RelativeStart => walker._root.Length + 1;

        public void RunQueue()
        {
            while (walker.NextJob() is { } job)
            {
                try
                {
                    RunJob(job);
                }
                catch (Exception ex)
                {
                    walker.Fail(ex);
                }
                walker.Finished();
            }
        }

        private void RunJob(Job job)
        {
            var length = walker._root.Length;
            EnsureCapacity(length + 1 + job.Relative.Length);
            walker._root.CopyTo(_path, 0);
            _path[length] = (byte)'/';
            job.Relative.CopyTo(_path, length + 1);
            length += 1 + job.Relative.Length;
            if (job.CountOnly)
            {
                CountExcludedDirectory(length, 0);
                return;
            }
            ReadAndWalk(length, job.ParentResults, job.Excluded, 0, job.Output);
        }

        private void ReadAndWalk(int length, bool[] parentResults, bool excluded, int depth, Segment output)
        {
            var children = EntriesAt(depth);
            if (walker._reader.Read(_path[..length], walker._options.MeasureSizes || walker._options.MeasureExcluded, children) is { } problem)
            {
                if (!excluded)
                {
                    Unreadable.Add(new ContextProblem(Display(_path.AsSpan(RelativeStart, length - RelativeStart)), problem));
                }
                return;
            }
            WalkEntries(children, length, parentResults, depth, output);
        }

        public List<DirectoryEntry> EntriesAt(int depth)
        {
            while (_entriesByDepth.Count <= depth)
            {
                _entriesByDepth.Add([]);
            }
            var list = _entriesByDepth[depth];
            list.Clear();
            return list;
        }

        /// <summary>Walks one directory's entries (already read), writing what is sent to <paramref name="output"/>.</summary>
        public void WalkEntries(List<DirectoryEntry> entries, int directoryLength, bool[] parentResults, int depth, Segment output)
        {
            walker._cancellationToken.ThrowIfCancellationRequested();
            entries.Sort(CompareEntries);
            var matcher = walker._matcher;
            var options = walker._options;
            foreach (var entry in entries)
            {
                var length = Append(directoryLength, entry.Name);
                var relative = _path.AsSpan(RelativeStart, length - RelativeStart);
                NoteOddName(entry.Name, relative);
                var results = entry.Kind == ContextEntryKind.Directory ? new bool[walker._patternCount] : _scratch;
                var excluded = walker._patternCount != 0 && matcher.MatchesUsingParentResults(relative, parentResults, results);
                if (entry.Kind == ContextEntryKind.Directory)
                {
                    if (excluded && walker.CanSkip(relative))
                    {
                        if (options.MeasureExcluded && !walker.TryQueue(new Job(relative.ToArray(), [], true, true, output)))
                        {
                            CountExcludedDirectory(length, depth + 1);
                        }
                        continue;
                    }
                    if (!excluded)
                    {
                        Directories++;
                        output.Directories?.Add(Display(relative));
                    }
                    var job = new Job(relative.ToArray(), results, excluded, false, null!);
                    if (walker.TryQueue(job with { Output = output.AddChild() }))
                    {
                        continue;
                    }
                    ReadAndWalk(length, results, excluded, depth + 1, output);
                    continue;
                }
                var size = entry.Kind == ContextEntryKind.File && entry.HasStat ? entry.Size : 0;
                if (excluded || walker.IsDropped(relative))
                {
                    ExcludedFiles++;
                    ExcludedBytes += size;
                    continue;
                }
                if (entry.HasStat && entry.Kind == ContextEntryKind.File)
                {
                    if (!entry.Readable)
                    {
                        Unreadable.Add(new ContextProblem(Display(relative), "permission denied"));
                    }
                    if (entry.LinkCount > 1 && output.Entries is null && !walker.FirstHardLink(entry))
                    {
                        size = 0; // A further hard link: the archive holds a link, not the content again.
                    }
                }
                switch (entry.Kind)
                {
                    case ContextEntryKind.File:
                        Files++;
                        break;
                    case ContextEntryKind.Symlink:
                        Symlinks++;
                        break;
                    default:
                        Special++;
                        break;
                }
                Bytes += size;
                if (entry.Kind != ContextEntryKind.Other && options.OnSentPath is not null)
                {
                    output.AddPath(relative);
                }
                output.Entries?.Add(new ContextEntry(Display(relative), entry.Kind, size) { HardLink = entry.LinkCount > 1 && entry.Kind == ContextEntryKind.File ? HardLinkKey(entry) : null });
            }
            entries.Clear();
        }

        /// <summary>Counts a skipped directory's content as excluded (no matching: everything below is excluded).</summary>
        private void CountExcludedDirectory(int length, int depth)
        {
            var entries = EntriesAt(depth);
            if (walker._reader.Read(_path[..length], withStat: true, entries) is not null)
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
                ExcludedFiles++;
                ExcludedBytes += entry.Kind == ContextEntryKind.File && entry.HasStat ? entry.Size : 0;
            }
            entries.Clear();
        }

        private void NoteOddName(byte[] name, ReadOnlySpan<byte> relative)
        {
            if (name.AsSpan().IndexOfAny((byte)'\n', (byte)'\r') >= 0 || !Utf8.IsValid(name))
            {
                OddNames.Add(Escape(relative));
            }
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
    }

    private bool FirstHardLink(DirectoryEntry entry)
    {
        lock (_seenHardLinks)
        {
            return _seenHardLinks.Add(HardLinkKey(entry));
        }
    }

    private static string HardLinkKey(DirectoryEntry entry) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{entry.Device}:{entry.Inode}");

    /// <summary>Hard links after the first (in walk order) are sent as links: their content is not counted again.</summary>
    private static long CountHardLinksOnce(List<ContextEntry> entries)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long repeated = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].HardLink is { } key && !seen.Add(key))
            {
                repeated += entries[i].Size;
                entries[i] = entries[i] with { Size = 0 };
            }
        }
        return repeated;
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
