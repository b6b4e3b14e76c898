namespace Drydock.Images.Layers;

/// <summary>A path of the final (merged) file system and the layer that last wrote it (0-based among non-empty layers).</summary>
public sealed record MergedFile(LayerEntry Entry, int Layer)
{
    public string Path => Entry.Path;
}

/// <summary>
/// The image's file system as a container sees it: layers applied in order, with whiteouts (<c>.wh.NAME</c>) deleting
/// lower paths and opaque markers (<c>.wh..wh..opq</c>) hiding a lower directory's content. As in the OCI image spec,
/// markers only affect lower layers, never entries of their own layer. While applying layers it keeps the per-path
/// accounting behind <see cref="WasteAccount"/>.
/// </summary>
public sealed class MergedFileSystem
{
    private readonly Node _root = new("/", null, isDirectory: true);
    private readonly WasteAccount _waste = new();
    private int _layers;

    public WasteAccount Waste => _waste;

    public int LayerCount => _layers;

    /// <summary>Builds the merged file system of <paramref name="layers"/>, lowest first.</summary>
    public static MergedFileSystem Build(IEnumerable<LayerIndex> layers)
    {
        var fileSystem = new MergedFileSystem();
        foreach (var layer in layers)
        {
            fileSystem.Apply(layer);
        }
        return fileSystem;
    }

    /// <summary>Applies the next layer on top of those applied so far.</summary>
    public void Apply(LayerIndex layer)
    {
        var index = _layers++;
        var removed = new List<LayerEntry>();
        foreach (var entry in layer.Entries)
        {
            if (entry.Kind == EntryKind.Opaque && Find(entry.Path) is { IsDirectory: true } directory && directory.Children is { } children)
            {
                foreach (var child in children.Values)
                {
                    CollectFiles(child, removed);
                }
                children.Clear();
            }
        }
        foreach (var entry in layer.Entries)
        {
            if (entry.Kind == EntryKind.Whiteout && Find(entry.Path) is { } deleted && deleted.Parent is { } parent)
            {
                CollectFiles(deleted, removed);
                parent.Children!.Remove(deleted.Name);
            }
        }
        foreach (var entry in layer.Entries)
        {
            if (!entry.IsMarker)
            {
                Upsert(entry, index, removed);
                if (!entry.IsDirectory)
                {
                    _waste.Occurrence(entry.Path, entry.Size, index);
                }
            }
        }
        foreach (var file in removed)
        {
            _waste.Removal(file.Path, index);
        }
    }

    /// <summary>The entry at an absolute path, or null (also for directories that only exist implicitly).</summary>
    public MergedFile? Get(string path) => Find(LayerScanner.NormalizePath(path)) is { Entry: { } entry } node ? new MergedFile(entry, node.Layer) : null;

    /// <summary>Whether the path exists (as an entry or as an implicit parent directory).</summary>
    public bool Exists(string path) => Find(LayerScanner.NormalizePath(path)) is not null;

    /// <summary>Every entry of the final file system, in path order (a directory before its content).</summary>
    public IEnumerable<MergedFile> Entries()
    {
        var stack = new Stack<Node>();
        Push(stack, _root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.Entry is { } entry)
            {
                yield return new MergedFile(entry, node.Layer);
            }
            Push(stack, node);
        }

        static void Push(Stack<Node> stack, Node node)
        {
            if (node.Children is { Count: > 0 } children)
            {
                foreach (var child in children.Values.OrderByDescending(child => child.Name, StringComparer.Ordinal))
                {
                    stack.Push(child);
                }
            }
        }
    }

    /// <summary>The regular files of the final file system.</summary>
    public IEnumerable<MergedFile> Files() => Entries().Where(file => file.Entry.Kind == EntryKind.File);

    private Node? Find(string path)
    {
        var node = _root;
        foreach (var range in path.AsSpan().Split('/'))
        {
            var segment = path.AsSpan()[range];
            if (segment.IsEmpty)
            {
                continue;
            }
            if (node.Children is null || !node.Children.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(segment, out var child))
            {
                return null;
            }
            node = child;
        }
        return node;
    }

    private void Upsert(LayerEntry entry, int layer, List<LayerEntry> removed)
    {
        if (entry.Path == "/")
        {
            _root.Entry = entry;
            _root.Layer = layer;
            return;
        }
        var node = _root;
        var path = entry.Path;
        var start = 1;
        while (true)
        {
            var slash = path.IndexOf('/', start);
            var last = slash < 0;
            var name = last ? path[start..] : path[start..slash];
            node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            if (last)
            {
                if (node.Children.TryGetValue(name, out var existing))
                {
                    if (existing.IsDirectory && entry.IsDirectory)
                    {
                        existing.Entry = entry;
                        existing.Layer = layer;
                        return;
                    }
                    // A file replaced by a file is an overwrite (counted by the caller); any change of kind removes what was there.
                    if (existing.IsDirectory || entry.IsDirectory)
                    {
                        CollectFiles(existing, removed);
                    }
                }
                node.Children[name] = new Node(name, node, entry.IsDirectory) { Entry = entry, Layer = layer };
                return;
            }
            if (!node.Children.TryGetValue(name, out var next) || !next.IsDirectory)
            {
                if (next is not null)
                {
                    CollectFiles(next, removed);
                }
                next = new Node(name, node, isDirectory: true) { Layer = layer };
                node.Children[name] = next;
            }
            node = next;
            start = slash + 1;
        }
    }

    private static void CollectFiles(Node node, List<LayerEntry> files)
    {
        if (!node.IsDirectory)
        {
            if (node.Entry is { } entry)
            {
                files.Add(entry);
            }
            return;
        }
        if (node.Children is { } children)
        {
            foreach (var child in children.Values)
            {
                CollectFiles(child, files);
            }
        }
    }

    private sealed class Node(string name, Node? parent, bool isDirectory)
    {
        public string Name { get; } = name;

        public Node? Parent { get; } = parent;

        public bool IsDirectory { get; } = isDirectory;

        public Dictionary<string, Node>? Children { get; set; }

        /// <summary>Null for a directory that exists only because something below it does.</summary>
        public LayerEntry? Entry { get; set; }

        public int Layer { get; set; }
    }
}
