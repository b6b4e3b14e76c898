namespace Drydock.Text;

/// <summary>Maps character offsets of a text to 1-based line and column numbers.</summary>
public sealed class LineIndex
{
    private readonly int[] _lineStarts;

    public LineIndex(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                starts.Add(i + 1);
            }
            else if (c == '\r')
            {
                // CRLF counts as one line break; a lone CR is a break too (as Go's bufio scanners see it, it is not, but editors do).
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                starts.Add(i + 1);
            }
        }
        _lineStarts = [.. starts];
        Text = text;
    }

    public string Text { get; }

    public int LineCount => _lineStarts.Length;

    public (int Line, int Column) GetPosition(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var index = Array.BinarySearch(_lineStarts, offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - _lineStarts[line] + 1);
    }

    public SourceSpan GetSpan(string file, int startOffset, int endOffset)
    {
        var (line, column) = GetPosition(startOffset);
        var (endLine, endColumn) = GetPosition(Math.Max(startOffset, endOffset));
        return new SourceSpan(file, line, column, endLine, endColumn);
    }

    /// <summary>The text of a 1-based line, without its line break.</summary>
    public string GetLineText(int line)
    {
        if (line < 1 || line > _lineStarts.Length)
        {
            return string.Empty;
        }
        var start = _lineStarts[line - 1];
        var end = line < _lineStarts.Length ? _lineStarts[line] : Text.Length;
        while (end > start && (Text[end - 1] == '\n' || Text[end - 1] == '\r'))
        {
            end--;
        }
        return Text[start..end];
    }
}
