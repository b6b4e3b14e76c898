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
    /// <summary>A path as reports show it: relative to <paramref name="workingDirectory"/> when inside it, '/'-separated.</summary>
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
            if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathFullyQualified(relative))
            {
                display = relative;
            }
        }
        return display.Replace('\\', '/');
    }
}
