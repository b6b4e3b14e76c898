using System.Text;
using Drydock.Text;

namespace Drydock.BuildContext.IgnoreFile;

public enum IgnorePatternError
{
    /// <summary>Go's filepath.ErrBadPattern: a malformed class, a trailing <c>\</c>, an invalid translated expression.</summary>
    BadPattern,

    /// <summary>A pattern that is only <c>!</c>.</summary>
    IllegalExclusion,
}

/// <summary>An invalid .dockerignore pattern; <see cref="DrydockException.Span"/> points at its line when it came from a file.</summary>
public sealed class IgnorePatternException : DrydockException
{
    public IgnorePatternException(IgnorePatternError error, string message, SourceSpan? span = null)
        : base(message, span, error == IgnorePatternError.IllegalExclusion
            ? "write the path to re-include after the '!', or delete the line."
            : "fix the pattern: escape a literal '[', ']', '-' or '\\' with '\\', and close every '[' with ']'.")
    {
        Error = error;
    }

    public IgnorePatternError Error { get; }
}

/// <summary>
/// An ordered list of .dockerignore patterns with Docker's semantics (moby/patternmatcher, as used by the docker
/// CLI and BuildKit): patterns are trimmed and cleaned, <c>!</c> patterns re-include, the last pattern that applies
/// wins, and a path is excluded when it or a parent directory is.
/// </summary>
public sealed class IgnoreMatcher
{
    private IgnoreMatcher(IReadOnlyList<IgnorePattern> patterns, IReadOnlyList<SourceSpan?> spans)
    {
        Patterns = patterns;
        Spans = spans;
        HasExclusions = patterns.Any(pattern => pattern.Exclusion);
    }

    public static IgnoreMatcher Empty { get; } = new([], []);

    public IReadOnlyList<IgnorePattern> Patterns { get; }

    /// <summary>Where each pattern came from (null for patterns not read from a file).</summary>
    public IReadOnlyList<SourceSpan?> Spans { get; }

    /// <summary>Whether any pattern is a <c>!</c> exception.</summary>
    public bool HasExclusions { get; }

    /// <summary>Compiles patterns as Docker's <c>patternmatcher.New</c> does; a lone <c>!</c> or bad syntax throws.</summary>
    public static IgnoreMatcher Create(IEnumerable<string> patterns)
    {
        var list = patterns.ToList();
        var raw = new byte[list.Count][];
        for (var i = 0; i < list.Count; i++)
        {
            raw[i] = Encoding.UTF8.GetBytes(list[i]);
        }
        return Create(raw, new SourceSpan?[raw.Length]);
    }

    /// <summary>Compiles the patterns of an ignore file, keeping each one's line for errors and findings.</summary>
    public static IgnoreMatcher Create(DockerIgnoreFile file)
    {
        var raw = new byte[file.Rules.Count][];
        var spans = new SourceSpan?[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            raw[i] = file.Rules[i].Pattern;
            spans[i] = file.Rules[i].Span;
        }
        return Create(raw, spans);
    }

    // Arrays rather than lists or LINQ of nullable spans: no generic code to compile at start-up.
    private static IgnoreMatcher Create(byte[][] patterns, SourceSpan?[] patternSpans)
    {
        var compiled = new List<IgnorePattern>();
        var spans = new SourceSpan?[patterns.Length];
        for (var index = 0; index < patterns.Length; index++)
        {
            var raw = patterns[index];
            var span = patternSpans[index];
            var trimmed = GoText.TrimSpace(raw);
            if (trimmed.IsEmpty)
            {
                continue;
            }
            var cleaned = GoText.CleanPath(trimmed);
            var exclusion = cleaned[0] == (byte)'!';
            if (exclusion)
            {
                if (cleaned.Length == 1)
                {
                    throw new IgnorePatternException(IgnorePatternError.IllegalExclusion, "illegal exclusion pattern: \"!\"", span);
                }
                cleaned = cleaned[1..];
            }
            if (GlobSyntax.Validate(cleaned) is { } problem)
            {
                throw new IgnorePatternException(
                    IgnorePatternError.BadPattern,
                    $"syntax error in pattern '{GoText.Display(cleaned)}': {problem.Problem}",
                    span);
            }
            spans[compiled.Count] = span;
            compiled.Add(new IgnorePattern(cleaned, exclusion, compiled.Count));
        }
        return new IgnoreMatcher(compiled, spans[..compiled.Count]);
    }

    /// <summary>This list plus more patterns at its end (the docker CLI appends exceptions for its build files).</summary>
    public IgnoreMatcher Extend(IEnumerable<string> patterns)
    {
        var more = Create(patterns);
        var combined = Patterns.Concat(more.Patterns.Select(pattern => new IgnorePattern(pattern.Cleaned, pattern.Exclusion, Patterns.Count + pattern.Index))).ToList();
        return new IgnoreMatcher(combined, [.. Spans, .. more.Spans]);
    }

    /// <summary>Throws for the first pattern whose translated expression is invalid (Docker fails on it when matching).</summary>
    public void Validate()
    {
        for (var i = 0; i < Patterns.Count; i++)
        {
            if (Patterns[i].CompileError is { } error)
            {
                throw new IgnorePatternException(IgnorePatternError.BadPattern, $"syntax error in pattern '{Patterns[i].Text}': {error}", Spans[i]);
            }
        }
    }

    /// <summary>
    /// Docker's package-level <c>Matches(file, patterns)</c>: the path is cleaned first, <c>.</c> never matches, and a
    /// pattern that misses the path is tried against ONE parent (cut to the pattern's number of components).
    /// The classic builder's daemon still uses it to decide whether to drop the Dockerfile and .dockerignore.
    /// </summary>
    public bool MatchesLegacy(string file)
    {
        var cleaned = GoText.CleanPath(Encoding.UTF8.GetBytes(file));
        if (cleaned is [(byte)'.'])
        {
            return false;
        }
        var parents = ParentDirectories(cleaned);
        var matched = false;
        foreach (var pattern in Patterns)
        {
            if (pattern.Exclusion != matched)
            {
                continue;
            }
            var match = pattern.IsMatch(cleaned);
            if (!match && parents.Count > 0 && pattern.DirectoryCount <= parents.Count)
            {
                match = TryMatch(pattern, parents[pattern.DirectoryCount - 1]);
            }
            if (match)
            {
                matched = !pattern.Exclusion;
            }
        }
        return matched;
    }

    /// <summary>Docker's <c>MatchesOrParentMatches</c>: a pattern applies when it matches the path or any parent.</summary>
    public bool MatchesOrParentMatches(string file)
    {
        var path = Encoding.UTF8.GetBytes(file);
        var parents = ParentDirectories(path);
        var matched = false;
        foreach (var pattern in Patterns)
        {
            if (pattern.Exclusion != matched)
            {
                continue;
            }
            var match = pattern.IsMatch(path);
            for (var i = 0; !match && i < parents.Count; i++)
            {
                match = TryMatch(pattern, parents[i]);
            }
            if (match)
            {
                matched = !pattern.Exclusion;
            }
        }
        return matched;
    }

    /// <summary>
    /// Docker's <c>MatchesUsingParentResults</c>, what both builders' walkers call: <paramref name="parent"/> holds,
    /// per pattern, whether it matched the parent directory (empty: unknown, so parents are checked as in
    /// <see cref="MatchesOrParentMatches"/>); <paramref name="result"/> receives this path's values for its children.
    /// </summary>
    public bool MatchesUsingParentResults(ReadOnlySpan<byte> path, ReadOnlySpan<bool> parent, Span<bool> result)
    {
        var matched = false;
        List<byte[]>? parents = null;
        var patterns = Patterns;
        for (var i = 0; i < patterns.Count; i++)
        {
            var pattern = patterns[i];
            var match = parent.Length != 0 && parent[i];
            if (!match)
            {
                if (pattern.Exclusion != matched)
                {
                    result[i] = false;
                    continue;
                }
                match = pattern.IsMatch(path);
                if (!match && parent.Length == 0)
                {
                    parents ??= ParentDirectories(path);
                    for (var p = 0; !match && p < parents.Count; p++)
                    {
                        match = TryMatch(pattern, parents[p]);
                    }
                }
            }
            result[i] = match;
            if (match)
            {
                matched = !pattern.Exclusion;
            }
        }
        return matched;
    }

    public bool MatchesUsingParentResults(string path, ReadOnlySpan<bool> parent, Span<bool> result) =>
        MatchesUsingParentResults(Encoding.UTF8.GetBytes(path), parent, result);

    /// <summary>Parent checks ignore errors, as Docker's do.</summary>
    private static bool TryMatch(IgnorePattern pattern, byte[] path)
    {
        try
        {
            return pattern.IsMatch(path);
        }
        catch (IgnorePatternException)
        {
            return false;
        }
    }

    /// <summary>Go's strings.Split(filepath.Dir(path), "/") as cumulative prefixes; empty when the parent is ".".</summary>
    private static List<byte[]> ParentDirectories(ReadOnlySpan<byte> path)
    {
        var slash = path.LastIndexOf((byte)'/');
        var parent = GoText.CleanPath(slash < 0 ? [] : path[..(slash + 1)]);
        var result = new List<byte[]>();
        if (parent is [(byte)'.'])
        {
            return result;
        }
        for (var i = 0; i <= parent.Length; i++)
        {
            if (i == parent.Length || parent[i] == (byte)'/')
            {
                result.Add(parent[..i]);
            }
        }
        return result;
    }
}
