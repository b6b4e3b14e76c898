using System.Text;
using Drydock.BuildContext.IgnoreFile;

namespace Drydock.Tests.BuildContext;

public sealed class IgnoreFileReaderTests
{
    [Fact]
    public void Each_pattern_keeps_its_line_and_columns()
    {
        var file = DockerIgnoreFile.Parse("# comment\n\n  node_modules  \r\n!/keep/me\n"u8, "/ctx/.dockerignore");
        file.Rules.Select(rule => rule.Text).ShouldBe(["node_modules", "!keep/me"]);
        file.Rules[0].Span.Line.ShouldBe(3);
        file.Rules[0].Span.Column.ShouldBe(3);
        file.Rules[0].Span.EndColumn.ShouldBe(15);
        file.Rules[1].Span.Line.ShouldBe(4);
        file.Rules[1].IsException.ShouldBeTrue();
    }

    [Fact]
    public void An_invalid_pattern_is_an_error_at_its_line()
    {
        var file = DockerIgnoreFile.Parse("ok\n# fine\n\nsrc/[a-\n"u8, "/ctx/.dockerignore");
        var error = Should.Throw<IgnorePatternException>(() => IgnoreMatcher.Create(file));
        error.Error.ShouldBe(IgnorePatternError.BadPattern);
        error.Span!.Value.ToString().ShouldBe("/ctx/.dockerignore:4:1");
        error.Message.ShouldContain("src/[a-");
        error.Fix.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void A_lone_exclamation_mark_is_an_error_at_its_line()
    {
        var file = DockerIgnoreFile.Parse("a\n !  \n"u8, ".dockerignore");
        var error = Should.Throw<IgnorePatternException>(() => IgnoreMatcher.Create(file));
        error.Error.ShouldBe(IgnorePatternError.IllegalExclusion);
        error.Span!.Value.Line.ShouldBe(2);
    }

    [Fact]
    public void A_pattern_Docker_accepts_but_cannot_match_is_reported_before_any_walk()
    {
        var matcher = IgnoreMatcher.Create(DockerIgnoreFile.Parse("fine\n[z-a]\n"u8, ".dockerignore"));
        var error = Should.Throw<IgnorePatternException>(matcher.Validate);
        error.Span!.Value.Line.ShouldBe(2);
    }

    [Fact]
    public void A_line_longer_than_Docker_reads_is_an_error()
    {
        var content = Encoding.UTF8.GetBytes("a\n" + new string('x', DockerIgnoreFile.MaxLineBytes) + "\n");
        Should.Throw<DrydockException>(() => DockerIgnoreFile.Parse(content, ".dockerignore")).Span!.Value.Line.ShouldBe(2);
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_stay_exact()
    {
        var file = DockerIgnoreFile.Parse([(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)'\n'], ".dockerignore");
        file.Rules[0].Pattern.ShouldBe([(byte)'c', (byte)'a', (byte)'f', (byte)0xE9]);
        var matcher = IgnoreMatcher.Create(file);
        matcher.MatchesUsingParentResults(new byte[] { (byte)'c', (byte)'a', (byte)'f', 0xE9 }, [], new bool[1]).ShouldBeTrue();
        matcher.MatchesUsingParentResults(new byte[] { (byte)'c', (byte)'a', (byte)'f', 0xE8 }, [], new bool[1]).ShouldBeFalse();
    }
}
