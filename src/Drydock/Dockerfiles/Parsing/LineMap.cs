using Drydock.Text;

namespace Drydock.Dockerfiles.Parsing;

/// <summary>
/// Maps character offsets in an instruction's logical line (continuations joined) back to file positions, so a
/// finding about one argument points at that argument even when the instruction spans several lines.
/// </summary>
public sealed class LineMap
{
    private readonly List<Segment> _segments = [];

    public LineMap(string file)
    {
        File = file;
    }

    public string File { get; }

    /// <summary>The logical line's length so far; offsets at or past it map to the end of the last segment.</summary>
    public int Length { get; private set; }

    /// <summary>The last file line the logical line takes text from.</summary>
    public int LastLine => _segments.Count == 0 ? 0 : _segments[^1].Line;

    internal void Add(int line, int column, int length)
    {
        _segments.Add(new Segment(Length, line, column, length));
        Length += length;
    }

    /// <summary>The 1-based line and column of a logical offset.</summary>
    public (int Line, int Column) Position(int offset)
    {
        if (_segments.Count == 0)
        {
            return (0, 0);
        }
        offset = Math.Clamp(offset, 0, Length);
        var low = 0;
        var high = _segments.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (_segments[middle].LogicalStart <= offset)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }
        var segment = _segments[low];
        return (segment.Line, segment.Column + (offset - segment.LogicalStart));
    }

    /// <summary>The span of <c>[start, end)</c> in the logical line.</summary>
    public SourceSpan Span(int start, int end)
    {
        if (_segments.Count == 0)
        {
            return SourceSpan.WholeFile(File);
        }
        end = Math.Max(start, end);
        var (line, column) = Position(start);
        var (endLine, endColumn) = end > start ? EndPosition(end) : (line, column);
        return new SourceSpan(File, line, column, endLine, endColumn);
    }

    /// <summary>An exclusive end: an offset at a segment boundary belongs to the end of the earlier segment.</summary>
    private (int Line, int Column) EndPosition(int end)
    {
        for (var i = _segments.Count - 1; i >= 0; i--)
        {
            var segment = _segments[i];
            if (end > segment.LogicalStart && end <= segment.LogicalStart + segment.Length)
            {
                return (segment.Line, segment.Column + (end - segment.LogicalStart));
            }
        }
        return Position(end);
    }

    // A class, not a struct: List<class> shares precompiled code, a struct instantiation would be JIT-compiled at start-up.
    private sealed record Segment(int LogicalStart, int Line, int Column, int Length);
}
