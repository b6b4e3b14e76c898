namespace Drydock.Text;

/// <summary>
/// A region of a source file. Lines and columns are 1-based; columns count UTF-16 code units
/// (SARIF's default column kind). <see cref="EndColumn"/> is exclusive, as in SARIF.
/// A span with <see cref="Line"/> 0 names a file without a position (e.g. a missing file).
/// </summary>
public readonly record struct SourceSpan(string File, int Line, int Column, int EndLine, int EndColumn)
{
    public static SourceSpan WholeFile(string file) => new(file, 0, 0, 0, 0);

    public static SourceSpan At(string file, int line, int column) => new(file, line, column, line, column + 1);

    public static SourceSpan Lines(string file, int startLine, int endLine) => new(file, startLine, 1, endLine, 1);

    public bool HasPosition => Line > 0;

    /// <summary><c>file:line:column</c>, the form editors and terminals turn into links.</summary>
    public override string ToString() => HasPosition ? $"{File}:{Line}:{Column}" : File;
}
