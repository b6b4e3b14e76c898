using System.Text;
using Drydock.BuildContext;
using Drydock.BuildContext.IgnoreFile;
using Drydock.BuildContext.Walker;

namespace Drydock.Tests.BuildContext;

public sealed class ContextWalkerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"drydock-walker-{Guid.NewGuid():N}");

    public ContextWalkerTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        // .NET cannot name a file whose name is not UTF-8; remove those through libc first.
        RemoveRaw(Encoding.UTF8.GetBytes(_root + "/caf").Concat(new byte[] { 0xE9, 0 }).ToArray());
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Listing_is_in_ordinal_byte_order_of_whole_paths()
    {
        Write("a/b", "a-c", "a.d", "a/a", "B", "é", "a0", "ab/c");
        List(IgnoreMatcher.Empty).ShouldBe(["B", "a-c", "a.d", "a/a", "a/b", "a0", "ab/c", "é"]);
    }

    [Fact]
    public void Symlinks_are_sent_as_links_and_never_followed()
    {
        Write("real/inside.txt");
        File.CreateSymbolicLink(Path.Combine(_root, "to-dir"), "real");
        File.CreateSymbolicLink(Path.Combine(_root, "dangling"), "missing");
        var result = Walk(IgnoreMatcher.Empty);
        result.Entries.Select(entry => (entry.Path, entry.Kind)).ShouldBe(
        [
            ("dangling", ContextEntryKind.Symlink),
            ("real/inside.txt", ContextEntryKind.File),
            ("to-dir", ContextEntryKind.Symlink),
        ]);
        result.Symlinks.ShouldBe(2);
    }

    [Fact]
    public void Odd_names_are_reported_and_listed_exactly()
    {
        Write("plain", "line\nbreak", "tab\there");
        var raw = Encoding.UTF8.GetBytes(_root + "/caf").Concat(new byte[] { 0xE9, 0 }).ToArray();
        CreateFileRaw(raw);
        var listed = new List<byte[]>();
        var result = ContextWalker.Walk(_root, IgnoreMatcher.Empty, new ContextWalkOptions { OnSentPath = path => listed.Add(path.ToArray()) });
        listed.Count.ShouldBe(4, string.Join(" | ", listed.Select(path => ContextWalker.Escape(path))));
        listed.ShouldContain(path => path.SequenceEqual(new byte[] { (byte)'c', (byte)'a', (byte)'f', 0xE9 }));
        result.OddNames.ShouldBe(["caf\\xe9", "line\\nbreak"]);
    }

    [Fact]
    public void An_unreadable_directory_is_reported_not_thrown()
    {
        Write("ok/a", "locked/b", "skipped/c");
        var reader = new FailingReader(DirectoryReaders.Default, "locked", "skipped");
        var matcher = IgnoreMatcher.Create(["skipped", "!skipped/keep"]);
        var result = ContextWalker.Walk(_root, matcher, new ContextWalkOptions(), reader, workers: 2, CancellationToken.None);
        result.Unreadable.ShouldBe([new ContextProblem("locked", "permission denied")]); // an excluded directory is not a problem
        result.Entries.Select(entry => entry.Path).ShouldBe(["ok/a"]);
    }

    [Fact]
    public void Excluded_directories_are_skipped_unread_unless_an_exception_can_reach_inside()
    {
        Write("node_modules/x/y.js", "docs/a.md", "docs/b.txt", "src/keep.md", "src/c.txt");
        var reader = new FailingReader(DirectoryReaders.Default);
        var matcher = IgnoreMatcher.Create(["node_modules", "docs", "src", "!*.md", "!src/*.md"]);
        var result = ContextWalker.Walk(_root, matcher, new ContextWalkOptions(), reader, workers: 1, CancellationToken.None);
        result.Entries.Select(entry => entry.Path).ShouldBe(["src/keep.md"]);
        reader.Read.ShouldNotContain("node_modules"); // "!*.md" has no '/': it cannot match below any directory
        reader.Read.ShouldNotContain("docs");
        reader.Read.ShouldContain("src");
    }

    [Fact]
    public void Classic_builder_cannot_reach_into_an_excluded_directory_with_a_wildcard_exception()
    {
        Write("logs/keep.txt", "logs/x.log", "top/keep.txt");
        var matcher = IgnoreMatcher.Create(["logs", "top", "!**/keep.txt"]);
        List(matcher, ContextBuilder.BuildKit).ShouldBe(["logs/keep.txt", "top/keep.txt"]);
        List(matcher, ContextBuilder.Classic).ShouldBeEmpty();
        List(IgnoreMatcher.Create(["logs", "!logs/keep.txt"]), ContextBuilder.Classic).ShouldBe(["logs/keep.txt", "top/keep.txt"]);
    }

    [Fact]
    public void Exceptions_follow_Dockers_parent_results_not_only_the_last_pattern()
    {
        // "dir/file" then "!dir": the walk carries the parent's results, so dir/file stays excluded (Docker does this).
        Write("dir/file", "dir/other");
        List(IgnoreMatcher.Create(["dir/file", "!dir"])).ShouldBe(["dir/other"]);
    }

    [Fact]
    public void Sizes_count_hard_linked_content_once_and_measure_what_is_excluded()
    {
        Write("a.bin", "skip/big.bin");
        File.WriteAllBytes(Path.Combine(_root, "a.bin"), new byte[1000]);
        File.WriteAllBytes(Path.Combine(_root, "skip/big.bin"), new byte[5000]);
        CreateHardLink(Path.Combine(_root, "a.bin"), Path.Combine(_root, "b.bin"));
        var result = ContextWalker.Walk(_root, IgnoreMatcher.Create(["skip"]), new ContextWalkOptions { MeasureExcluded = true });
        result.Files.ShouldBe(2);
        result.Bytes.ShouldBe(1000);
        result.ExcludedFiles.ShouldBe(1);
        result.ExcludedBytes.ShouldBe(5000);
        result.Entries.Select(entry => entry.Size).ShouldBe([1000L, 0L]);
    }

    [Fact]
    public void Parallel_and_sequential_walks_give_the_same_result()
    {
        new ContextTreeGenerator(77).Write(_root);
        for (var i = 0; i < 30; i++)
        {
            Directory.CreateDirectory(Path.Combine(_root, $"wide/d{i}/e"));
            File.WriteAllText(Path.Combine(_root, $"wide/d{i}/e/f{i}"), "x");
        }
        var matcher = IgnoreMatcher.Create(DockerIgnoreFile.Read(Path.Combine(_root, ".dockerignore")));
        var options = new ContextWalkOptions { MeasureExcluded = true };
        var one = ContextWalker.Walk(_root, matcher, options, DirectoryReaders.Default, 1, CancellationToken.None);
        var four = ContextWalker.Walk(_root, matcher, options, DirectoryReaders.Default, 4, CancellationToken.None);
        four.Entries.ShouldBe(one.Entries);
        four.SentDirectories.ShouldBe(one.SentDirectories);
        four.DirectoryTotals.ShouldBe(one.DirectoryTotals);
        (four.Files, four.Bytes, four.ExcludedFiles, four.ExcludedBytes).ShouldBe((one.Files, one.Bytes, one.ExcludedFiles, one.ExcludedBytes));
    }

    [Fact]
    public void Batched_reads_readdir_and_the_portable_reader_see_the_same_context()
    {
        new ContextTreeGenerator(31).Write(_root);
        var matcher = IgnoreMatcher.Create(DockerIgnoreFile.Read(Path.Combine(_root, ".dockerignore")));
        var options = new ContextWalkOptions { MeasureExcluded = true };
        var batched = ContextWalker.Walk(_root, matcher, options, LinuxDirectoryReader.TryCreate(batched: true)!, 2, CancellationToken.None);
        var perEntry = ContextWalker.Walk(_root, matcher, options, LinuxDirectoryReader.TryCreate(batched: false)!, 2, CancellationToken.None);
        var portable = ContextWalker.Walk(_root, matcher, options, new ManagedDirectoryReader(), 2, CancellationToken.None);
        batched.Entries.Count.ShouldBeGreaterThan(5);
        perEntry.Entries.ShouldBe(batched.Entries);
        portable.Entries.ShouldBe(batched.Entries);
        (perEntry.Bytes, perEntry.ExcludedFiles, perEntry.ExcludedBytes).ShouldBe((batched.Bytes, batched.ExcludedFiles, batched.ExcludedBytes));
        (portable.Bytes, portable.ExcludedFiles).ShouldBe((batched.Bytes, batched.ExcludedFiles));
    }

    /// <summary>
    /// The BuildKit walk (with skipping) against a reference that reads everything and applies Docker's per-path rule
    /// with parent results: skipping must never change what is sent.
    /// </summary>
    [Fact]
    public void Skipping_directories_never_changes_what_BuildKit_would_send()
    {
        for (var seed = 1; seed <= 40; seed++)
        {
            var root = Path.Combine(_root, $"case{seed}");
            new ContextTreeGenerator(seed).Write(root);
            var matcher = IgnoreMatcher.Create(DockerIgnoreFile.Read(Path.Combine(root, ".dockerignore")));
            var walked = new List<string>();
            ContextWalker.Walk(root, matcher, new ContextWalkOptions { OnSentPath = path => walked.Add(Encoding.UTF8.GetString(path)) });
            walked.ShouldBe(Reference(root, matcher), $"seed {seed}: {File.ReadAllText(Path.Combine(root, ".dockerignore"))}");
        }
    }

    private static List<string> Reference(string root, IgnoreMatcher matcher)
    {
        var sent = new List<string>();
        void Visit(string directory, bool[] parent)
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(directory))
            {
                var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
                var results = new bool[matcher.Patterns.Count];
                var excluded = matcher.MatchesUsingParentResults(relative, parent, results);
                var info = new FileInfo(path);
                if (info.LinkTarget is null && Directory.Exists(path))
                {
                    Visit(path, results);
                }
                else if (!excluded)
                {
                    sent.Add(relative);
                }
            }
        }
        Visit(root, []);
        sent.Sort((a, b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)));
        return sent;
    }

    private List<string> List(IgnoreMatcher matcher, ContextBuilder builder = ContextBuilder.BuildKit)
    {
        var paths = new List<string>();
        ContextWalker.Walk(_root, matcher, new ContextWalkOptions { Builder = builder, OnSentPath = path => paths.Add(Encoding.UTF8.GetString(path)) });
        return paths;
    }

    private ContextWalkResult Walk(IgnoreMatcher matcher) => ContextWalker.Walk(_root, matcher, new ContextWalkOptions());

    private void Write(params string[] paths)
    {
        foreach (var path in paths)
        {
            var full = Path.Combine(_root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, path);
        }
    }

    private static unsafe void CreateFileRaw(byte[] nullTerminatedPath)
    {
        var libc = System.Runtime.InteropServices.NativeLibrary.Load("libc.so.6");
        var creat = (delegate* unmanaged<byte*, uint, int>)System.Runtime.InteropServices.NativeLibrary.GetExport(libc, "creat");
        var close = (delegate* unmanaged<int, int>)System.Runtime.InteropServices.NativeLibrary.GetExport(libc, "close");
        fixed (byte* path = nullTerminatedPath)
        {
            var descriptor = creat(path, 0x1A4);
            descriptor.ShouldBeGreaterThanOrEqualTo(0);
            close(descriptor);
        }
    }

    private static unsafe void RemoveRaw(byte[] nullTerminatedPath)
    {
        var libc = System.Runtime.InteropServices.NativeLibrary.Load("libc.so.6");
        var unlink = (delegate* unmanaged<byte*, int>)System.Runtime.InteropServices.NativeLibrary.GetExport(libc, "unlink");
        fixed (byte* path = nullTerminatedPath)
        {
            unlink(path);
        }
    }

    private static unsafe void CreateHardLink(string existing, string link)
    {
        var libc = System.Runtime.InteropServices.NativeLibrary.Load("libc.so.6");
        var linkFunction = (delegate* unmanaged<byte*, byte*, int>)System.Runtime.InteropServices.NativeLibrary.GetExport(libc, "link");
        fixed (byte* from = Encoding.UTF8.GetBytes(existing + "\0"))
        fixed (byte* to = Encoding.UTF8.GetBytes(link + "\0"))
        {
            linkFunction(from, to).ShouldBe(0);
        }
    }

    /// <summary>Reads through the real reader, records which directories were read, and fails for some.</summary>
    private sealed class FailingReader(IDirectoryReader inner, params string[] failing) : IDirectoryReader
    {
        public List<string> Read { get; } = [];

        string? IDirectoryReader.Read(byte[] directory, bool withStat, List<DirectoryEntry> entries)
        {
            var name = Path.GetFileName(Encoding.UTF8.GetString(directory));
            lock (Read)
            {
                Read.Add(name);
            }
            return failing.Contains(name) ? "permission denied" : inner.Read(directory, withStat, entries);
        }
    }
}
