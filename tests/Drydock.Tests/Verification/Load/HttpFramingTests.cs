using System.Text;
using Drydock.Verification.Load;

namespace Drydock.Tests.Verification.Load;

/// <summary>The generator's HTTP/1.1 reader against each way a server may frame and end its answers.</summary>
[Collection(LoadTimingCollection.Name)]
public sealed class HttpFramingTests
{
    /// <param name="onTasks">The closed model's task-per-connection engine instead of the epoll event loop.</param>
    private static Task<LoadResult> Run(TestHttpServer server, long requests, bool onTasks, string method = "GET") =>
        LoadGenerator.RunAsync(new LoadOptions
        {
            ClosedModelOnTasks = onTasks,
            Target = server.Url,
            Connections = 1,
            MaxRequests = requests,
            Method = method,
            Duration = TimeSpan.FromSeconds(5),
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Content_length_bodies_of_any_size_are_read_whole_on_one_connection(bool onTasks)
    {
        var big = new string('x', 100_000);
        await using var server = new TestHttpServer(number => new Reply(Body: number % 2 == 0 ? big : "small"));
        var result = await Run(server, 20, onTasks);
        result.Completed.ShouldBe(20);
        result.Errors.Total.ShouldBe(0);
        server.Connections.ShouldBe(1);
        result.BytesReceived.ShouldBeGreaterThan(10 * 100_000);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Chunked_bodies_with_extensions_and_trailers_keep_the_connection(bool onTasks)
    {
        await using var server = new TestHttpServer(_ => new Reply(Body: new string('c', 5000)) { Chunked = true });
        var result = await Run(server, 10, onTasks);
        result.Completed.ShouldBe(10);
        result.Errors.Total.ShouldBe(0);
        server.Connections.ShouldBe(1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Answers_that_arrive_a_few_bytes_at_a_time_are_reassembled(bool onTasks)
    {
        await using var server = new TestHttpServer(number => new Reply(Body: "trickled body") { Trickle = true, Chunked = number % 2 == 0 });
        var result = await Run(server, 4, onTasks);
        result.Completed.ShouldBe(4);
        result.Errors.Total.ShouldBe(0);
        server.Connections.ShouldBe(1);
        // The first byte came well before the last.
        result.TimeToFirstByte.P50Ms.ShouldBeLessThan(result.ServiceTime.P50Ms);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Connection_close_and_http_1_0_reopen_for_the_next_request(bool onTasks)
    {
        await using var closing = new TestHttpServer(_ => new Reply { Close = true });
        (await Run(closing, 5, onTasks)).Completed.ShouldBe(5);
        closing.Connections.ShouldBe(5);

        await using var old = new TestHttpServer(_ => new Reply { Version = "HTTP/1.0" });
        var result = await Run(old, 5, onTasks);
        result.Errors.Total.ShouldBe(0);
        result.ConnectionsOpened.ShouldBe(5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_that_ends_with_the_connection_is_read_to_the_end(bool onTasks)
    {
        await using var server = new TestHttpServer(_ => new Reply(Body: "until the end") { UntilClose = true });
        var result = await Run(server, 4, onTasks);
        result.Completed.ShouldBe(4);
        result.Errors.Total.ShouldBe(0);
        server.Connections.ShouldBe(4);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_kept_alive_connection_the_server_dropped_is_reopened_without_an_error(bool onTasks)
    {
        // The server closes after every second answer without saying so, like an idle keep-alive timeout.
        await using var server = new TestHttpServer(number => new Reply { SilentClose = number % 2 == 0 });
        var result = await Run(server, 10, onTasks);
        result.Completed.ShouldBe(10);
        result.Errors.Total.ShouldBe(0);
        server.Connections.ShouldBe(5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Head_answers_have_no_body_even_with_a_length(bool onTasks)
    {
        await using var server = new TestHttpServer(_ => new Reply(Body: "not sent for HEAD"));
        var result = await Run(server, 5, onTasks, "HEAD");
        result.Completed.ShouldBe(5);
        result.Errors.Total.ShouldBe(0);
        server.Connections.ShouldBe(1);
        server.FirstRequest.ShouldNotBeNull().ShouldStartWith("HEAD / HTTP/1.1\r\n");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_request_arrives_as_built(bool onTasks)
    {
        await using var server = new TestHttpServer();
        await LoadGenerator.RunAsync(new LoadOptions
        {
            Target = server.Url,
            Method = "PUT",
            Path = "/notes/1",
            Headers = [new("X-Run", "7")],
            Body = Encoding.UTF8.GetBytes("hello"),
            Connections = 1,
            MaxRequests = 1,
            ClosedModelOnTasks = onTasks,
        });
        server.FirstRequest.ShouldBe($"PUT /notes/1 HTTP/1.1\r\nX-Run: 7\r\nHost: 127.0.0.1:{server.Port}\r\nUser-Agent: drydock-load\r\nContent-Length: 5\r\n\r\nhello");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_server_that_does_not_speak_http_is_a_read_error(bool onTasks)
    {
        await using var server = new TestHttpServer(_ => new Reply { Version = "SSH-2.0" });
        var result = await Run(server, 3, onTasks);
        result.Completed.ShouldBe(0);
        result.Errors.Read.ShouldBe(3);
        result.ErrorSamples.ShouldContain(sample => sample.StartsWith("not an HTTP/1.x status line: 'SSH-2.0 200 Status'", StringComparison.Ordinal));
    }
}
