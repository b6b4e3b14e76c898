using System.Text;
using Drydock.Verification.Load;

namespace Drydock.Tests.Verification.Load;

/// <summary>The incremental HTTP/1.x answer reader both load engines share, fed byte by byte and in one piece.</summary>
public sealed class ResponseReaderTests
{
    /// <summary>Feeds <paramref name="bytes"/> in pieces of <paramref name="piece"/>; returns how many bytes it took to complete.</summary>
    private static int Feed(ResponseReader reader, byte[] bytes, int piece)
    {
        var offset = 0;
        while (!reader.Advance())
        {
            offset.ShouldBeLessThan(bytes.Length, "the answer never completed");
            var take = Math.Min(piece, bytes.Length - offset);
            var space = reader.FreeSpace();
            bytes.AsSpan(offset, take).CopyTo(space.Span);
            reader.Commit(take);
            offset += take;
        }
        return offset;
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public void Answers_complete_exactly_at_their_last_byte_however_they_are_split(int piece)
    {
        string[] answers =
        [
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
            "HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n3\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\n",
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Missing\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 204 No Content\r\n\r\n",
        ];
        int[] statuses = [200, 500, 404, 204];
        var reader = new ResponseReader();
        for (var index = 0; index < answers.Length; index++)
        {
            var bytes = Ascii(answers[index]);
            reader.Begin(isHead: false);
            Feed(reader, bytes, piece).ShouldBe(bytes.Length);
            reader.Status.ShouldBe(statuses[index]);
            reader.KeepAlive.ShouldBeTrue();
        }
    }

    [Fact]
    public void A_head_answer_has_no_body_and_http_1_0_or_close_ends_the_connection()
    {
        var reader = new ResponseReader();
        var head = Ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
        reader.Begin(isHead: true);
        Feed(reader, head, 7).ShouldBe(head.Length);

        reader.Begin(isHead: false);
        Feed(reader, Ascii("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"), 100);
        reader.KeepAlive.ShouldBeFalse();

        reader.Begin(isHead: false);
        Feed(reader, Ascii("HTTP/1.1 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 0\r\n\r\n"), 100);
        reader.KeepAlive.ShouldBeFalse();
    }

    [Fact]
    public void A_body_without_length_runs_until_the_connection_closes()
    {
        var reader = new ResponseReader();
        reader.Begin(isHead: false);
        var bytes = Ascii("HTTP/1.1 200 OK\r\n\r\nall of this until the end");
        bytes.CopyTo(reader.FreeSpace().Span);
        reader.Commit(bytes.Length);
        reader.Advance().ShouldBeFalse();
        reader.EndOfStream(nothingReceived: false);
        reader.Advance().ShouldBeTrue();
        reader.Status.ShouldBe(200);
        reader.KeepAlive.ShouldBeFalse();
    }

    [Fact]
    public void A_close_before_or_inside_an_answer_is_told_apart()
    {
        var reader = new ResponseReader();
        reader.Begin(isHead: false);
        Should.Throw<StaleConnectionException>(() => reader.EndOfStream(nothingReceived: true));

        var partial = Ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        partial.CopyTo(reader.FreeSpace().Span);
        reader.Commit(partial.Length);
        reader.Advance().ShouldBeFalse();
        Should.Throw<InvalidResponseException>(() => reader.EndOfStream(nothingReceived: false))
            .Message.ShouldBe("the connection closed in the middle of the body");
    }

    [Fact]
    public void Bytes_past_one_answer_stay_for_the_next()
    {
        var reader = new ResponseReader();
        var two = Ascii("HTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nxHTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
        two.CopyTo(reader.FreeSpace().Span);
        reader.Commit(two.Length);
        reader.Begin(isHead: false);
        reader.Advance().ShouldBeTrue();
        reader.Status.ShouldBe(201);
        reader.Begin(isHead: false);
        reader.Advance().ShouldBeTrue();
        reader.Status.ShouldBe(202);
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH\r\n\r\n", "not an HTTP/1.x status line: 'SSH-2.0-OpenSSH'")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n", "Content-Length 'ten' is not a number")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "a chunk size is not hexadecimal")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "not a header line: 'no colon here'")]
    public void Invalid_answers_say_what_is_wrong(string answer, string message)
    {
        var reader = new ResponseReader();
        reader.Begin(isHead: false);
        Should.Throw<InvalidResponseException>(() => Feed(reader, Ascii(answer), 2)).Message.ShouldBe(message);
    }

    [Fact]
    public void A_header_block_larger_than_the_limit_is_refused_instead_of_growing_forever()
    {
        var reader = new ResponseReader();
        reader.Begin(isHead: false);
        var endless = Ascii("HTTP/1.1 200 OK\r\nX-Filler: " + new string('a', 200_000));
        Should.Throw<InvalidResponseException>(() => Feed(reader, endless, 8192)).Message.ShouldBe("a header block or chunk line is longer than 64 KiB");
    }
}
