using System.Text;
using Drydock.BuildContext.IgnoreFile;

namespace Drydock.Tests.BuildContext;

/// <summary>Docker's matcher beyond the upstream tables: its regex translation quirks, and our fast paths against the automaton.</summary>
public sealed class IgnoreMatcherTests
{
    [Theory]
    [InlineData("**/*.pyc", "a/b/c.pyc", true)]
    [InlineData("**/*.pyc", "c.pyc", true)]
    [InlineData("**/*.pyc", "a\nb/c.pyc", false)] // (.*/)? cannot cross a newline
    [InlineData("*.log", "a/b.log", false)]
    [InlineData("**foo", "barfoo", true)] // suffix kind: a plain "ends with"
    [InlineData("**foo", "x/barfoo", true)]
    [InlineData("abc**", "abcdef/x", true)] // prefix kind
    [InlineData("a^b*", "a^bc", false)] // '^' reaches the regex as an anchor
    [InlineData("a^b", "a^b", true)] // ...but an exact pattern compares text
    [InlineData("a\\d", "a5", true)] // '\d' is a regex digit class
    [InlineData("a\\d", "ad", false)]
    [InlineData("[a*]", "]", true)] // the class swallows the '*' translation: "[a[^/]*]"
    [InlineData("[a*]", "a", false)]
    [InlineData("[[:digit:]]x", "7x", true)]
    [InlineData("dir/**", "dir", false)]
    [InlineData("x[/]y", "x/y", true)]
    public void Translation_quirks_are_kept(string pattern, string path, bool expected) =>
        IgnoreMatcher.Create([pattern]).Patterns[0].IsMatch(path).ShouldBe(expected, $"{pattern} vs {path.Replace("\n", "\\n", StringComparison.Ordinal)}");

    [Theory]
    [InlineData("a\\b*")] // \b: word boundary, not supported
    [InlineData("a\\qb*")] // invalid escape in Go's regexp too
    [InlineData("[[:nope:]]")]
    public void Expressions_we_cannot_evaluate_fail_as_bad_patterns(string pattern) =>
        Should.Throw<IgnorePatternException>(() => IgnoreMatcher.Create([pattern]).Validate()).Error.ShouldBe(IgnorePatternError.BadPattern);

    [Fact]
    public void The_direct_matcher_agrees_with_the_automaton_on_random_patterns_and_paths()
    {
        var random = new Random(42);
        string[] pieces = ["a", "b", "/", ".", "*", "**", "?", "[ab]", "[^a]", "x", "é", "\\*", "-", "**/"];
        string[] pathPieces = ["a", "b", "/", ".", "x", "é", "*", "ab", "\n", "-"];
        var checkedPatterns = 0;
        for (var i = 0; i < 3000; i++)
        {
            var pattern = string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => pieces[random.Next(pieces.Length)]));
            IgnorePattern compiled;
            try
            {
                compiled = IgnoreMatcher.Create([pattern]).Patterns.SingleOrDefault()!;
            }
            catch (IgnorePatternException)
            {
                continue;
            }
            if (compiled is null || compiled.Kind != IgnoreMatchKind.Regex || compiled.CompileError is not null)
            {
                continue;
            }
            var expression = TranslatedExpression(compiled);
            var direct = GoRegex.Parse(expression);
            var automaton = GoRegex.Parse(expression, allowGlob: false);
            checkedPatterns += direct.UsesGlob ? 1 : 0;
            for (var j = 0; j < 20; j++)
            {
                var path = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, random.Next(0, 7)).Select(_ => pathPieces[random.Next(pathPieces.Length)])));
                direct.IsMatch(path).ShouldBe(automaton.IsMatch(path), $"{expression} on {Encoding.UTF8.GetString(path)}");
            }
        }
        checkedPatterns.ShouldBeGreaterThan(500);
    }

    [Fact]
    public void A_pattern_may_match_below_a_directory_only_where_its_text_allows()
    {
        bool Below(string pattern, string directory) => IgnoreMatcher.Create([pattern]).Patterns[0].MayMatchBelow(Encoding.UTF8.GetBytes(directory));
        Below("a/b/keep", "a").ShouldBeTrue();
        Below("a/b/keep", "ab").ShouldBeFalse();
        Below("a/b/keep", "a/b/keep").ShouldBeFalse();
        Below("*.md", "docs").ShouldBeFalse(); // no '/' in any match
        Below("docs/*.md", "docs").ShouldBeTrue();
        Below("docs/*.md", "src").ShouldBeFalse();
        Below("**/keep", "anything").ShouldBeTrue();
        Below("src/**", "src/x").ShouldBeTrue();
        Below("s*/keep", "src").ShouldBeTrue();
    }

    /// <summary>Rebuilds the expression Docker writes for a pattern (the test's own copy of the translation table).</summary>
    private static string TranslatedExpression(IgnorePattern pattern)
    {
        var text = Encoding.UTF8.GetString(pattern.Cleaned);
        var expression = new StringBuilder("^");
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '*' && i + 1 < text.Length && text[i + 1] == '*')
            {
                i++;
                if (i + 1 < text.Length && text[i + 1] == '/')
                {
                    i++;
                }
                expression.Append(i + 1 == text.Length ? ".*" : "(.*/)?");
            }
            else if (c == '*')
            {
                expression.Append("[^/]*");
            }
            else if (c == '?')
            {
                expression.Append("[^/]");
            }
            else if (".+()|{}$".Contains(c, StringComparison.Ordinal))
            {
                expression.Append('\\').Append(c);
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                expression.Append('\\').Append(text[++i]);
            }
            else
            {
                expression.Append(c);
            }
        }
        return expression.Append('$').ToString();
    }
}
