using System.Text;
using Drydock.Verification.Load;

namespace Drydock.Tests.Verification.Load;

public sealed class LoadTargetTests
{
    private static LoadOptions Options(string url) => new() { Target = new Uri(url) };

    [Theory]
    [InlineData("http://10.0.0.1:8080/", "load is only sent to 127.0.0.1, and the target 'http://10.0.0.1:8080/' names '10.0.0.1'.")]
    [InlineData("http://localhost:8080/", "names 'localhost'")]
    [InlineData("http://[::1]:8080/", "names '[::1]'")]
    [InlineData("http://127.0.0.2:8080/", "names '127.0.0.2'")]
    [InlineData("http://example.com/", "names 'example.com'")]
    [InlineData("https://127.0.0.1:8443/", "uses https; the load generator speaks plain HTTP/1.1 only")]
    [InlineData("http://user:secret@127.0.0.1:8080/", "has user information")]
    public void Only_plain_http_on_127_0_0_1_is_accepted(string url, string message)
    {
        var error = Should.Throw<DrydockException>(() => LoadTarget.Create(Options(url)));
        error.Message.ShouldContain(message);
    }

    [Fact]
    public void Refusals_say_how_to_fix_them()
    {
        Should.Throw<DrydockException>(() => LoadTarget.Check(new Uri("http://192.168.1.10/"))).Fix
            .ShouldBe("publish the service's port on the loopback interface (ports: [\"127.0.0.1:8080:8080\"]) and target http://127.0.0.1:8080.");
    }

    [Fact]
    public void Builds_one_keep_alive_request_with_headers_and_body()
    {
        var target = LoadTarget.Create(new LoadOptions
        {
            Target = new Uri("http://127.0.0.1:8080/ignored"),
            Method = "POST",
            Path = "/notes/?x=1",
            Headers = [new("Content-Type", "application/json"), new("X-Trace", " 42 ")],
            Body = Encoding.UTF8.GetBytes("{\"a\":1}"),
        });
        target.ToString().ShouldBe("http://127.0.0.1:8080/notes/?x=1");
        Encoding.Latin1.GetString(target.RequestBytes.Span).ShouldBe(
            "POST /notes/?x=1 HTTP/1.1\r\nContent-Type: application/json\r\nX-Trace: 42\r\nHost: 127.0.0.1:8080\r\n"
            + "User-Agent: drydock-load\r\nContent-Length: 7\r\n\r\n{\"a\":1}");

        var plain = LoadTarget.Create(Options("http://127.0.0.1:9000/health?deep=1"));
        Encoding.Latin1.GetString(plain.RequestBytes.Span).ShouldBe("GET /health?deep=1 HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nUser-Agent: drydock-load\r\n\r\n");
    }

    [Theory]
    [InlineData("GE T", null, null, "'GE T' is not an HTTP method")]
    [InlineData("GET", "health", null, "the load path 'health' must start with '/'")]
    [InlineData("GET", "/a b", null, "the load path '/a b' must start with '/' and hold no spaces")]
    [InlineData("GET", "/", "Connection", "the header 'Connection' is set by the load generator")]
    [InlineData("GET", "/", "Content-Length", "the header 'Content-Length' is set by the load generator")]
    [InlineData("GET", "/", "Bad Name", "'Bad Name' is not a valid HTTP header name")]
    public void Bad_requests_are_refused_before_any_traffic(string method, string? path, string? header, string message)
    {
        var options = Options("http://127.0.0.1:8080/") with
        {
            Method = method,
            Path = path,
            Headers = header is null ? [] : [new(header, "x")],
        };
        Should.Throw<DrydockException>(() => LoadTarget.Create(options)).Message.ShouldContain(message);
    }

    [Fact]
    public void Header_values_cannot_smuggle_lines()
    {
        var options = Options("http://127.0.0.1:8080/") with { Headers = [new("X-A", "1\r\nX-B: 2")] };
        Should.Throw<DrydockException>(() => LoadTarget.Create(options)).Message.ShouldBe("the value of header 'X-A' holds a line break or NUL.");
    }

    [Theory]
    [InlineData(LoadModel.Open, null, null, 10, 1L, "the open load model needs a rate above 0")]
    [InlineData(LoadModel.Open, -5.0, null, 10, 1L, "the open load model needs a rate above 0")]
    [InlineData(LoadModel.Closed, null, 0, 10, 1L, "load connections must be between 1 and 10000, not 0")]
    [InlineData(LoadModel.Closed, null, 2, 0, 1L, "load duration must be above 0")]
    [InlineData(LoadModel.Closed, null, 2, 7200, 1L, "at most 60 minutes")]
    [InlineData(LoadModel.Closed, null, 2, 10, 0L, "load max_requests must be at least 1, not 0")]
    public void Unbounded_or_absurd_runs_are_refused(LoadModel model, double? rate, int? connections, int seconds, long maxRequests, string message)
    {
        var options = Options("http://127.0.0.1:8080/") with
        {
            Model = model,
            Rate = rate,
            Connections = connections,
            Duration = TimeSpan.FromSeconds(seconds),
            MaxRequests = maxRequests,
        };
        Should.Throw<DrydockException>(options.Validate).Message.ShouldContain(message);
    }

    [Theory]
    [InlineData(5.0, 2)]
    [InlineData(200.0, 20)]
    [InlineData(100_000.0, 256)]
    public void The_open_model_sizes_its_connections_from_the_rate(double rate, int connections) =>
        (Options("http://127.0.0.1:8080/") with { Model = LoadModel.Open, Rate = rate }).EffectiveConnections.ShouldBe(connections);
}
