using System.Text;
using Drydock.Measurements;
using Drydock.Tests.TestSupport;
using Drydock.Verification.Config;

// Not "...Verification.Config": that namespace would hide FsCheck's Config from the sibling test namespaces.
namespace Drydock.Tests.Verification.Configuration;

public sealed class VerifyConfigParserTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("drydock-verify-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The drydock.yml example in docs/drydock-yml.md (the first one after <paramref name="heading"/>, when given), as written there.</summary>
    public static string DocumentedExample(string? heading = null)
    {
        var markdown = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "drydock-yml.md"));
        var from = heading is null ? 0 : markdown.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        from.ShouldBeGreaterThanOrEqualTo(0, $"docs/drydock-yml.md has no heading '{heading}'");
        var start = markdown.IndexOf("```yaml\n", from, StringComparison.Ordinal) + "```yaml\n".Length;
        return markdown[start..markdown.IndexOf("\n```", start, StringComparison.Ordinal)] + "\n";
    }

    private string Write(string yaml)
    {
        var path = Path.Combine(_directory, "drydock.yml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private VerifyConfig Parse(string yaml) => VerifyConfigParser.Load(Write(yaml));

    private static Target Target(string metric, string? service, Comparison comparison, double value, string unit) =>
        new(new Metric(metric, Units.FromSymbol(unit)!.Value), service, comparison, value);

    [Fact]
    public void The_documented_example_parses_to_what_the_document_says()
    {
        var path = Write(DocumentedExample());
        var config = VerifyConfigParser.Load(path);

        config.File.ShouldBe(path);
        config.BaseDirectory.ShouldBe(_directory);
        config.ComposeFiles.ShouldBe(["compose.yaml"]);
        config.Timeout.ShouldBe(TimeSpan.FromMinutes(10));
        config.StartupTimeout.ShouldBe(TimeSpan.FromMinutes(3));
        config.Idle.ShouldBe(new IdleSampling(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1)));
        config.LogErrorPatterns.ShouldBe(VerifyConfig.DefaultLogErrorPatterns);
        config.Targets.Select(spec => spec.Target).ShouldBe(
        [
            Target("build_time", null, Comparison.LessOrEqual, 600, "s"),
            Target("image_size", null, Comparison.LessThan, 300_000_000, "bytes"),
            Target("startup_time", null, Comparison.LessThan, 30, "s"),
            Target("restarts", null, Comparison.LessOrEqual, 0, "count"),
            Target("log_errors", null, Comparison.LessOrEqual, 0, "count"),
        ]);
        config.Targets[1].Span.Line.ShouldBe(13);

        var api = config.Services.ShouldHaveSingleItem();
        config.FindService("api").ShouldBeSameAs(api);
        api.Name.ShouldBe("api");
        api.Optional.ShouldBeFalse();
        api.Targets.Select(spec => spec.Target).ShouldBe(
        [
            Target("image_size", "api", Comparison.LessThan, 150_000_000, "bytes"),
            Target("time_to_healthy", "api", Comparison.LessThan, 10, "s"),
            Target("memory_idle", "api", Comparison.LessThan, 500_000_000, "bytes"),
            Target("cpu_idle", "api", Comparison.LessThan, 5, "%"),
            Target("log_errors", "api", Comparison.LessOrEqual, 0, "count"),
            Target("restarts", "api", Comparison.LessOrEqual, 0, "count"),
            Target("cpu_limit", "api", Comparison.Equal, 4, "CPU"),
            Target("memory_limit", "api", Comparison.Equal, 8L * 1024 * 1024 * 1024, "bytes"),
        ]);
        api.LogErrorPatterns.ShouldBe(["ERROR", "CRITICAL"]);
        var image = api.Image.ShouldNotBeNull();
        image.User.ShouldBe(UserExpectation.NonRoot);
        image.Absent.Select(glob => glob.Pattern).ShouldBe(["/app/**/*.py"]);
        image.Present.Select(glob => glob.Pattern).ShouldBe(["/usr/lib/python3/dist-packages/memsvc/**/*.pyc"]);
        image.MaxWastedBytes.ShouldBe(20_000_000);

        api.Probes.Select(probe => (probe.Kind, probe.Name)).ShouldBe(
        [
            ("http", "health"),
            ("exec", "redis answers"),
            ("tcp", "tcp 6379"),
            ("file", "model file"),
        ]);
        api.Probes.ShouldAllBe(probe => probe.Service == "api");

        var http = api.Probes[0].ShouldBeOfType<HttpProbeSpec>();
        http.Path.ShouldBe("/health");
        http.Method.ShouldBe("GET");
        http.Port.ShouldBe(8080);
        http.Headers.ShouldBe([new("Accept", "application/json")]);
        http.Body.ShouldBe("""{"a":1}""");
        http.Timeout.ShouldBe(TimeSpan.FromSeconds(30));
        http.Interval.ShouldBe(TimeSpan.FromSeconds(1));
        http.Expect.Status.ShouldBe(200);
        http.Expect.Headers.ShouldBe([new("Content-Type", "application/json")]);
        http.Expect.BodyContains.ShouldBe("ok");
        http.Expect.BodyMatches.ShouldNotBeNull().IsMatch("""{"status":  "ok"}""").ShouldBeTrue();
        http.Expect.Json.ShouldBe([new("$.status", "\"ok\""), new("$.items[0].id", "3")]);
        http.Expect.Prometheus.ShouldBe(["notes_requests_total"]);
        http.Expect.FirstEventWithin.ShouldBe(TimeSpan.FromSeconds(2));
        http.Expect.Latency.ShouldBe(Target("latency", "api", Comparison.LessThan, 100, "ms"));

        var exec = api.Probes[1].ShouldBeOfType<ExecProbeSpec>();
        exec.Command.ShouldBe(["redis-cli", "ping"]);
        exec.User.ShouldBe("999");
        exec.ExitCode.ShouldBe(0);
        exec.OutputContains.ShouldBe("PONG");
        exec.OutputMatches.ShouldNotBeNull().ToString().ShouldBe("^PONG");

        api.Probes[2].ShouldBeOfType<TcpProbeSpec>().Port.ShouldBe(6379);

        var file = api.Probes[3].ShouldBeOfType<FileProbeSpec>();
        file.Path.ShouldBe("/models/*.gguf");
        file.Exists.ShouldBeTrue();
        file.Owner.ShouldBe("1000");
        file.Mode.ShouldBe(0b110_100_100);
        file.Size.ShouldBe(Target("file_size", "api", Comparison.GreaterThan, 1000, "bytes"));
        file.Magic.ShouldBe("GGUF"u8.ToArray());
    }

    [Fact]
    public void An_empty_file_gives_the_defaults()
    {
        var config = Parse("# nothing\n");
        config.ComposeFiles.ShouldBeEmpty();
        config.Timeout.ShouldBe(TimeSpan.FromMinutes(10));
        config.StartupTimeout.ShouldBe(TimeSpan.FromMinutes(3));
        config.Idle.ShouldBe(IdleSampling.Default);
        config.LogErrorPatterns.ShouldBe(VerifyConfig.DefaultLogErrorPatterns);
        config.Targets.ShouldBeEmpty();
        config.Services.ShouldBeEmpty();
        config.Load.ShouldBeEmpty();
        config.Scenarios.ShouldBeEmpty();
    }

    [Fact]
    public void Other_sections_are_left_to_their_readers()
    {
        var config = Parse("check:\n  shellcheck: false\ncontext:\n  max_size: 70 MB\nscenarios:\nload: []\ntimeout: 90\n");
        config.Timeout.ShouldBe(TimeSpan.FromSeconds(90));
        config.Load.ShouldBeEmpty();
        config.Scenarios.ShouldBeEmpty();
    }

    [Fact]
    public void Probes_and_services_get_their_defaults()
    {
        var config = Parse("""
            compose: compose.prod.yaml
            idle: {window: 30s}
            services:
              db:
              web:
                optional: true
                probes:
                  - http: {}
                  - http: /ready
                    timeout: 5s
                    interval: 250ms
                  - exec: redis-cli ping | grep PONG
                  - file: /models/*.gguf
                  - file: {path: /etc/secret, exists: false}
            """);
        config.ComposeFiles.ShouldBe(["compose.prod.yaml"]);
        config.Idle.ShouldBe(new IdleSampling(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)));
        var db = config.Services[0];
        (db.Name, db.Optional, db.Targets.Count, db.Probes.Count, db.Image, db.LogErrorPatterns).ShouldBe(("db", false, 0, 0, null, null));
        var web = config.FindService("web").ShouldNotBeNull();
        web.Optional.ShouldBeTrue();
        web.Probes.Select(probe => probe.Name).ShouldBe(["http GET /", "http GET /ready", "exec redis-cli ping | grep PONG", "file /models/*.gguf", "file /etc/secret"]);

        var root = web.Probes[0].ShouldBeOfType<HttpProbeSpec>();
        (root.Method, root.Path, root.Port, root.Body, root.Timeout, root.Interval).ShouldBe(("GET", "/", null, null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)));
        root.Expect.ShouldBe(new HttpExpectations());
        var ready = web.Probes[1].ShouldBeOfType<HttpProbeSpec>();
        (ready.Timeout, ready.Interval).ShouldBe((TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(250)));
        web.Probes[2].ShouldBeOfType<ExecProbeSpec>().Command.ShouldBe(["/bin/sh", "-c", "redis-cli ping | grep PONG"]);
        var model = web.Probes[3].ShouldBeOfType<FileProbeSpec>();
        (model.Exists, model.Owner, model.Mode, model.Size, model.Magic).ShouldBe((true, null, null, null, null));
        web.Probes[4].ShouldBeOfType<FileProbeSpec>().Exists.ShouldBeFalse();
    }

    [Theory]
    [InlineData("build_time: 10m", "build_time", Comparison.LessOrEqual, 600, "s")]
    [InlineData("startup_time: <= 10s", "startup_time", Comparison.LessOrEqual, 10, "s")]
    [InlineData("startup_time: 1m30s", "startup_time", Comparison.LessOrEqual, 90, "s")]
    [InlineData("startup_time: 1.5", "startup_time", Comparison.LessOrEqual, 1.5, "s")]
    [InlineData("startup_time: <250ms", "startup_time", Comparison.LessThan, 0.25, "s")]
    [InlineData("time_to_healthy: 2h", "time_to_healthy", Comparison.LessOrEqual, 7200, "s")]
    [InlineData("time_to_healthy: 0", "time_to_healthy", Comparison.LessOrEqual, 0, "s")]
    [InlineData("image_size: < 300 MB", "image_size", Comparison.LessThan, 300_000_000, "bytes")]
    [InlineData("image_size: 1.5GB", "image_size", Comparison.LessOrEqual, 1_500_000_000, "bytes")]
    [InlineData("image_size: 512MiB", "image_size", Comparison.LessOrEqual, 512 * 1024 * 1024, "bytes")]
    [InlineData("image_size: 2 KiB", "image_size", Comparison.LessOrEqual, 2048, "bytes")]
    [InlineData("memory_idle: < 1 kB", "memory_idle", Comparison.LessThan, 1000, "bytes")]
    [InlineData("memory_idle: 4096", "memory_idle", Comparison.LessOrEqual, 4096, "bytes")]
    [InlineData("memory_idle: 300B", "memory_idle", Comparison.LessOrEqual, 300, "bytes")]
    [InlineData("cpu_idle: 5%", "cpu_idle", Comparison.LessOrEqual, 5, "%")]
    [InlineData("cpu_idle: '>= 0.5 %'", "cpu_idle", Comparison.GreaterOrEqual, 0.5, "%")]
    [InlineData("cpu_idle: < 150", "cpu_idle", Comparison.LessThan, 150, "%")]
    [InlineData("restarts: 0", "restarts", Comparison.LessOrEqual, 0, "count")]
    [InlineData("restarts: '> 2'", "restarts", Comparison.GreaterThan, 2, "count")]
    [InlineData("restarts: '>= 1'", "restarts", Comparison.GreaterOrEqual, 1, "count")]
    [InlineData("log_errors: == 0", "log_errors", Comparison.Equal, 0, "count")]
    [InlineData("log_errors: '!= 3'", "log_errors", Comparison.NotEqual, 3, "count")]
    [InlineData("cpu_limit: == 4", "cpu_limit", Comparison.Equal, 4, "CPU")]
    [InlineData("cpu_limit: <= 0.5", "cpu_limit", Comparison.LessOrEqual, 0.5, "CPU")]
    [InlineData("memory_limit: == 8 GiB", "memory_limit", Comparison.Equal, 8L * 1024 * 1024 * 1024, "bytes")]
    [InlineData("memory_limit: '> 0'", "memory_limit", Comparison.GreaterThan, 0, "bytes")]
    public void Targets_take_an_operator_and_a_value_in_the_unit_of_their_metric(string line, string metric, Comparison comparison, double value, string unit)
    {
        var stack = Parse($"targets:\n  {line}\n").Targets.ShouldHaveSingleItem();
        stack.Target.ShouldBe(Target(metric, null, comparison, value, unit));
        stack.Span.ToString().ShouldEndWith($":2:{line.IndexOf(':', StringComparison.Ordinal) + 5}");
        if (metric is not "startup_time")
        {
            Parse($"services:\n  api:\n    targets:\n      {line}\n").Services[0].Targets.ShouldHaveSingleItem().Target
                .ShouldBe(Target(metric, "api", comparison, value, unit));
        }
    }

    [Theory]
    [InlineData("< 2s", Comparison.LessThan, 2000)]
    [InlineData("<= 1.5s", Comparison.LessOrEqual, 1500)]
    [InlineData("250ms", Comparison.LessOrEqual, 250)]
    [InlineData("0", Comparison.LessOrEqual, 0)]
    public void Latency_targets_are_in_milliseconds(string written, Comparison comparison, double milliseconds)
    {
        var probe = Parse($"services:\n  api:\n    probes:\n      - http: /\n        expect: {{latency: \"{written}\"}}\n")
            .Services[0].Probes[0].ShouldBeOfType<HttpProbeSpec>();
        probe.Expect.Latency.ShouldBe(Target("latency", "api", comparison, milliseconds, "ms"));
    }

    [Theory]
    [InlineData("ok", "\"ok\"")]
    [InlineData("3", "3")]
    [InlineData("-2.5", "-2.5")]
    [InlineData("true", "true")]
    [InlineData("null", "null")]
    [InlineData("'3'", "\"3\"")]
    [InlineData("\"true\"", "\"true\"")]
    [InlineData("café", "\"café\"")]
    [InlineData("{a: [1, x]}", """{"a":[1,"x"]}""")]
    public void Json_expectations_keep_the_value_as_json_text(string yaml, string json)
    {
        var probe = Parse($"services:\n  api:\n    probes:\n      - http: /\n        expect:\n          json: {{\"$.v\": {yaml}}}\n")
            .Services[0].Probes[0].ShouldBeOfType<HttpProbeSpec>();
        probe.Expect.Json.ShouldBe([new("$.v", json)]);
    }

    [Theory]
    [InlineData("\"0644\"", 420)]
    [InlineData("\"644\"", 420)]
    [InlineData("0755", 493)]
    [InlineData("'0o600'", 384)]
    [InlineData("\"4755\"", 2541)]
    public void Modes_are_octal(string written, int mode) =>
        Parse($"services:\n  api:\n    probes:\n      - file: {{path: /x, mode: {written}}}\n")
            .Services[0].Probes[0].ShouldBeOfType<FileProbeSpec>().Mode.ShouldBe(mode);

    [Theory]
    [InlineData("GGUF", "GGUF")]
    [InlineData("hex:47475546", "GGUF")]
    [InlineData("'hex:7f 45 4c 46'", "\u007fELF")]
    public void Magic_is_text_or_hex(string written, string bytes) =>
        Parse($"services:\n  api:\n    probes:\n      - file: {{path: /x, magic: {written}}}\n")
            .Services[0].Probes[0].ShouldBeOfType<FileProbeSpec>().Magic.ShouldBe(Encoding.Latin1.GetBytes(bytes));

    [Theory]
    // Unknown keys, with the known ones.
    [InlineData("timout: 10m\n", 1, 1, "unknown section 'timout' in drydock.yml")]
    [InlineData("idle:\n  windw: 10s\n", 2, 3, "unknown key 'windw' in idle (known: window, interval)")]
    [InlineData("services:\n  api:\n    probe: []\n", 3, 5, "unknown key 'probe' in services.api (known: optional, targets, log_errors, image, probes, ready_before)")]
    [InlineData("services:\n  api:\n    image: {usr: root}\n", 3, 13, "unknown key 'usr' in services.api.image (known: user, absent, present, max_wasted)")]
    [InlineData("services:\n  api:\n    probes:\n      - http: {pth: /}\n", 4, 16, "unknown key 'pth' in services.api.probes[0].http (known: path, method, port, headers, body)")]
    [InlineData("services:\n  api:\n    probes:\n      - exec: [true]\n        expect: {exit: 0}\n", 5, 18, "unknown key 'exit' in services.api.probes[0].expect (known: exit_code, output_contains, output_matches)")]
    [InlineData("services:\n  api:\n    probes:\n      - tcp: 80\n        retries: 3\n", 5, 9, "unknown key 'retries' in services.api.probes[0] (known: name, http, exec, tcp, file,")]
    // Wrong types.
    [InlineData("compose: {a: b}\n", 1, 10, "compose must be a list of strings, not a mapping")]
    [InlineData("idle: 10s\n", 1, 7, "idle must be a mapping, not a scalar")]
    [InlineData("services:\n  api:\n    optional: maybe\n", 3, 15, "services.api.optional: 'maybe' is not true or false")]
    [InlineData("services:\n  api:\n    probes: {tcp: 80}\n", 3, 13, "services.api.probes must be a list of probes, not a mapping")]
    [InlineData("targets:\n  restarts: [1]\n", 2, 13, "targets.restarts must be a target such as '< 300 MB' or 0, not a sequence")]
    // Metrics and values.
    [InlineData("targets:\n  image_sise: 1 GB\n", 2, 3, "unknown metric 'image_sise' in targets (known: build_time, image_size,")]
    [InlineData("services:\n  api:\n    targets:\n      startup_time: 1m\n", 4, 7, "startup_time is measured for the whole stack, not per service")]
    [InlineData("timeout: 10 minutes\n", 1, 10, "timeout: '10 minutes' is not a duration")]
    [InlineData("timeout: -5s\n", 1, 10, "timeout: '-5s' is not a duration")]
    [InlineData("startup_timeout: 0s\n", 1, 18, "startup_timeout must be longer than 0")]
    [InlineData("idle: {window: 2s, interval: 5s}\n", 1, 30, "idle.interval (5s) is longer than idle.window (2s)")]
    [InlineData("targets:\n  startup_time: < 300 MB\n", 2, 17, "targets.startup_time: '300 MB' is not a duration (startup_time is measured in s)")]
    [InlineData("targets:\n  image_size: < 300 parsecs\n", 2, 15, "targets.image_size: '300 parsecs' is not a size (image_size is measured in bytes)")]
    [InlineData("targets:\n  cpu_idle: < five%\n", 2, 13, "targets.cpu_idle: 'five%' is not a percentage")]
    [InlineData("targets:\n  restarts: 1.5\n", 2, 13, "targets.restarts: '1.5' is not a whole number")]
    [InlineData("targets:\n  cpu_limit: four\n", 2, 14, "targets.cpu_limit: 'four' is not a number of CPUs")]
    [InlineData("targets:\n  restarts: =< 2\n", 2, 13, "targets.restarts: '=<' is not an operator")]
    [InlineData("targets:\n  restarts: << 2\n", 2, 13, "targets.restarts: '<<' is not an operator")]
    [InlineData("targets:\n  restarts: ~ 2\n", 2, 13, "targets.restarts: '~' is not an operator")]
    [InlineData("services:\n  api:\n    image: {max_wasted: lots}\n", 3, 25, "services.api.image.max_wasted: 'lots' is not a size")]
    [InlineData("services:\n  api:\n    image: {user: admin}\n", 3, 19, "services.api.image.user: 'admin' is not non-root or root")]
    // Probes.
    [InlineData("services:\n  api:\n    probes:\n      - name: nothing\n", 4, 9, "services.api.probes[0] has no probe kind (one of http, exec, tcp, file, prometheus_targets)")]
    [InlineData("services:\n  api:\n    probes:\n      - tcp: 80\n        exec: ls\n", 5, 9, "services.api.probes[0] has 2 probe kinds (tcp, exec); a probe has exactly one")]
    [InlineData("services:\n  api:\n    probes:\n      - tcp: http\n", 4, 14, "services.api.probes[0].tcp: 'http' is not a port number (1-65535)")]
    [InlineData("services:\n  api:\n    probes:\n      - tcp: 70000\n", 4, 14, "services.api.probes[0].tcp: '70000' is not a port number (1-65535)")]
    [InlineData("services:\n  api:\n    probes:\n      - http: {port: 80.5}\n", 4, 22, "services.api.probes[0].http.port: '80.5' is not a port number")]
    [InlineData("services:\n  api:\n    probes:\n      - http: health\n", 4, 15, "services.api.probes[0].http: 'health' is not a request path")]
    [InlineData("services:\n  api:\n    probes:\n      - http: {method: 'G T'}\n", 4, 24, "services.api.probes[0].http.method: 'G T' is not an HTTP method")]
    [InlineData("services:\n  api:\n    probes:\n      - http: /\n        expect: {status: 99}\n", 5, 26, "services.api.probes[0].expect.status: '99' is not an HTTP status (100-599)")]
    [InlineData("services:\n  api:\n    probes:\n      - http: /\n        expect: {body_matches: '(unclosed'}\n", 5, 32, "services.api.probes[0].expect.body_matches: '(unclosed' is not a valid regular expression")]
    [InlineData("log_errors: ['(unclosed']\n", 1, 14, "log_errors: '(unclosed' is not a valid regular expression")]
    [InlineData("services:\n  api:\n    probes:\n      - http: /\n        expect: {json: {status: ok}}\n", 5, 25, "services.api.probes[0].expect.json: 'status' is not a JSON path")]
    [InlineData("services:\n  api:\n    probes:\n      - http: /\n        expect: {latency: < 100}\n", 5, 27, "services.api.probes[0].expect.latency: '100' is not a duration (latency is measured in ms)")]
    [InlineData("services:\n  api:\n    probes:\n      - exec: []\n", 4, 15, "services.api.probes[0].exec has no command")]
    [InlineData("services:\n  api:\n    probes:\n      - exec: ' '\n", 4, 15, "services.api.probes[0].exec has no command")]
    [InlineData("services:\n  api:\n    probes:\n      - exec: ['', x]\n", 4, 15, "services.api.probes[0].exec has no command")]
    [InlineData("services:\n  api:\n    probes:\n      - tcp: 80\n        user: app\n", 5, 9, "services.api.probes[0].user applies to exec probes only")]
    [InlineData("services:\n  api:\n    probes:\n      - file: /x\n        expect: {}\n", 5, 9, "services.api.probes[0].expect does not apply to file probes")]
    [InlineData("services:\n  api:\n    probes:\n      - file: {exists: false}\n", 4, 15, "services.api.probes[0].file needs a path")]
    [InlineData("services:\n  api:\n    probes:\n      - file: {path: /x, mode: \"0984\"}\n", 4, 32, "services.api.probes[0].file.mode: '0984' is not an octal mode")]
    [InlineData("services:\n  api:\n    probes:\n      - file: {path: /x, mode: rw-r--r--}\n", 4, 32, "services.api.probes[0].file.mode: 'rw-r--r--' is not an octal mode")]
    [InlineData("services:\n  api:\n    probes:\n      - file: {path: /x, owner: app}\n", 4, 33, "services.api.probes[0].file.owner: 'app' is not a uid or uid:gid")]
    [InlineData("services:\n  api:\n    probes:\n      - file: {path: /x, magic: 'hex:4G'}\n", 4, 33, "services.api.probes[0].file.magic: 'hex:4G' is not hex bytes")]
    [InlineData("services:\n  api:\n    probes:\n      - file: {path: /x, size: big}\n", 4, 32, "services.api.probes[0].file.size: 'big' is not a size (file_size is measured in bytes)")]
    [InlineData("services:\n  api:\n    probes:\n      - tcp: 80\n        timeout: soon\n", 5, 18, "services.api.probes[0].timeout: 'soon' is not a duration")]
    [InlineData("services:\n  api:\n    probes:\n      - tcp: 80\n      - tcp: 80\n", 5, 9, "services.api.probes[1]: api already has a probe named 'tcp 80' (line 4)")]
    [InlineData("services:\n  api:\n    probes:\n      - {name: a, tcp: 80}\n      - {name: a, tcp: 81}\n", 5, 16, "services.api.probes[1]: api already has a probe named 'a' (line 4)")]
    public void Each_mistake_is_reported_at_its_node_with_a_fix(string yaml, int line, int column, string message)
    {
        var path = Write(yaml);
        var error = Should.Throw<DrydockException>(() => VerifyConfigParser.Load(path));
        error.Message.ShouldStartWith(message);
        error.Span.ShouldNotBeNull().ToString().ShouldBe($"{path}:{line}:{column}", error.Message);
        if (!message.StartsWith("unknown section", StringComparison.Ordinal))
        {
            error.Fix.ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public void An_unquoted_target_yaml_reads_as_a_tag_is_explained()
    {
        var path = Write("targets:\n  restarts: != 0\n");
        var error = Should.Throw<DrydockException>(() => VerifyConfigParser.Load(path));
        error.Message.ShouldBe("targets.restarts: YAML read '!=' as a tag");
        error.Fix.ShouldBe("quote the target: \"!= 0\".");
        error.Span!.Value.Line.ShouldBe(2);
    }

    [Theory]
    [InlineData("250ms", 0.25)]
    [InlineData("10s", 10)]
    [InlineData("1m30s", 90)]
    [InlineData("2h", 7200)]
    [InlineData("1.5s", 1.5)]
    [InlineData("45", 45)]
    [InlineData("0.5", 0.5)]
    [InlineData(" 3m ", 180)]
    public void Durations_are_go_style_or_seconds(string text, double seconds)
    {
        VerifyConfigParser.TryParseDuration(text, out var duration).ShouldBeTrue();
        duration.TotalSeconds.ShouldBe(seconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1s")]
    [InlineData("-3")]
    [InlineData("10 minutes")]
    [InlineData("1.")]
    [InlineData("s")]
    public void Bad_durations_are_refused(string text) => VerifyConfigParser.TryParseDuration(text, out _).ShouldBeFalse();
}
