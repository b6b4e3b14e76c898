using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Drydock.Engine;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Verification;

/// <summary>
/// <c>drydock verify</c> end to end on the real engine, on the small stacks in tests/verify-stacks. After every run,
/// nothing labelled with the run's id may remain.
/// </summary>
[Trait("Category", EngineFixture.Category)]
public sealed class VerifyEngineTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private static string Stack(string name) => Path.Combine(RepoPaths.Root, "tests", "verify-stacks", name);

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token;

    private async Task<(CliResult Cli, JsonObject Json)> VerifyAsync(string stack, IReadOnlyDictionary<string, string?>? environment = null, params string[] extra)
    {
        var cli = await CliRunner.RunAsync(["verify", Stack(stack), "--format", "json", .. extra], environment, cancellationToken: Timeout);
        JsonObject json;
        try
        {
            json = JsonNode.Parse(cli.StandardOutput)!.AsObject();
        }
        catch (System.Text.Json.JsonException)
        {
            throw new ShouldAssertException($"verify did not print a JSON report:\n{cli}");
        }
        await AssertNothingLeftAsync(json["runId"]!.GetValue<string>(), json["composeProject"]!.GetValue<string>());
        return (cli, json);
    }

    private async Task AssertNothingLeftAsync(string runId, string composeProject)
    {
        string[][] selectors = [[$"{EngineFixture.RunLabel}={runId}"], [$"com.docker.compose.project={composeProject}"]];
        foreach (var selector in selectors)
        {
            (await engine.Client.ListContainersAsync(selector, Timeout)).ShouldBeEmpty($"containers left by {composeProject}");
            (await engine.Client.ListNetworksAsync(selector, Timeout)).ShouldBeEmpty($"networks left by {composeProject}");
            (await engine.Client.ListVolumesAsync(selector, Timeout)).ShouldBeEmpty($"volumes left by {composeProject}");
        }
    }

    private static JsonObject Service(JsonObject report, string name) =>
        report["services"]!.AsArray().Select(node => node!.AsObject()).Single(service => service["name"]!.GetValue<string>() == name);

    private static JsonObject Measurement(JsonObject report, string metric, string? service) =>
        report["measurements"]!.AsArray().Select(node => node!.AsObject())
            .Single(m => m["metric"]!.GetValue<string>() == metric && m["service"]?.GetValue<string>() == service);

    [Fact]
    public async Task A_healthy_stack_passes_with_every_target_measured_and_probed()
    {
        var (cli, report) = await VerifyAsync("web");
        cli.ExitCode.ShouldBe(0, cli.ToString());
        report["status"]!.GetValue<string>().ShouldBe("passed", cli.ToString());
        report["schemaVersion"]!.GetValue<int>().ShouldBe(1);

        Service(report, "web")["status"]!.GetValue<string>().ShouldBe("healthy");
        Service(report, "worker")["status"]!.GetValue<string>().ShouldBe("running");
        Service(report, "web")["posture"]!["effectiveUid"]!.GetValue<int>().ShouldBe(1000);

        foreach (var (metric, service) in new[] { ("build_time", (string?)null), ("image_size", null), ("startup_time", null), ("image_size", "web"),
                     ("time_to_healthy", "web"), ("memory_idle", "web"), ("cpu_idle", "web"), ("log_errors", "web"), ("restarts", "web"), ("memory_idle", "worker") })
        {
            var row = Measurement(report, metric, service);
            row["actual"].ShouldNotBeNull($"{metric} {service} was not measured: {row.ToJsonString()}");
        }
        Measurement(report, "time_to_healthy", "web")["status"]!.GetValue<string>().ShouldBe("pass");
        Measurement(report, "build_time", "web")["status"]!.GetValue<string>().ShouldBe("pass", "a per-service build_time target times that service's build");
        Measurement(report, "restarts", "worker")["status"]!.GetValue<string>().ShouldBe("pass", "the stack-wide restarts target applies to every service");
        Measurement(report, "log_errors", "worker")["actual"]!.GetValue<double>().ShouldBe(1, "the worker logs one ERROR line");
        Measurement(report, "memory_idle", "web")["actual"]!.GetValue<double>().ShouldBeGreaterThan(0);
        Measurement(report, "image_size", null)["actual"]!.GetValue<double>()
            .ShouldBe(Measurement(report, "image_size", "web")["actual"]!.GetValue<double>() + Measurement(report, "image_size", "worker")["actual"]!.GetValue<double>(), 1);

        var probes = report["probes"]!.AsArray().Select(node => node!.AsObject()).ToList();
        probes.Select(p => p["name"]!.GetValue<string>()).ShouldBe(
            ["health", "metrics", "serves index", "runs as app", "port open", "health file", "image user non-root", "image absent /www/**/*.py", "image present /www/health"],
            ignoreOrder: true);
        probes.ShouldAllBe(p => p["status"]!.GetValue<string>() == "passed", cli.ToString());
        Measurement(report, "latency", "web")["status"]!.GetValue<string>().ShouldBe("pass");
    }

    [Fact]
    public async Task A_health_check_that_never_passes_fails_with_its_output_and_the_logs()
    {
        var (cli, report) = await VerifyAsync("never-healthy");
        cli.ExitCode.ShouldBe(1, cli.ToString());
        report["status"]!.GetValue<string>().ShouldBe("failed");
        // The unhealthy event ended the wait, not startup_timeout (judged by what the report says, not by a clock).
        report["failures"]!.AsArray().Select(line => line!.GetValue<string>()).ShouldNotContain(line => line.Contains("startup_timeout"), cli.ToString());
        var app = Service(report, "app");
        app["failure"]!["reason"]!.GetValue<string>().ShouldContain("health check failed");
        app["failure"]!["reason"]!.GetValue<string>().ShouldContain("database not reachable");
        app["failure"]!["healthLog"]!.AsArray().ShouldNotBeEmpty();
        app["failure"]!["logTail"]!.AsArray().Select(line => line!.GetValue<string>()).ShouldContain(line => line.Contains("app starting"));
    }

    [Fact]
    public async Task A_container_that_exits_at_once_reports_its_exit_code_and_last_lines()
    {
        var (cli, report) = await VerifyAsync("exits");
        cli.ExitCode.ShouldBe(1, cli.ToString());
        var app = Service(report, "app");
        app["failure"]!["exitCode"]!.GetValue<int>().ShouldBe(3);
        app["failure"]!["reason"]!.GetValue<string>().ShouldContain("exited with code 3");
        app["failure"]!["logTail"]!.AsArray().Select(line => line!.GetValue<string>()).ShouldContain(line => line.Contains("fatal: /etc/app.conf not found"));
    }

    [Fact]
    public async Task A_failed_build_is_reported_with_its_output_and_nothing_starts()
    {
        var (cli, report) = await VerifyAsync("build-fails");
        cli.ExitCode.ShouldBe(1, cli.ToString());
        Service(report, "app")["failure"]!["reason"]!.GetValue<string>().ShouldContain("build failed");
        Service(report, "app")["containerId"].ShouldBeNull();
        report["failures"]!.AsArray().Select(line => line!.GetValue<string>()).ShouldContain(line => line.Contains("build of app failed"));
    }

    /// <summary>
    /// Issue 21: the legacy builder keeps the container of a failed RUN step unless told otherwise, and it carries no
    /// label. Other test runs share this engine, so "as before" is judged on what this run can have caused: a new
    /// container whose command holds this test's nonce (the failing step) or whose labels name the run, a new network or
    /// volume labelled with the run or named after its unique project. Everything else new belongs to someone else.
    /// </summary>
    [Fact]
    public async Task A_failed_build_leaves_the_engines_containers_volumes_and_networks_as_they_were()
    {
        var nonce = Guid.NewGuid().ToString("N")[..12];
        using var tree = new Checking.TempTree();
        tree.Write("Dockerfile", $"FROM drydock-base/busybox:1.35\nRUN echo \"compiling {nonce}\" && echo \"error: missing dependency libfoo\" >&2 && exit 7\nCMD [\"sleep\", \"3600\"]\n");
        tree.Write("compose.yaml", "services:\n  app:\n    build: .\n    stop_signal: SIGKILL\n");
        var containersBefore = (await engine.Client.ListContainersAsync([], Timeout)).Select(c => c.Id).ToHashSet();
        var networksBefore = (await engine.Client.ListNetworksAsync([], Timeout)).Select(n => n.Id).ToHashSet();
        var volumesBefore = (await engine.Client.ListVolumesAsync([], Timeout)).Select(v => v.Name).ToHashSet();

        var (cli, report) = await VerifyAsync(tree.Root);
        cli.ExitCode.ShouldBe(1, cli.ToString());
        report["failures"]!.AsArray().Select(line => line!.GetValue<string>()).ShouldContain(line => line.Contains("build of app failed"), cli.ToString());
        var runId = report["runId"]!.GetValue<string>();
        var project = report["composeProject"]!.GetValue<string>();

        bool Ours(Dictionary<string, string>? labels) =>
            labels is not null && ((labels.TryGetValue(EngineFixture.RunLabel, out var run) && run == runId) ||
                                   (labels.TryGetValue("com.docker.compose.project", out var owner) && owner == project));
        var leftContainers = new List<string>();
        foreach (var container in (await engine.Client.ListContainersAsync([], Timeout)).Where(c => !containersBefore.Contains(c.Id)))
        {
            ContainerDetails details;
            try
            {
                details = await engine.Client.InspectContainerAsync(container.Id, Timeout);
            }
            catch (EngineException ex) when (ex.Kind == EngineErrorKind.NotFound)
            {
                continue; // another run's container, removed meanwhile
            }
            var command = string.Join(' ', [details.Path ?? string.Empty, .. details.Args ?? []]);
            if (command.Contains(nonce, StringComparison.Ordinal) || Ours(details.Config?.Labels))
            {
                leftContainers.Add($"{details.Id[..12]} {command}");
            }
        }
        leftContainers.ShouldBeEmpty("the failed build's intermediate container (or another container of the run) was left behind");
        (await engine.Client.ListNetworksAsync([], Timeout))
            .Where(n => !networksBefore.Contains(n.Id) && (Ours(n.Labels) || n.Name.StartsWith(project, StringComparison.Ordinal)))
            .Select(n => n.Name).ShouldBeEmpty();
        (await engine.Client.ListVolumesAsync([], Timeout))
            .Where(v => !volumesBefore.Contains(v.Name) && (Ours(v.Labels) || v.Name.StartsWith(project, StringComparison.Ordinal)))
            .Select(v => v.Name).ShouldBeEmpty();
    }

    /// <summary>
    /// Issue 21's audit: a service whose image declares VOLUME gets an anonymous volume, which carries no label. The
    /// engine's own event log ties it to the run (mounted by a container created with the run's project label), so
    /// the check holds while other runs create and remove volumes on the same engine.
    /// </summary>
    [Fact]
    public async Task The_anonymous_volume_of_an_image_volume_is_removed_with_the_run()
    {
        using var tree = new Checking.TempTree();
        tree.Write("Dockerfile", "FROM drydock-base/busybox:1.35\nVOLUME /data\nCMD [\"sh\", \"-c\", \"echo ready > /data/state; exec sleep 3600\"]\n");
        tree.Write("compose.yaml", "services:\n  app:\n    build: .\n    stop_signal: SIGKILL\n");
        tree.Write("drydock.yml", "idle: {window: 1s, interval: 1s}\n");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var (cli, report) = await VerifyAsync(tree.Root);
        cli.ExitCode.ShouldBe(0, cli.ToString());
        var project = report["composeProject"]!.GetValue<string>();

        var ourContainers = new HashSet<string>(StringComparer.Ordinal);
        var mounted = new List<(string Volume, string Container)>();
        await foreach (var engineEvent in engine.Client.MonitorEventsAsync(
            new EventFilter { Since = before, Until = DateTimeOffset.UtcNow, Types = ["container", "volume"], Actions = ["create", "mount"] }, Timeout))
        {
            var attributes = engineEvent.Actor?.Attributes ?? [];
            if (engineEvent is { Type: "container", Action: "create" } && attributes.GetValueOrDefault("com.docker.compose.project") == project)
            {
                ourContainers.Add(engineEvent.Actor!.ID!);
            }
            else if (engineEvent is { Type: "volume", Action: "mount" } && attributes.TryGetValue("container", out var container))
            {
                mounted.Add((engineEvent.Actor!.ID!, container));
            }
        }
        var ourVolumes = mounted.Where(mount => ourContainers.Contains(mount.Container)).Select(mount => mount.Volume).ToHashSet();
        ourVolumes.ShouldNotBeEmpty("the service's container mounted its anonymous /data volume");
        (await engine.Client.ListVolumesAsync([], Timeout)).Select(volume => volume.Name).Where(ourVolumes.Contains).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_host_port_already_in_use_fails_the_start_and_says_so()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (cli, report) = await VerifyAsync("port-conflict", new Dictionary<string, string?> { ["CONFLICT_PORT"] = port });
        cli.ExitCode.ShouldBe(1, cli.ToString());
        var failures = string.Join('\n', report["failures"]!.AsArray().Select(line => line!.GetValue<string>()));
        failures.ShouldContain("compose up exited", Case.Insensitive, cli.ToString());
        failures.ShouldContain($"127.0.0.1:{port}", Case.Insensitive, "the failure names the port that was taken");
        failures.ShouldMatch("(?i)already (in use|allocated)");
        Service(report, "app")["status"]!.GetValue<string>().ShouldBe("failed");
    }

    [Fact]
    public async Task Services_that_never_started_because_a_dependency_failed_name_it_once()
    {
        var (cli, report) = await VerifyAsync("depends-fails");
        cli.ExitCode.ShouldBe(1, cli.ToString());
        Service(report, "db")["failure"]!["reason"]!.GetValue<string>().ShouldStartWith("its health check failed");
        Service(report, "app")["failure"]!["reason"]!.GetValue<string>().ShouldBe("not started: depends on db, which failed");
        Service(report, "web")["failure"]!["reason"]!.GetValue<string>().ShouldBe("not started: depends on db, which failed", "the root cause, through app");

        // The services' failures are the root cause; their unmeasured targets do not repeat it as "not measured → fail".
        var rows = report["measurements"]!.AsArray().Select(node => node!.AsObject()).ToList();
        rows.ShouldNotContain(row => row["actual"] == null && row["service"] != null && row["status"]!.GetValue<string>() == "fail", string.Join('\n', rows.Select(row => row.ToJsonString())));
        rows.ShouldContain(row => row["service"] != null && row["service"]!.GetValue<string>() == "db" && row["metric"]!.GetValue<string>() == "image_size");

        // start_order: respected says the same, once per pair.
        var order = report["probes"]!.AsArray().Select(node => node!.AsObject()).Where(probe => probe["name"]!.GetValue<string>().StartsWith("start order: ", StringComparison.Ordinal)).ToList();
        order.Select(probe => (probe["name"]!.GetValue<string>(), probe["status"]!.GetValue<string>())).ShouldBe(
        [
            ("start order: db ready before app created", "failed"),
            ("start order: app ready before web created", "failed"),
        ], ignoreOrder: true);
        order.Single(probe => probe["service"]!.GetValue<string>() == "app")["detail"]!.GetValue<string>().ShouldStartWith("db was never ready: its health check failed");

        var text = await CliRunner.RunAsync(["verify", Path.Combine(RepoPaths.Root, "tests", "verify-stacks", "depends-fails")], cancellationToken: Timeout);
        text.StandardOutput.ShouldContain("not started: depends on db, which failed");
    }

    [Fact]
    public async Task A_prometheus_targets_probe_names_the_down_target_and_its_last_error()
    {
        var (cli, report) = await VerifyAsync("prometheus-targets");
        cli.ExitCode.ShouldBe(1, cli.ToString());
        var probes = report["probes"]!.AsArray().Select(node => node!.AsObject()).ToDictionary(probe => probe["name"]!.GetValue<string>());
        probes["every target"]["status"]!.GetValue<string>().ShouldBe("failed");
        probes["every target"]["detail"]!.GetValue<string>().ShouldBe("1 of 2 targets down: node (node:9100): Get \"http://node:9100/metrics\": dial tcp: lookup node: no such host");
        probes["the app's job"]["status"]!.GetValue<string>().ShouldBe("passed", probes["the app's job"].ToJsonString());
        probes["the app's job"]["detail"]!.GetValue<string>().ShouldBe("1 target(s) of 1 job(s) up");
        probes["the app's job"]["attempts"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task An_optional_service_may_fail_while_the_required_one_stays_healthy()
    {
        var (cli, report) = await VerifyAsync("degraded");
        cli.ExitCode.ShouldBe(0, cli.ToString());
        Service(report, "daemon")["status"]!.GetValue<string>().ShouldBe("healthy");
        var llm = Service(report, "llm");
        llm["status"]!.GetValue<string>().ShouldBe("failed");
        llm["optional"]!.GetValue<bool>().ShouldBeTrue();
        llm["failure"]!["logTail"]!.AsArray().Select(line => line!.GetValue<string>()).ShouldContain(line => line.Contains("failed to read magic"));
        var text = await CliRunner.RunAsync(["verify", Stack("degraded")], cancellationToken: Timeout);
        text.StandardOutput.ShouldContain("failed (optional)");
    }

    [Fact]
    public async Task Without_a_drydock_yml_every_published_port_is_probed_and_everything_measured()
    {
        var (cli, report) = await VerifyAsync("zero-config");
        cli.ExitCode.ShouldBe(0, cli.ToString());
        report["configFile"].ShouldBeNull();
        report["probes"]!.AsArray().Single()!["name"]!.GetValue<string>().ShouldBe("http GET / on 8080");
        report["measurements"]!.AsArray().Select(m => m!["status"]!.GetValue<string>()).ShouldAllBe(status => status == "info");
    }

    [Fact]
    public async Task Two_runs_of_the_same_stack_at_once_do_not_collide()
    {
        var runs = await Task.WhenAll(VerifyAsync("web"), VerifyAsync("web"));
        runs.ShouldAllBe(run => run.Cli.ExitCode == 0);
        runs[0].Json["runId"]!.GetValue<string>().ShouldNotBe(runs[1].Json["runId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Report_dir_gets_markdown_json_and_junit()
    {
        var directory = Directory.CreateTempSubdirectory("drydock-report-").FullName;
        try
        {
            var (cli, _) = await VerifyAsync("zero-config", null, "--report-dir", directory, "--no-cache");
            cli.ExitCode.ShouldBe(0, cli.ToString());
            File.ReadAllText(Path.Combine(directory, "report.md")).ShouldContain("| Metric | Service | Target | Actual | Status |");
            JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "report.json")))!["status"]!.GetValue<string>().ShouldBe("passed");
            File.ReadAllText(Path.Combine(directory, "junit.xml")).ShouldContain("<testsuite");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_run_past_its_timeout_fails_says_so_and_removes_everything()
    {
        var (cli, report) = await VerifyAsync("web", null, "--timeout", "2s");
        cli.ExitCode.ShouldBe(1, cli.ToString());
        report["failures"]!.AsArray().Select(line => line!.GetValue<string>()).ShouldContain(line => line.Contains("did not finish within its timeout of 2"));
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_in_the_middle_of_a_run_removes_everything_and_exits_130(string signal)
    {
        var project = $"vtsig{Guid.NewGuid():N}"[..16];
        var cli = Path.Combine(AppContext.BaseDirectory, "drydock.dll");
        var start = new ProcessStartInfo("dotnet", [cli, "verify", Stack("web"), "--format", "json"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment = { ["COMPOSE_PROJECT_NAME"] = project, ["CI"] = "true" },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var seen = new System.Text.StringBuilder();
        var reachedStart = false;
        using (var wait = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            while (await process.StandardError.ReadLineAsync(wait.Token) is { } line)
            {
                seen.AppendLine(line);
                if (line.Contains("web: healthy", StringComparison.Ordinal) || line.Contains("probing", StringComparison.Ordinal))
                {
                    reachedStart = true;
                    break;
                }
            }
        }
        reachedStart.ShouldBeTrue(seen.ToString());
        var running = (await engine.Client.ListContainersAsync([], Timeout)).Where(c => c.Labels?.GetValueOrDefault("com.docker.compose.project")?.StartsWith(project, StringComparison.Ordinal) == true).ToList();
        running.ShouldNotBeEmpty("the stack is up when SIGINT arrives");

        using (var interrupt = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
        {
            await interrupt.WaitForExitAsync(Timeout);
        }
        var rest = process.StandardError.ReadToEndAsync();
        using (var exit = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            await process.WaitForExitAsync(exit.Token);
        }
        process.ExitCode.ShouldBe(130, seen + await rest + await stdout);
        var left = (await engine.Client.ListContainersAsync([], Timeout)).Where(c => c.Labels?.GetValueOrDefault("com.docker.compose.project")?.StartsWith(project, StringComparison.Ordinal) == true);
        left.ShouldBeEmpty();
        var networks = (await engine.Client.ListNetworksAsync([], Timeout)).Where(n => n.Name.StartsWith(project, StringComparison.Ordinal));
        networks.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_missing_engine_is_one_sentence_and_exit_2()
    {
        var cli = await CliRunner.RunAsync(["verify", Stack("web")], new Dictionary<string, string?> { ["DOCKER_HOST"] = "unix:///tmp/drydock-no-engine.sock", ["DOCKER_CONTEXT"] = null });
        cli.ExitCode.ShouldBe(2, cli.ToString());
        cli.StandardError.Split('\n').Count(line => line.StartsWith("drydock: error:", StringComparison.Ordinal)).ShouldBe(1, cli.ToString());
        cli.StandardError.ShouldContain("No Docker engine is running");
        cli.StandardError.ShouldNotContain("   at ");
        cli.StandardOutput.ShouldBeEmpty();
    }
}
