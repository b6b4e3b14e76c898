using System.Collections.Concurrent;
using Drydock.Text;
using Drydock.Files;

namespace Drydock.Reports.Rendering;

public interface ISourceTextProvider
{
    /// <summary>The text of a 1-based line, or null when the file or line is unavailable.</summary>
    string? GetLine(string file, int line);
}

/// <summary>Reads each file at most once; files that cannot be read give no code frame rather than an error.</summary>
public sealed class FileSourceTextProvider : ISourceTextProvider
{
    private readonly ConcurrentDictionary<string, LineIndex?> _files = new(StringComparer.Ordinal);

    /// <summary>Lets a command hand over text it already has in memory.</summary>
    public void Add(string file, string text) => _files[file] = new LineIndex(text);

    public string? GetLine(string file, int line)
    {
        var index = _files.GetOrAdd(file, static path =>
        {
            try
            {
                return new LineIndex(UserFiles.ReadAllText(path, 16 * 1024 * 1024));
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        });
        return index is not null && line >= 1 && line <= index.LineCount ? index.GetLineText(line) : null;
    }
}

public static class DisplayPaths
{
    /// <summary>
    /// A path as reports show it, '/'-separated: relative to <paramref name="workingDirectory"/> when inside it, and
    /// also when outside it but under the same top-level directory (<c>../shared/Dockerfile</c>, as a user who ran
    /// <c>drydock check ../shared</c> wrote it); absolute when the two meet only at the root (<c>/tmp/…</c> from <c>/home/…</c>).
    /// </summary>
    public static string Relative(string path, string workingDirectory)
    {
        if (string.IsNullOrEmpty(path))
        {
            return path;
        }
        var display = path;
        if (Path.IsPathFullyQualified(path))
        {
            var relative = Path.GetRelativePath(workingDirectory, path);
            if (!Path.IsPathFullyQualified(relative) && (!relative.StartsWith("..", StringComparison.Ordinal) || SameTopLevel(path, workingDirectory)))
            {
                display = relative;
            }
        }
        return display.Replace('\\', '/');
    }

    private static bool SameTopLevel(string path, string workingDirectory)
    {
        static string TopLevel(string full)
        {
            var root = Path.GetPathRoot(full) ?? string.Empty;
            var rest = full[root.Length..];
            var separator = rest.IndexOfAny(['/', '\\']);
            return root + (separator < 0 ? rest : rest[..separator]);
        }
        var top = TopLevel(Path.GetFullPath(path));
        return top.Length > (Path.GetPathRoot(top)?.Length ?? 0) && string.Equals(top, TopLevel(Path.GetFullPath(workingDirectory)), StringComparison.Ordinal);
    }
}
