namespace Drydock.Images.Layers;

/// <summary>A path that more than one layer wrote or removed: every copy but the last is dead weight.</summary>
public sealed record WastedPath(string Path, int Occurrences, long TotalBytes);

/// <summary>
/// Wasted bytes and efficiency as dive defines them. Each non-directory path is counted once per layer that adds,
/// overwrites or removes it (a removal counts 0 bytes). A path seen in two or more layers is inefficient and all its
/// bytes (every copy, the surviving one included) are wasted bytes. Efficiency is the sum over all paths of the
/// smallest size seen divided by the sum of all sizes seen (1 when nothing has a size).
/// One deliberate difference: dive ignores opaque directories and counts a deleted directory only at the directory's
/// own path; here every file removed from a lower layer, by a whiteout of itself or of a parent or by an opaque
/// directory, counts as removed.
/// </summary>
public sealed class WasteAccount
{
    private readonly Dictionary<string, PathStat> _paths = new(StringComparer.Ordinal);

    internal void Occurrence(string path, long size, int layer)
    {
        if (!_paths.TryGetValue(path, out var stat))
        {
            _paths[path] = new PathStat { Count = 1, Total = size, Minimum = size, LastLayer = layer };
            return;
        }
        if (stat.LastLayer == layer)
        {
            return;
        }
        stat.Count++;
        stat.Total += size;
        stat.Minimum = Math.Min(stat.Minimum, size);
        stat.LastLayer = layer;
    }

    /// <summary>A lower file removed by this layer, unless the same layer writes it again (then it is an overwrite).</summary>
    internal void Removal(string path, int layer) => Occurrence(path, 0, layer);

    public long WastedBytes
    {
        get
        {
            long wasted = 0;
            foreach (var stat in _paths.Values)
            {
                if (stat.Count > 1)
                {
                    wasted += stat.Total;
                }
            }
            return wasted;
        }
    }

    /// <summary>Between 0 and 1; 1 means no byte of any layer is hidden or duplicated by a later one.</summary>
    public double Efficiency
    {
        get
        {
            long minimum = 0, total = 0;
            foreach (var stat in _paths.Values)
            {
                minimum += stat.Minimum;
                total += stat.Total;
            }
            return total == 0 ? 1.0 : (double)minimum / total;
        }
    }

    /// <summary>The inefficient paths, most bytes first (then by path).</summary>
    public IReadOnlyList<WastedPath> WastedPaths() =>
        _paths.Where(pair => pair.Value.Count > 1)
            .Select(pair => new WastedPath(pair.Key, pair.Value.Count, pair.Value.Total))
            .OrderByDescending(path => path.TotalBytes)
            .ThenBy(path => path.Path, StringComparer.Ordinal)
            .ToList();

    private sealed class PathStat
    {
        public int Count;
        public long Total;
        public long Minimum;
        public int LastLayer;
    }
}
