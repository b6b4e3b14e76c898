using Drydock.Text;

namespace Drydock.Tests.Text;

public sealed class LineIndexTests
{
    [Fact]
    public void Offsets_map_to_one_based_lines_and_columns()
    {
        var index = new LineIndex("ab\ncd\r\nef\rg");
        index.GetPosition(0).ShouldBe((1, 1));
        index.GetPosition(1).ShouldBe((1, 2));
        index.GetPosition(3).ShouldBe((2, 1));
        index.GetPosition(7).ShouldBe((3, 1));
        index.GetPosition(10).ShouldBe((4, 1));
        index.LineCount.ShouldBe(4);
        index.GetLineText(2).ShouldBe("cd");
        index.GetLineText(3).ShouldBe("ef");
        index.GetLineText(9).ShouldBeEmpty();
    }

    [Fact]
    public void Spans_cover_the_range()
    {
        var span = new LineIndex("FROM x\nRUN y\n").GetSpan("Dockerfile", 7, 12);
        span.ShouldBe(new SourceSpan("Dockerfile", 2, 1, 2, 6));
        span.ToString().ShouldBe("Dockerfile:2:1");
    }
}
