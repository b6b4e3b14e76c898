using Drydock.BuildContext.Walker;

namespace Drydock.BuildContext.Rules;

/// <summary>Directory facts the directory rules share: per-directory totals and sent paths, by path.</summary>
internal sealed class ContextDirectories
{
    private readonly HashSet<string> _sentFiles;

    public ContextDirectories(ContextWalkResult walk)
    {
        Totals = walk.DirectoryTotals.ToDictionary(total => total.Path, StringComparer.Ordinal);
        _sentFiles = walk.Entries.Select(entry => entry.Path).ToHashSet(StringComparer.Ordinal);
        // Ordinal order puts every parent before its children.
        Ordered = [.. walk.DirectoryTotals.Select(total => total.Path).Order(StringComparer.Ordinal)];
    }

    /// <summary>Every directory with something sent below it, parents before children.</summary>
    public IReadOnlyList<string> Ordered { get; }

    public IReadOnlyDictionary<string, ContextDirectoryTotal> Totals { get; }

    public bool IsSentFile(string path) => _sentFiles.Contains(path);

    public bool HasSentFileMatching(string directory, Func<string, bool> namePredicate)
    {
        var prefix = directory.Length == 0 ? string.Empty : directory + "/";
        return _sentFiles.Any(path => path.StartsWith(prefix, StringComparison.Ordinal) && path.IndexOf('/', prefix.Length) < 0 && namePredicate(path[prefix.Length..]));
    }

    public static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    public static string Parent(string path) => path.LastIndexOf('/') is var slash and >= 0 ? path[..slash] : string.Empty;

    /// <summary>Whether <paramref name="path"/> is <paramref name="ancestor"/> or below it.</summary>
    public static bool IsWithin(string path, string ancestor) =>
        path == ancestor || path.StartsWith(ancestor + "/", StringComparison.Ordinal);
}
