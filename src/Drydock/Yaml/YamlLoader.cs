using Drydock.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using Drydock.Files;

namespace Drydock.Yaml;

/// <summary>Limits that keep hostile documents (alias bombs, deep nesting) from exhausting memory or the stack.</summary>
public sealed record YamlLimits(int MaxDepth = 256, long MaxExpandedNodes = 5_000_000)
{
    public static readonly YamlLimits Default = new();
}

/// <summary>
/// Parses YAML into <see cref="YamlNode"/> trees with spans, on top of YamlDotNet's event parser:
/// anchors and aliases (resolved, with the expanded size bounded), <c>&lt;&lt;</c> merge keys (explicit keys win,
/// merged entries keep their original spans), tags kept, duplicate keys and non-scalar keys refused.
/// Every error is a <see cref="DrydockException"/> with file:line:column; the parser never throws anything else.
/// </summary>
public static class YamlLoader
{
    public const string MergeKey = "<<";

    public static YamlDocumentSet LoadFile(string path, YamlLimits? limits = null)
    {
        string text;
        try
        {
            text = UserFiles.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            throw new DrydockException($"{path} does not exist.", SourceSpan.WholeFile(path));
        }
        catch (DirectoryNotFoundException)
        {
            throw new DrydockException($"{path} does not exist.", SourceSpan.WholeFile(path));
        }
        catch (UnauthorizedAccessException)
        {
            throw new DrydockException($"{path} cannot be read: permission denied.", SourceSpan.WholeFile(path));
        }
        catch (IOException ex)
        {
            throw new DrydockException($"{path} cannot be read: {ex.Message}", SourceSpan.WholeFile(path));
        }
        return Load(text, path, limits);
    }

    public static YamlDocumentSet Load(string text, string file, YamlLimits? limits = null)
    {
        var reader = new Reader(text, file, limits ?? YamlLimits.Default);
        return new YamlDocumentSet(file, reader.ReadStream());
    }

    private sealed class Reader(string text, string file, YamlLimits limits)
    {
        private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
        private readonly Dictionary<YamlNode, long> _sizes = new(ReferenceEqualityComparer.Instance);
        private readonly Parser _parser = new(new StringReader(text));
        private long _expandedNodes;
        private Mark _lastPosition = Mark.Empty;

        public IReadOnlyList<YamlNode> ReadStream()
        {
            var documents = new List<YamlNode>();
            Expect<StreamStart>();
            while (Peek() is DocumentStart)
            {
                Next();
                _anchors.Clear();
                if (Peek() is DocumentEnd)
                {
                    documents.Add(new YamlScalar(string.Empty, YamlScalarStyle.Plain, Span(Current.Start, Current.End)));
                }
                else
                {
                    documents.Add(ReadNode(depth: 0));
                }
                Expect<DocumentEnd>();
            }
            Expect<StreamEnd>();
            return documents;
        }

        private ParsingEvent Current => _parser.Current!;

        private ParsingEvent? Peek()
        {
            if (_parser.Current is null)
            {
                Advance();
            }
            return _parser.Current;
        }

        private ParsingEvent Next()
        {
            var current = Peek() ?? throw Error(_lastPosition, "unexpected end of the document");
            Advance();
            return current;
        }

        private T Expect<T>()
            where T : ParsingEvent
        {
            var next = Next();
            return next as T ?? throw Error(next.Start, $"unexpected {Describe(next)}");
        }

        private void Advance()
        {
            try
            {
                if (_parser.Current is { } current)
                {
                    _lastPosition = current.End;
                }
                _parser.MoveNext();
            }
            catch (YamlException ex)
            {
                throw Translate(ex);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
            {
                // YamlDotNet sometimes fails with these on malformed input; the last good position is the best we have.
                throw Error(_lastPosition, "malformed YAML near here (an unclosed bracket, quote or block?)");
            }
        }

        private YamlNode ReadNode(int depth)
        {
            if (depth > limits.MaxDepth)
            {
                throw Error(Current.Start, $"nesting is deeper than {limits.MaxDepth} levels");
            }
            var next = Next();
            switch (next)
            {
                case AnchorAlias alias:
                {
                    if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        throw Error(alias.Start, $"unknown anchor '{alias.Value.Value}' (aliases must follow their anchor)");
                    }
                    Count(SizeOf(target), alias.Start);
                    return target;
                }
                case Scalar scalar:
                {
                    var node = new YamlScalar(scalar.Value, Style(scalar.Style), Span(scalar.Start, scalar.End)) { Tag = TagOf(scalar.Tag) };
                    Count(1, scalar.Start);
                    return Remember(scalar.Anchor, node);
                }
                case SequenceStart start:
                {
                    var items = new List<YamlNode>();
                    while (Peek() is not SequenceEnd)
                    {
                        items.Add(ReadNode(depth + 1));
                    }
                    var end = Next();
                    Count(1, start.Start);
                    return Remember(start.Anchor, new YamlSequence(items, Span(start.Start, end.End)) { Tag = TagOf(start.Tag) });
                }
                case MappingStart start:
                {
                    var entries = new List<YamlEntry>();
                    var seen = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
                    var merges = new List<(YamlNode Source, Mark At)>();
                    while (Peek() is not MappingEnd)
                    {
                        var keyEvent = Peek()!;
                        var keyNode = ReadNode(depth + 1);
                        if (keyNode is not YamlScalar key)
                        {
                            throw Error(keyEvent.Start, $"a {keyNode.Kind} cannot be a mapping key");
                        }
                        var value = ReadNode(depth + 1);
                        if (key.Value == MergeKey && key.IsPlain)
                        {
                            merges.Add((value, keyEvent.Start));
                            continue;
                        }
                        if (seen.TryGetValue(key.Value, out var first))
                        {
                            throw new DrydockException(
                                $"duplicate key '{key.Value}' (first defined at line {first.Span.Line}, column {first.Span.Column})",
                                key.Span,
                                "Remove one of them: YAML keys must be unique within a mapping.");
                        }
                        seen.Add(key.Value, key);
                        entries.Add(new YamlEntry(key, value));
                    }
                    var end = Next();
                    foreach (var (source, at) in merges)
                    {
                        Merge(entries, seen, source, at);
                    }
                    Count(1, start.Start);
                    return Remember(start.Anchor, new YamlMapping(entries, Span(start.Start, end.End)) { Tag = TagOf(start.Tag) });
                }
                default:
                    throw Error(next.Start, $"unexpected {Describe(next)}");
            }
        }

        /// <summary>
        /// <c>&lt;&lt;: *base</c> or <c>&lt;&lt;: [*a, *b]</c>: keys not written explicitly are taken from the merged
        /// mappings, earlier ones winning, as in YAML's merge key type.
        /// </summary>
        private void Merge(List<YamlEntry> entries, Dictionary<string, YamlScalar> seen, YamlNode source, Mark at)
        {
            IEnumerable<YamlNode> sources = source is YamlSequence sequence ? sequence.Items : [source];
            foreach (var item in sources)
            {
                if (item is not YamlMapping mapping)
                {
                    throw Error(at, $"'<<' merges mappings, not a {item.Kind}");
                }
                foreach (var entry in mapping.Entries)
                {
                    if (seen.TryAdd(entry.Key.Value, entry.Key))
                    {
                        entries.Add(entry);
                    }
                }
            }
        }

        private T Remember<T>(AnchorName anchor, T node)
            where T : YamlNode
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = node;
            }
            return node;
        }

        /// <summary>The node count a node stands for when fully expanded (aliases count their whole target).</summary>
        private long SizeOf(YamlNode node)
        {
            if (_sizes.TryGetValue(node, out var known))
            {
                return known;
            }
            long size = node switch
            {
                YamlMapping mapping => 1 + mapping.Entries.Sum(entry => 1 + SizeOf(entry.Value)),
                YamlSequence sequence => 1 + sequence.Items.Sum(SizeOf),
                _ => 1,
            };
            size = Math.Min(size, limits.MaxExpandedNodes + 1);
            _sizes[node] = size;
            return size;
        }

        private void Count(long nodes, Mark at)
        {
            _expandedNodes += nodes;
            if (_expandedNodes > limits.MaxExpandedNodes)
            {
                throw Error(at, $"the document expands to more than {limits.MaxExpandedNodes:N0} nodes through aliases (an alias bomb?)");
            }
        }

        private static YamlScalarStyle Style(ScalarStyle style) => style switch
        {
            ScalarStyle.SingleQuoted => YamlScalarStyle.SingleQuoted,
            ScalarStyle.DoubleQuoted => YamlScalarStyle.DoubleQuoted,
            ScalarStyle.Literal => YamlScalarStyle.Literal,
            ScalarStyle.Folded => YamlScalarStyle.Folded,
            _ => YamlScalarStyle.Plain,
        };

        private static string? TagOf(TagName tag)
        {
            if (tag.IsEmpty || tag.IsNonSpecific)
            {
                return null;
            }
            var value = tag.Value;
            return value.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) ? "!!" + value["tag:yaml.org,2002:".Length..] : value;
        }

        private SourceSpan Span(Mark start, Mark end) => new(file, (int)start.Line, (int)start.Column, (int)end.Line, (int)end.Column);

        private DrydockException Error(Mark at, string message) =>
            new(message, new SourceSpan(file, Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column), Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column) + 1));

        private DrydockException Translate(YamlException ex)
        {
            var message = ex.Message;
            // YamlDotNet prefixes messages with "(Line: 1, Col: 2, Idx: 3) - (…): "; the span says that already.
            var prefixEnd = message.IndexOf("): ", StringComparison.Ordinal);
            if (message.StartsWith("(Line:", StringComparison.Ordinal) && prefixEnd > 0)
            {
                message = message[(prefixEnd + 3)..];
            }
            if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FindIndentationTab(ex.Start) is { } tab)
            {
                return new DrydockException("a tab character is used for indentation", new SourceSpan(file, tab.Line, tab.Column, tab.Line, tab.Column + 1), "Indent YAML with spaces only.");
            }
            var start = ex.Start.Equals(Mark.Empty) ? _lastPosition : ex.Start;
            return new DrydockException(message.TrimEnd('.'), new SourceSpan(file, Math.Max(1, (int)start.Line), Math.Max(1, (int)start.Column), Math.Max(1, (int)ex.End.Line), Math.Max(1, (int)ex.End.Column)));
        }

        /// <summary>YamlDotNet reports tab errors at the enclosing node; find the offending tab itself.</summary>
        private (int Line, int Column)? FindIndentationTab(Mark from)
        {
            var lines = text.Split('\n');
            for (var index = Math.Max(0, (int)from.Line - 1); index < lines.Length; index++)
            {
                var line = lines[index];
                for (var column = 0; column < line.Length && (line[column] == ' ' || line[column] == '\t'); column++)
                {
                    if (line[column] == '\t')
                    {
                        return (index + 1, column + 1);
                    }
                }
            }
            return null;
        }

        private static string Describe(ParsingEvent parsingEvent) => parsingEvent switch
        {
            StreamEnd => "end of file",
            DocumentStart => "start of a document",
            DocumentEnd => "end of a document",
            MappingStart => "mapping",
            SequenceStart => "sequence",
            Scalar scalar => $"value '{scalar.Value}'",
            _ => parsingEvent.GetType().Name,
        };
    }
}
