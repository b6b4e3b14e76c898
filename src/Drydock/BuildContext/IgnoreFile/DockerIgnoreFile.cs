using System.Text;
using Drydock.Text;
using Drydock.Files;

namespace Drydock.BuildContext.IgnoreFile;

/// <summary>One pattern line of an ignore file, as Docker's reader returns it (cleaned, <c>!</c> kept), with its place.</summary>
public sealed record IgnoreRule(byte[] Pattern, SourceSpan Span)
{
    public string Text => GoText.Display(Pattern);

    public bool IsException => Pattern.Length > 0 && Pattern[0] == (byte)'!';
}

/// <summary>
/// A .dockerignore file read with Docker's rules (moby/patternmatcher ignorefile.ReadAll): a UTF-8 BOM is dropped,
/// lines whose first character is <c>#</c> are comments, lines are trimmed and blank ones skipped, a leading
/// <c>!</c> is kept, and the rest is path-cleaned with one leading <c>/</c> removed. Lines end at LF (CRLF too);
/// a lone CR is part of the line.
/// </summary>
public sealed record DockerIgnoreFile(string Path, IReadOnlyList<IgnoreRule> Rules)
{
    /// <summary>Go's bufio.Scanner limit: Docker fails on a longer line.</summary>
    public const int MaxLineBytes = 64 * 1024;

    public static DockerIgnoreFile Read(string path)
    {
        byte[] content;
        try
        {
            content = UserFiles.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DrydockException($"cannot read {path}: {ex.Message}", SourceSpan.WholeFile(path), "make the ignore file readable, or remove it.", ex);
        }
        return Parse(content, path);
    }

    public static DockerIgnoreFile Parse(ReadOnlySpan<byte> content, string path)
    {
        var rules = new List<IgnoreRule>();
        var lineNumber = 0;
        var offset = 0;
        while (offset < content.Length)
        {
            var newline = content[offset..].IndexOf((byte)'\n');
            var end = newline < 0 ? content.Length : offset + newline;
            var line = content[offset..end];
            offset = newline < 0 ? content.Length : end + 1;
            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }
            if (line.Length >= MaxLineBytes)
            {
                throw new DrydockException(
                    $"line {lineNumber + 1} of the ignore file is longer than {MaxLineBytes} bytes; Docker fails to read it (token too long)",
                    SourceSpan.At(path, lineNumber + 1, 1),
                    "shorten the line.");
            }
            if (lineNumber == 0 && line.StartsWith("\uFEFF"u8))
            {
                line = line[3..];
            }
            lineNumber++;
            if (line.Length > 0 && line[0] == (byte)'#')
            {
                continue;
            }
            var trimmed = GoText.TrimSpace(line);
            if (trimmed.IsEmpty)
            {
                continue;
            }
            var invert = trimmed[0] == (byte)'!';
            var body = invert ? GoText.TrimSpace(trimmed[1..]) : trimmed;
            byte[] pattern = [];
            if (body.Length > 0)
            {
                pattern = GoText.CleanPath(body);
                if (pattern.Length > 1 && pattern[0] == (byte)'/')
                {
                    pattern = pattern[1..];
                }
            }
            if (invert)
            {
                pattern = [(byte)'!', .. pattern];
            }
            rules.Add(new IgnoreRule(pattern, SpanOf(path, lineNumber, line, trimmed)));
        }
        return new DockerIgnoreFile(path, rules);
    }

    public IReadOnlyList<string> PatternTexts => [.. Rules.Select(rule => rule.Text)];

    /// <summary>The span of the trimmed pattern on its line; columns count UTF-16 code units.</summary>
    private static SourceSpan SpanOf(string path, int line, ReadOnlySpan<byte> text, ReadOnlySpan<byte> trimmed)
    {
        // The trimmed text starts with a non-space, so its first occurrence is the one after the leading spaces.
        var before = Math.Max(0, text.IndexOf(trimmed));
        var startColumn = Encoding.UTF8.GetCharCount(text[..before]) + 1;
        return new SourceSpan(path, line, startColumn, line, startColumn + Encoding.UTF8.GetCharCount(trimmed));
    }
}
