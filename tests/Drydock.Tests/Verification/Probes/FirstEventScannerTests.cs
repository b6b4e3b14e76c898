using System.Text;
using Drydock.Verification.Probes;

namespace Drydock.Tests.Verification.Probes;

public sealed class FirstEventScannerTests
{
    /// <summary>Feeds the stream in pieces of <paramref name="pieceLength"/> bytes, as it might arrive.</summary>
    private static int FirstEventEnd(string stream, int pieceLength)
    {
        var bytes = Encoding.UTF8.GetBytes(stream);
        var scanner = new FirstEventScanner();
        for (var length = Math.Min(pieceLength, bytes.Length); ; length = Math.Min(length + pieceLength, bytes.Length))
        {
            if (scanner.Scan(bytes.AsSpan(0, length)) is var end and >= 0)
            {
                return end;
            }
            if (length == bytes.Length)
            {
                return -1;
            }
        }
    }

    [Theory]
    [InlineData("data: a\n\n", 9)]
    [InlineData("data: a\r\n\r\nrest", 11)]
    [InlineData("data: a\r\rrest", 9)]
    [InlineData("data\n\n", 6)]
    [InlineData(": keep-alive\n\nevent: tick\nid: 1\n\ndata: x\ndata: y\n\n", 50)]
    [InlineData("event: tick\n\n", -1)]
    [InlineData("data: never finished\n", -1)]
    [InlineData("dataset: no\n\n", -1)]
    [InlineData("", -1)]
    public void The_first_event_ends_at_the_blank_line_after_its_data(string stream, int end)
    {
        foreach (var pieceLength in new[] { 1, 2, 3, 1000 })
        {
            FirstEventEnd(stream, pieceLength).ShouldBe(end, $"in pieces of {pieceLength}");
        }
    }
}
