using System.Text.RegularExpressions;
using Drydock.Engine;
using Drydock.Measurements;
using Drydock.Tests.Engine.Support;
using Drydock.Tests.TestSupport;
using Drydock.Text;
using Drydock.Verification.Config;
using Drydock.Verification.Probes;

namespace Drydock.Tests.Verification.Probes;

/// <summary>
/// exec, tcp, file and http probes against one running busybox container: files with known owner, mode and first
/// bytes under /models, httpd on container port 8080 and nothing on 8081, both published on 127.0.0.1.
/// </summary>
[Trait("Category", EngineFixture.Category)]
public sealed class EngineProbeTests(EngineFixture engine) : IClassFixture<EngineFixture>, IAsyncLifetime
{
    private const string Setup = """
        mkdir -p /models/sub /www /empty && printf 'GGUF\003\000\000\000rest' > /models/a.gguf && chown 1000:1000 /models/a.gguf && chmod 640 /models/a.gguf
        printf 'NOPE' > /models/sub/b.gguf && ln -s /models /linked && echo ok > /www/index.html && touch /ready
        exec httpd -f -p 8080 -h /www
        """;

    private TestContainer _container = null!;
    private ProbeTarget _target = null!;

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    public async Task InitializeAsync()
    {
        _container = await TestContainer.RunAsync(engine.Client, ["sh", "-c", Setup], request => request with
        {
            ExposedPorts = new() { ["8080/tcp"] = new(), ["8081/tcp"] = new() },
            HostConfig = new HostConfig
            {
                PortBindings = new()
                {
                    ["8080/tcp"] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "" }],
                    ["8081/tcp"] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "" }],
                },
            },
        });
        var details = await engine.Client.InspectContainerAsync(_container.Id, Timeout);
        _target = new ProbeTarget("models", _container.Id, ProbeRunner.PublishedTcpPorts(details));
        // The setup runs as the container starts; the probe waits for it (and shows the retries work).
        var ready = await RunAsync(Exec(["test", "-f", "/ready"]) with { Timeout = TimeSpan.FromSeconds(30) });
        ready.Status.ShouldBe(ProbeStatus.Passed, ready.Detail);
    }

    public async Task DisposeAsync() => await _container.DisposeAsync();

    private async Task<ProbeResult> RunAsync(ProbeSpec spec) => (await ProbeRunner.RunAsync(engine.Client, spec, _target, Timeout)).Result;

    /// <summary>
    /// One attempt with all of 10 s to finish, however loaded the engine is: the interval equals the timeout, so a
    /// failure is not retried (the test is quick) and a pass never depends on how fast an exec or archive read is.
    /// </summary>
    private static T Quick<T>(T spec)
        where T : ProbeSpec => spec with { Timeout = TimeSpan.FromSeconds(10), Interval = TimeSpan.FromSeconds(10) };

    private static ExecProbeSpec Exec(string[] command) => Quick(new ExecProbeSpec("models", "exec", default(SourceSpan), command));

    private static FileProbeSpec File(string path) => Quick(new FileProbeSpec("models", "file", default(SourceSpan), path));

    [Fact]
    public void Published_ports_are_read_from_the_inspected_container()
    {
        _target.PublishedTcpPorts.Keys.ShouldBe([8080, 8081]);
        _target.PublishedTcpPorts.Values.ShouldAllBe(port => port > 0);
    }

    [Fact]
    public async Task Exec_probes_check_the_exit_code_and_the_output()
    {
        (await RunAsync(Exec(["sh", "-c", "id -u; echo warn >&2"]) with { User = "1000", OutputContains = "warn", OutputMatches = new Regex("^1000$", RegexOptions.Multiline) }))
            .Status.ShouldBe(ProbeStatus.Passed);

        var exit = await RunAsync(Exec(["sh", "-c", "echo broken; exit 3"]) with { Interval = TimeSpan.FromMilliseconds(300) });
        (exit.Status, exit.Detail).ShouldBe((ProbeStatus.Failed, "expected `sh -c echo broken; exit 3` to exit with 0, got 3: broken\\n"));
        exit.Attempts.ShouldBeGreaterThan(1, "a failing command is retried until the timeout");

        (await RunAsync(Exec(["sh", "-c", "exit 3"]) with { ExitCode = 3 })).Status.ShouldBe(ProbeStatus.Passed);
        (await RunAsync(Exec(["echo", "PONG"]) with { OutputContains = "PING" })).Detail.ShouldBe("expected the output of `echo PONG` to contain 'PING', got: PONG\\n");
        (await RunAsync(Exec(["echo", "PONG"]) with { OutputMatches = new Regex("^PING") })).Detail.ShouldBe("expected the output of `echo PONG` to match /^PING/, got: PONG\\n");
        (await RunAsync(Exec(["no-such-command"]))).Status.ShouldBe(ProbeStatus.Failed);
    }

    [Fact]
    public async Task Tcp_probes_pass_where_something_listens_and_fail_where_nothing_does()
    {
        var listening = await RunAsync(Quick(new TcpProbeSpec("models", "tcp", default(SourceSpan), 8080)));
        listening.Status.ShouldBe(ProbeStatus.Passed, listening.Detail);
        listening.Detail.ShouldStartWith($"connected to 127.0.0.1:{_target.PublishedTcpPorts[8080]} (container port 8080) in ");

        // The port is published (the engine's proxy accepts), but nothing listens behind it.
        var silent = await RunAsync(Quick(new TcpProbeSpec("models", "tcp", default(SourceSpan), 8081)));
        silent.Status.ShouldBe(ProbeStatus.Failed);
        silent.Detail.ShouldBe($"expected 127.0.0.1:{_target.PublishedTcpPorts[8081]} (container port 8081) to accept a connection, but it was closed at once (nothing listens on container port 8081)");

        var unpublished = await RunAsync(Quick(new TcpProbeSpec("models", "tcp", default(SourceSpan), 6379)));
        (unpublished.Status, unpublished.Attempts, unpublished.Detail).ShouldBe((ProbeStatus.Failed, 1, "container port 6379 of service models is not published on 127.0.0.1: publish it as 127.0.0.1:HOST:6379"));
    }

    [Fact]
    public async Task Http_probes_reach_the_container_through_its_published_port()
    {
        var result = await RunAsync(Quick(new HttpProbeSpec("models", "http", default(SourceSpan)) { Port = 8080, Path = "/index.html", Expect = new HttpExpectations { BodyContains = "ok" } }));
        result.Status.ShouldBe(ProbeStatus.Passed, result.Detail);
    }

    [Fact]
    public async Task File_probes_match_globs_and_check_owner_mode_size_and_first_bytes()
    {
        var all = await RunAsync(File("/models/**/*.gguf"));
        (all.Status, all.Detail).ShouldBe((ProbeStatus.Passed, "2 matches for /models/**/*.gguf"));

        var good = File("/models/*.gguf") with
        {
            Owner = "1000:1000",
            Mode = Convert.ToInt32("640", 8),
            Size = new Target(new Metric("size", Unit.Bytes), "models", Comparison.GreaterThan, 8),
            Magic = "GGUF"u8.ToArray(),
        };
        var passed = await RunAsync(good);
        (passed.Status, passed.Detail).ShouldBe((ProbeStatus.Passed, "1 match for /models/*.gguf"));
        (await RunAsync(good with { Owner = "1000" })).Status.ShouldBe(ProbeStatus.Passed);
        (await RunAsync(good with { Path = "/linked/a.gguf" })).Status.ShouldBe(ProbeStatus.Passed, "a symbolic link at the root is followed");

        (await RunAsync(good with { Owner = "0" })).Detail.ShouldBe("/models/a.gguf: expected owner 0, got 1000:1000");
        (await RunAsync(good with { Owner = "1000:0" })).Detail.ShouldBe("/models/a.gguf: expected owner 1000:0, got 1000:1000");
        (await RunAsync(good with { Mode = Convert.ToInt32("644", 8) })).Detail.ShouldBe("/models/a.gguf: expected mode 0644, got 0640");
        (await RunAsync(good with { Size = new Target(new Metric("size", Unit.Bytes), "models", Comparison.GreaterThan, 1000) })).Detail
            .ShouldBe("/models/a.gguf: expected size > 1 kB, got 12 B");
        (await RunAsync(good with { Path = "/models/**/b.gguf", Owner = null, Mode = null, Size = null })).Detail
            .ShouldBe("/models/sub/b.gguf: expected it to begin with GGUF (hex:47475546), got NOPE (hex:4e4f5045)");
        (await RunAsync(good with { Path = "/models/sub", Owner = null, Mode = null, Size = null })).Detail
            .ShouldBe("/models/sub: expected a regular file (to check its size or first bytes), but it is a directory");
        (await RunAsync(good with { Owner = "app" })).Detail.ShouldBe("owner 'app' is not a uid (1000) or uid:gid (1000:1000)");
    }

    [Fact]
    public async Task File_probes_for_absent_paths()
    {
        (await RunAsync(File("/models/*.bin") with { Exists = false })).Status.ShouldBe(ProbeStatus.Passed);
        (await RunAsync(File("/missing/*.gguf") with { Exists = false })).Detail.ShouldBe("nothing matches /missing/*.gguf (/missing does not exist)");
        var present = await RunAsync(File("/models/*.gguf") with { Exists = false });
        (present.Status, present.Detail).ShouldBe((ProbeStatus.Failed, "expected nothing to match /models/*.gguf, found /models/a.gguf"));

        (await RunAsync(File("/missing/*.gguf"))).Detail.ShouldBe("expected a match for /missing/*.gguf, but /missing does not exist");
        (await RunAsync(File("/empty/*"))).Detail.ShouldBe("expected a match for /empty/*, found none under /empty");
        (await RunAsync(File("/models/a.gguf"))).Detail.ShouldBe("1 match for /models/a.gguf");
    }

    [Fact]
    public async Task A_glob_over_the_whole_file_system_stops_at_the_entry_bound()
    {
        // busybox alone has hundreds of applet links under /bin; /proc and /sys are not archived, so build a tree.
        var made = await engine.Client.ExecAsync(_container.Id, new ExecOptions { Command = ["sh", "-c", "mkdir -p /many && cd /many && seq 1 10001 | xargs touch"] }, Timeout);
        made.ExitCode.ShouldBe(0, made.StandardError);
        var result = await RunAsync(File("/many/**/*.gguf"));
        (result.Status, result.Attempts).ShouldBe((ProbeStatus.Failed, 1));
        result.Detail.ShouldBe("stopped after 10,000 entries under /many without finishing /many/**/*.gguf: start the glob with a deeper directory");
    }

    [Fact]
    public async Task A_probe_against_a_container_that_is_gone_fails_with_the_engine_error()
    {
        var gone = new ProbeTarget("models", "drydock-no-such-container", _target.PublishedTcpPorts);
        var result = (await ProbeRunner.RunAsync(engine.Client, File("/models/*.gguf"), gone, Timeout)).Result;
        result.Status.ShouldBe(ProbeStatus.Failed);
        var exec = (await ProbeRunner.RunAsync(engine.Client, Exec(["true"]), gone, Timeout)).Result;
        exec.Status.ShouldBe(ProbeStatus.Failed);
        exec.Detail.ShouldNotBeNull().ShouldContain("drydock-no-such-container");
    }
}
