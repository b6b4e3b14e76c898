using Drydock.Measurements;
using Drydock.Verification.Config;
using Drydock.Verification.Load;

// Not "...Verification.Config": that namespace would hide FsCheck's Config from the sibling test namespaces.
namespace Drydock.Tests.Verification.Configuration;

/// <summary>drydock.yml's load: and scenarios: sections (docs/drydock-yml.md, "Load and fault scenarios").</summary>
public sealed class ScenarioConfigParserTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("drydock-scenario-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string yaml)
    {
        var path = Path.Combine(_directory, "drydock.yml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private VerifyConfig Parse(string yaml) => VerifyConfigParser.Load(Write(yaml));

    private static IEnumerable<string> Thresholds(LoadSpec load) => load.Thresholds.Select(threshold => threshold.ToString());

    [Fact]
    public void The_documented_example_parses_to_what_the_document_says()
    {
        var config = Parse(VerifyConfigParserTests.DocumentedExample("## Load and fault scenarios"));

        var load = config.Load.ShouldHaveSingleItem();
        (load.Name, load.Service, load.Port, load.Method, load.Path, load.Body).ShouldBe(("50 concurrent health checks", "api", 8080, "GET", "/health", """{"a":1}"""));
        load.Headers.ShouldBe([new("Accept", "application/json")]);
        (load.Model, load.Rate, load.Connections).ShouldBe((LoadModel.Closed, null, 50));
        (load.Duration, load.MaxRequests, load.WarmUp, load.RequestTimeout).ShouldBe((TimeSpan.FromSeconds(10), 100_000L, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)));
        Thresholds(load).ShouldBe(["http_req_duration: p(95)<500", "http_req_duration: p(99)<1000", "http_req_failed: rate<0.01", "http_reqs: count>100"]);
        load.Thresholds.Select(threshold => threshold.MeasurementMetric.Name).ShouldBe(["http_req_duration p(95)", "http_req_duration p(99)", "http_req_failed rate", "http_reqs count"]);
        load.Thresholds[0].Span.ShouldNotBeNull().Line.ShouldBe(load.Span.Line + 16);
        var during = load.During.ShouldNotBeNull();
        (during.Kind, during.Service, during.Signal, during.Network, during.Describe()).ShouldBe((FaultKind.Restart, "redis", null, null, "restart redis"));
        during.Span.Line.ShouldBe(load.Span.Line + 20);
        load.DuringAfter.ShouldBe(TimeSpan.FromSeconds(3));

        config.Scenarios.Select(scenario => scenario.Name).ShouldBe(["a session survives a Redis restart", "the daemon stays up without the LLM"]);
        var session = config.Scenarios[0];
        session.RecoveryTime.ShouldBe(new Target(Metrics.RecoveryTime, null, Comparison.LessThan, 20));
        session.RecoveryTimeout.ShouldBe(TimeSpan.FromSeconds(60));
        session.Steps.Select(step => step.Describe()).ShouldBe(["probe api: write a session", "restart redis", "probe api: read it back"]);
        session.Steps.Select(step => step.Span.Line - session.Span.Line).ShouldBe([4, 10, 11]);
        var write = session.Steps[0].ShouldBeOfType<ProbeStep>();
        write.Save.ShouldBe([new("session", "$.sessionId")]);
        var writeProbe = write.Probe.ShouldBeOfType<HttpProbeSpec>();
        (writeProbe.Service, writeProbe.Method, writeProbe.Path, writeProbe.Body, writeProbe.Expect.Status).ShouldBe(("api", "POST", "/chat", """{"sessionId":"s1","message":"hi"}""", 200));
        var read = session.Steps[2].ShouldBeOfType<ProbeStep>();
        read.Save.ShouldBeEmpty();
        var readProbe = read.Probe.ShouldBeOfType<HttpProbeSpec>();
        (readProbe.Path, readProbe.Expect.BodyContains, readProbe.Timeout).ShouldBe(("/sessions/${session}", "hi", TimeSpan.FromSeconds(30)));

        var daemon = config.Scenarios[1];
        (daemon.RecoveryTime, daemon.RecoveryTimeout).ShouldBe((null, TimeSpan.FromSeconds(60)));
        daemon.Steps.Select(step => step.Describe()).ShouldBe(
        [
            "stop llm",
            "wait 2 s",
            "probe daemon: http GET /healthz",
            "kill worker with SIGTERM",
            "disconnect api from backend",
            "connect api to backend",
            "load api: GET /health",
        ]);
        daemon.Steps[1].ShouldBeOfType<WaitStep>().Duration.ShouldBe(TimeSpan.FromSeconds(2));
        daemon.Steps[2].ShouldBeOfType<ProbeStep>().Probe.ShouldBeOfType<HttpProbeSpec>().Expect.Json.ShouldBe([new("$.status", "\"ok\"")]);
        daemon.Steps[3].ShouldBe(new FaultStep(FaultKind.Kill, "worker", daemon.Steps[3].Span) { Signal = "SIGTERM" });
        daemon.Steps[4].ShouldBe(new FaultStep(FaultKind.Disconnect, "api", daemon.Steps[4].Span) { Network = "backend" });
        daemon.Steps[5].ShouldBe(new FaultStep(FaultKind.Connect, "api", daemon.Steps[5].Span) { Network = "backend" });
        var loadStep = daemon.Steps[6].ShouldBeOfType<LoadStep>().Load;
        (loadStep.Service, loadStep.Path, loadStep.Connections, loadStep.Duration, loadStep.During).ShouldBe(("api", "/health", 10, TimeSpan.FromSeconds(5), null));
        Thresholds(loadStep).ShouldBe(["http_req_failed: rate<0.05"]);
    }

    [Fact]
    public void Load_runs_and_scenarios_get_their_defaults()
    {
        var config = Parse("""
            load:
              - service: api
              - service: api
                model: open
                rate: 50.5
                method: post
                path: /notes
                warm_up: 0
                during:
                  kill: {service: api, signal: 15}
                  after: 0
            scenarios:
              - name: s
                recovery_timeout: 90s
                steps:
                  - pause: db
                  - unpause: {service: db}
                  - start: db
                  - disconnect: api
                  - kill: db
                  - probe: {service: db, tcp: 5432}
            """);
        var closed = config.Load[0];
        (closed.Name, closed.Service, closed.Port, closed.Method, closed.Path, closed.Body, closed.Headers.Count).ShouldBe(("GET /", "api", null, "GET", "/", null, 0));
        (closed.Model, closed.Rate, closed.Connections, closed.Duration, closed.MaxRequests).ShouldBe((LoadModel.Closed, null, null, TimeSpan.FromSeconds(10), 100_000L));
        (closed.WarmUp, closed.RequestTimeout, closed.Thresholds.Count, closed.During, closed.DuringAfter).ShouldBe((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 0, null, TimeSpan.FromSeconds(2)));
        var open = config.Load[1];
        (open.Name, open.Method, open.Model, open.Rate, open.WarmUp).ShouldBe(("POST /notes", "POST", LoadModel.Open, 50.5, TimeSpan.Zero));
        (open.During.ShouldNotBeNull().Describe(), open.DuringAfter).ShouldBe(("kill api with 15", TimeSpan.Zero));

        var scenario = config.Scenarios.ShouldHaveSingleItem();
        (scenario.RecoveryTime, scenario.RecoveryTimeout).ShouldBe((null, TimeSpan.FromSeconds(90)));
        scenario.Steps.Select(step => step.Describe()).ShouldBe(["pause db", "unpause db", "start db", "disconnect api", "kill db", "probe db: tcp 5432"]);
        scenario.Steps[3].ShouldBeOfType<FaultStep>().Network.ShouldBeNull();
        scenario.Steps[4].ShouldBeOfType<FaultStep>().Signal.ShouldBeNull();
        scenario.Steps[5].ShouldBeOfType<ProbeStep>().Save.ShouldBeEmpty();
    }

    [Fact]
    public void Expected_log_lines_and_required_attempts_are_read()
    {
        var config = Parse("""
            scenarios:
              - name: restart the database
                expect_logs:
                  db: ["terminating connection", 'FATAL: the database system is shutting down']
                  api: 'ERROR .* connection closed'
                steps:
                  - restart: db
                  - probe: {service: api, http: /health, attempts: 1}
            """);
        var scenario = config.Scenarios.ShouldHaveSingleItem();
        scenario.ExpectLogs.Select(expected => (expected.Service, string.Join(" | ", expected.Patterns.Select(pattern => pattern.ToString())))).ShouldBe(
        [
            ("db", "terminating connection | FATAL: the database system is shutting down"),
            ("api", "ERROR .* connection closed"),
        ]);
        scenario.ExpectLogs[0].Span.Line.ShouldBe(4);
        scenario.ExpectedLogsByService()["api"].ShouldHaveSingleItem().IsMatch("ERROR pool: connection closed by peer").ShouldBeTrue();
        scenario.Steps[1].ShouldBeOfType<ProbeStep>().Probe.MaxAttempts.ShouldBe(1);
        Parse("scenarios: [{name: a, steps: [{probe: {service: api, http: /}}]}]").Scenarios[0].Steps[0].ShouldBeOfType<ProbeStep>().Probe.MaxAttempts.ShouldBeNull();
    }

    [Fact]
    public void The_documented_evidence_example_parses_to_what_the_document_says()
    {
        var config = Parse(VerifyConfigParserTests.DocumentedExample("## Evidence, start order and platform checks"));
        config.StartOrderRespected.ShouldBeTrue();
        config.FindService("app").ShouldNotBeNull().ReadyBefore.Select(reference => reference.Service).ShouldBe(["web"]);
        var probes = config.FindService("prometheus").ShouldNotBeNull().Probes;
        probes[0].ShouldBeOfType<PrometheusTargetsProbeSpec>().Jobs.ShouldBeEmpty();
        (probes[1].ShouldBeOfType<PrometheusTargetsProbeSpec>().Port, probes[1].MaxAttempts).ShouldBe((9090, 1));
        probes[2].ShouldBeOfType<HttpProbeSpec>().Expect.Json.ShouldBe([new("$..health", "\"up\""), new("count($.cluster.peers)", "\">= 1\"")]);
        var scenario = config.Scenarios.ShouldHaveSingleItem();
        scenario.ExpectLogs.Select(expected => expected.Service).ShouldBe(["db", "app"]);
        scenario.Steps[2].ShouldBeOfType<ProbeStep>().SaveOutput.Select(capture => capture.Name).ShouldBe(["version", "major"]);
    }

    [Fact]
    public void Prometheus_targets_probes_and_exec_output_saves_are_read()
    {
        var config = Parse("""
            services:
              prometheus:
                probes:
                  - prometheus_targets: {port: 9090, jobs: [app, node]}
                  - prometheus_targets:
            scenarios:
              - name: s
                steps:
                  - probe: {service: db, exec: [psql, -V], save: {version: stdout, major: {match: '(\d+)\.'}}}
                  - probe: {service: db, name: uses them, exec: [echo, '${version} ${major}']}
            """);
        var probes = config.Services.ShouldHaveSingleItem().Probes;
        var named = probes[0].ShouldBeOfType<PrometheusTargetsProbeSpec>();
        (named.Name, named.Port, named.Path, string.Join(",", named.Jobs)).ShouldBe(("prometheus_targets jobs app, node up", 9090, "/api/v1/targets", "app,node"));
        var every = probes[1].ShouldBeOfType<PrometheusTargetsProbeSpec>();
        (every.Name, every.Port, every.Jobs.Count).ShouldBe(("prometheus_targets every target up", null, 0));
        var save = config.Scenarios[0].Steps[0].ShouldBeOfType<ProbeStep>();
        save.Save.ShouldBeEmpty();
        save.SaveOutput.Select(capture => (capture.Name, capture.Pattern?.ToString())).ShouldBe([("version", null), ("major", "(\\d+)\\.")]);
    }

    [Fact]
    public void Saved_variables_may_be_used_by_later_steps_of_the_same_scenario()
    {
        var config = Parse("""
            scenarios:
              - name: notes
                steps:
                  - probe:
                      service: api
                      http: {method: POST, path: /notes, body: '{"text":"$$5"}'}
                      save: {note: "$.id", owner_1: "$.owner['user name']"}
                  - probe:
                      service: api
                      name: read
                      http: {path: '/notes/${note}?by=${owner_1}', headers: {X-Note: '${note}', X-Price: '$5 and $${literal}'}, body: '$$'}
                  - probe: {service: worker, exec: ['notes-cli', 'get', '${note}'], expect: {output_contains: '${unsubstituted}'}}
                  - probe: {service: worker, name: shell, exec: 'echo $HOME $${HOME} ${note}'}
                  - probe: {service: api, name: again, http: /, save: {note: "$.next"}}
              - name: other
                steps:
                  - probe: {service: api, http: /, save: {note: "$.id"}}
            """);
        var steps = config.Scenarios[0].Steps.Cast<ProbeStep>().ToList();
        steps[0].Save.ShouldBe([new("note", "$.id"), new("owner_1", "$.owner['user name']")]);
        steps[1].Probe.ShouldBeOfType<HttpProbeSpec>().Path.ShouldBe("/notes/${note}?by=${owner_1}");
        steps[2].Probe.ShouldBeOfType<ExecProbeSpec>().Command.ShouldBe(["notes-cli", "get", "${note}"]);
        steps[3].Probe.ShouldBeOfType<ExecProbeSpec>().Command.ShouldBe(["/bin/sh", "-c", "echo $HOME $${HOME} ${note}"]);
        steps[4].Save.ShouldBe([new("note", "$.next")]);
        config.Scenarios[1].Steps.ShouldHaveSingleItem().ShouldBeOfType<ProbeStep>().Probe.Name.ShouldBe("http GET /");
    }

    [Theory]
    [InlineData("load: {service: api}\n", 1, 7, "load must be a list of load runs, not a mapping")]
    [InlineData("load:\n  - api\n", 2, 5, "load[0] must be a mapping with service: and the request, not a scalar")]
    [InlineData("load:\n  - path: /health\n", 2, 5, "load[0] needs a service")]
    [InlineData("load:\n  - {service: api, conections: 5}\n", 2, 20, "unknown key 'conections' in load[0] (known: name, service, port,")]
    [InlineData("load:\n  - {service: api, model: open}\n", 2, 27, "load[0]: the open model needs a rate")]
    [InlineData("load:\n  - {service: api, rate: 200}\n", 2, 20, "load[0].rate applies to the open model only")]
    [InlineData("load:\n  - {service: api, model: open, rate: 0}\n", 2, 39, "load[0].rate: '0' is not a request rate (above 0, at most 1000000 per second)")]
    [InlineData("load:\n  - {service: api, model: open, rate: lots}\n", 2, 39, "load[0].rate: 'lots' is not a request rate")]
    [InlineData("load:\n  - {service: api, model: fast}\n", 2, 27, "load[0].model: 'fast' is not closed or open")]
    [InlineData("load:\n  - {service: api, connections: 0}\n", 2, 33, "load[0].connections: '0' is not a connection count")]
    [InlineData("load:\n  - {service: api, connections: 20000}\n", 2, 33, "load[0].connections: '20000' is not a connection count")]
    [InlineData("load:\n  - {service: api, duration: 2h}\n", 2, 30, "load[0].duration (2h0m0s) is longer than 1h0m0s")]
    [InlineData("load:\n  - {service: api, duration: 0s}\n", 2, 30, "load[0].duration must be longer than 0")]
    [InlineData("load:\n  - {service: api, max_requests: 0}\n", 2, 34, "load[0].max_requests: '0' is not a request count")]
    [InlineData("load:\n  - {service: api, warm_up: -1s}\n", 2, 29, "load[0].warm_up: '-1s' is not a duration")]
    [InlineData("load:\n  - {service: api, request_timeout: 11m}\n", 2, 37, "load[0].request_timeout (11m0s) is longer than 10m0s")]
    [InlineData("load:\n  - {service: api, method: 'G T'}\n", 2, 28, "load[0].method: 'G T' is not an HTTP method")]
    [InlineData("load:\n  - {service: api, path: health}\n", 2, 26, "load[0].path: 'health' is not a request path")]
    [InlineData("load:\n  - {service: [api]}\n", 2, 15, "load[0].service must be a string, not a sequence")]
    [InlineData("load:\n  - {service: api}\n  - {service: web}\n", 3, 5, "load[1]: a load run named 'GET /' already exists (line 2)")]
    [InlineData("load:\n  - {service: api, name: a}\n  - {service: web, name: a}\n", 3, 26, "load[1]: a load run named 'a' already exists (line 2)")]
    [InlineData("load:\n  - service: api\n    during: 3s\n", 3, 13, "load[0].during must be a mapping, not a scalar")]
    [InlineData("load:\n  - service: api\n    during: {restart: redis, stop: db}\n", 3, 30, "load[0].during has 2 faults (restart, stop); a load run takes one")]
    [InlineData("load:\n  - service: api\n    during: {after: 1s}\n", 3, 13, "load[0].during has no fault (one of restart, stop, start, kill, pause, unpause, disconnect, connect)")]
    [InlineData("load:\n  - service: api\n    during: {reboot: redis}\n", 3, 14, "unknown key 'reboot' in load[0].during (known: restart, stop,")]
    [InlineData("load:\n  - service: api\n    during: {restart: redis, after: 10s}\n", 3, 37, "load[0].during.after (10s) is not shorter than the load's duration (10s)")]
    [InlineData("load:\n  - service: api\n    during: {restart: {service: redis, signal: SIGTERM}}\n", 3, 40, "load[0].during.restart.signal applies to kill only")]
    [InlineData("scenarios: {a: b}\n", 1, 12, "scenarios must be a list of scenarios, not a mapping")]
    [InlineData("scenarios:\n  - wait: 1s\n", 2, 5, "unknown key 'wait' in scenarios[0] (known: name, recovery_time, recovery_timeout, expect_logs, steps)")]
    [InlineData("scenarios:\n  - name: a\n    expect_logs: [FATAL]\n    steps: [{wait: 1s}]\n", 3, 18, "scenarios[0].expect_logs must be a mapping, not a sequence")]
    [InlineData("scenarios:\n  - name: a\n    expect_logs: {db: []}\n    steps: [{wait: 1s}]\n", 3, 23, "scenarios[0].expect_logs.db is empty")]
    [InlineData("scenarios:\n  - name: a\n    expect_logs: {db: '(unclosed'}\n    steps: [{wait: 1s}]\n", 3, 23, "scenarios[0].expect_logs.db: '(unclosed' is not a valid regular expression")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - probe: {service: api, http: /, attempts: 0}\n", 4, 50, "scenarios[0].steps[0].probe.attempts: '0' is not an attempt count")]
    [InlineData("scenarios:\n  - steps: [{wait: 1s}]\n", 2, 5, "scenarios[0] needs a name")]
    [InlineData("scenarios:\n  - {name: a, steps: [{wait: 1s}]}\n  - {name: a, steps: [{wait: 1s}]}\n", 3, 12, "scenarios[1]: a scenario named 'a' already exists (line 2)")]
    [InlineData("scenarios:\n  - name: a\n", 2, 5, "scenarios[0] needs steps")]
    [InlineData("scenarios:\n  - name: a\n    steps: []\n", 3, 12, "scenarios[0].steps is empty")]
    [InlineData("scenarios:\n  - name: a\n    steps: {wait: 1s}\n", 3, 12, "scenarios[0].steps must be a list of steps, not a mapping")]
    [InlineData("scenarios:\n  - name: a\n    recovery_time: < 20 MB\n    steps: [{wait: 1s}]\n", 3, 20, "scenarios[0].recovery_time: '20 MB' is not a duration (recovery_time is measured in s)")]
    [InlineData("scenarios:\n  - name: a\n    recovery_timeout: 0\n    steps: [{wait: 1s}]\n", 3, 23, "scenarios[0].recovery_timeout must be longer than 0")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - restart\n", 4, 9, "scenarios[0].steps[0] must be a mapping with one of probe, restart, stop,")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - reboot: redis\n", 4, 9, "unknown step 'reboot' in scenarios[0].steps[0] (known: probe, restart, stop, start, kill, pause, unpause, disconnect, connect, wait, load)")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - {restart: redis, wait: 1s}\n", 4, 26, "scenarios[0].steps[0] has 2 steps (restart, wait); a list item holds one")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - {}\n", 4, 9, "scenarios[0].steps[0] is empty")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - restart:\n", 4, 17, "scenarios[0].steps[0].restart needs a service")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - restart: [a]\n", 4, 18, "scenarios[0].steps[0].restart must be a service name or a mapping, not a sequence")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - kill: {service: w, signal: sigterm}\n", 4, 36, "scenarios[0].steps[0].kill.signal: 'sigterm' is not a signal")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - stop: {service: w, network: n}\n", 4, 28, "scenarios[0].steps[0].stop.network applies to disconnect and connect only")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - kill: {signal: SIGTERM}\n", 4, 15, "scenarios[0].steps[0].kill needs a service")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - connect: {service: api, netwrk: x}\n", 4, 33, "unknown key 'netwrk' in scenarios[0].steps[0].connect (known: service, signal, network)")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - wait: soon\n", 4, 15, "scenarios[0].steps[0].wait: 'soon' is not a duration")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - load: {path: /}\n", 4, 15, "scenarios[0].steps[0].load needs a service")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - load: {service: api}\n      - load: {service: web}\n", 5, 15, "scenarios[0].steps[1].load: a load run named 'GET /' already exists (line 4)")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - probe: /health\n", 4, 16, "scenarios[0].steps[0].probe must be a mapping with service: and one of http, exec, tcp, file, prometheus_targets, not a scalar")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - probe: {http: /health}\n", 4, 16, "scenarios[0].steps[0].probe needs a service")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - probe: {service: api, http: /, saev: {}}\n", 4, 40, "unknown key 'saev' in scenarios[0].steps[0].probe (known: name, http, exec, tcp, file, prometheus_targets, user, expect, timeout, interval, attempts, service, save)")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - probe: {service: api}\n", 4, 16, "scenarios[0].steps[0].probe has no probe kind (one of http, exec, tcp, file, prometheus_targets)")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - probe: {service: api, http: health}\n", 4, 37, "scenarios[0].steps[0].probe.http: 'health' is not a request path")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - probe: {service: api, http: /}\n      - probe: {service: web, http: /}\n", 5, 16, "scenarios[0].steps[1].probe: this scenario already has a probe named 'http GET /' (line 4)")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - probe: {service: api, tcp: 80, save: {a: $.a}}\n", 4, 40, "scenarios[0].steps[0].probe.save applies to http probes (the JSON answer) and exec probes (the output) only")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - probe: {service: api, exec: [id], save: {a: $.a}}\n", 4, 53, "scenarios[0].steps[0].probe.save.a: an exec probe saves stdout or {match: pattern}, not '$.a'")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - probe: {service: api, http: /, save: {1st: $.a}}\n", 4, 47, "scenarios[0].steps[0].probe.save: '1st' is not a variable name")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - probe: {service: api, http: /, save: {a: status}}\n", 4, 50, "scenarios[0].steps[0].probe.save.a: 'status' is not a JSON path")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - probe: {service: api, http: /, save: [a]}\n", 4, 46, "scenarios[0].steps[0].probe.save must map variable names to JSON paths, not a sequence")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - probe: {service: api, http: '/notes/${id}'}\n", 4, 37, "scenarios[0].steps[0].probe.http: '${id}' is not saved by an earlier step of this scenario (none is saved before it)")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - probe: {service: api, http: {method: POST, path: /n, body: '{\"id\":\"${id}\"}'}, save: {id: $.id}}\n", 4, 68, "scenarios[0].steps[0].probe.http.body: '${id}' is not saved by an earlier step")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - probe: {service: api, http: /, save: {a: $.a, b: $.b}}\n      - probe: {service: api, http: {headers: {X-Id: '${c}'}}}\n", 5, 54, "scenarios[0].steps[1].probe.http.headers.X-Id: '${c}' is not saved by an earlier step of this scenario (saved before it: a, b)")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - probe: {service: api, exec: [echo, '${id}']}\n", 4, 44, "scenarios[0].steps[0].probe.exec[1]: '${id}' is not saved")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - probe: {service: api, exec: 'echo ${HOME}'}\n", 4, 37, "scenarios[0].steps[0].probe.exec: '${HOME}' is not saved")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - probe: {service: api, http: '/notes/${id'}\n", 4, 37, "scenarios[0].steps[0].probe.http: '${' at character 8 has no closing '}'")]
    [InlineData("scenarios:\n  - name: s\n    steps:\n      - probe: {service: api, http: '/notes/${a-b}'}\n", 4, 37, "scenarios[0].steps[0].probe.http: '${a-b}' is not a variable name")]
    [InlineData("scenarios:\n  - name: a\n    steps: [{probe: {service: api, http: /, save: {id: $.id}}}]\n  - name: b\n    steps: [{probe: {service: api, http: '/n/${id}'}}]\n", 5, 42, "scenarios[1].steps[0].probe.http: '${id}' is not saved by an earlier step of this scenario (none is saved before it)")]
    public void Each_mistake_is_reported_at_its_node_with_a_fix(string yaml, int line, int column, string message)
    {
        var path = Write(yaml);
        var error = Should.Throw<DrydockException>(() => VerifyConfigParser.Load(path));
        error.Message.ShouldStartWith(message);
        error.Span.ShouldNotBeNull().ToString().ShouldBe($"{path}:{line}:{column}", error.Message);
        error.Fix.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("load:\n  - service: api\n    thresholds: {http_req_duration: [\"p95<500\"]}\n", 3, 40, "expected '(' after 'p'")]
    [InlineData("load:\n  - service: api\n    thresholds: {latency: [\"p(95)<500\"]}\n", 3, 18, "unknown k6 metric 'latency'")]
    [InlineData("load:\n  - service: api\n    thresholds: [\"p(95)<500\"]\n", 3, 17, "thresholds must be a mapping")]
    public void Thresholds_are_read_by_the_k6_parser_with_their_position(string yaml, int line, int column, string message)
    {
        var path = Write(yaml);
        var error = Should.Throw<DrydockException>(() => VerifyConfigParser.Load(path));
        error.Message.ShouldContain(message);
        error.Span.ShouldNotBeNull().ToString().ShouldBe($"{path}:{line}:{column}", error.Message);
    }
}
