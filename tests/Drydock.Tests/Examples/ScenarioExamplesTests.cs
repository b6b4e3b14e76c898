using Drydock.BuildContext;
using Drydock.Checking;
using Drydock.Compose.Loading;
using Drydock.Compose.Model;
using Drydock.Compose.Rules.Correctness;
using Drydock.Configuration;
using Drydock.Findings;
using Drydock.Measurements;
using Drydock.Reports;
using Drydock.Tests.Checking;
using Drydock.Tests.TestSupport;
using Drydock.Verification.Config;
using Drydock.Yaml;

namespace Drydock.Tests.Examples;

/// <summary>
/// The scenario examples (docs: /work/shared/scenarios.md S1, S3 and S5), without an engine: each compose file loads with
/// Drydock's loader and says what its scenario claims, and <c>drydock check</c> finds nothing in it.
/// </summary>
public sealed class ScenarioExamplesTests
{
    private static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();

    public static TheoryData<string> ScenarioExamples => new() { "memory-service", "agent-host", "observability-daemon" };

    [Theory]
    [MemberData(nameof(ScenarioExamples))]
    public async Task Check_finds_nothing_in_the_example_with_its_own_drydock_yml(string example)
    {
        var directory = Path.Combine(RepoPaths.Examples, example);
        var result = await CheckRunner.RunAsync(new CheckRequest
        {
            Paths = [directory],
            WorkingDirectory = directory,
            EnvironmentLookup = _ => null,
        });
        result.Configuration.File.ShouldBe(Path.Combine(directory, "drydock.yml"));
        result.Report.Findings.ShouldBeEmpty(string.Join("\n", result.Report.Findings.Select(finding => $"{finding.Span} {finding.Rule.Id} {finding.Message}")));
        // The compose file, the Dockerfile and the build context were all looked at, not skipped.
        result.Report.FilesAnalyzed.ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public void Memory_service_compose_file_loads_as_s3_describes()
    {
        var project = Load("memory-service");
        var service = project.Services.ShouldHaveSingleItem();
        service.Name.ShouldBe("memsvc");
        service.Build.ShouldNotBeNull().Context.ShouldBe(Path.Combine(RepoPaths.Examples, "memory-service"));

        var port = service.Ports.ShouldHaveSingleItem();
        (port.HostIp, port.Published, port.Target).ShouldBe(("127.0.0.1", "8000", 8000));
        ShouldBeHardened(service, user: "1000:1000");
        service.Volumes.ShouldContain(mount => mount.Type == ComposeVolumeMount.Volume && mount.Source == "memory-data" && mount.Target == "/app/data");
        service.Healthcheck.ShouldNotBeNull().Test.ShouldBe(["CMD", "/bin/drydock-probe", "http://127.0.0.1:8000/health"]);

        // S3: "the container can reach a service on the host (host.docker.internal)".
        var extraHosts = service.Node["extra_hosts"].ShouldBeOfType<YamlSequence>();
        extraHosts.Items.OfType<YamlScalar>().Select(host => host.Value).ShouldContain("host.docker.internal:host-gateway");
    }

    [Fact]
    public void Memory_service_port_follows_its_variable()
    {
        var project = Load("memory-service", new Dictionary<string, string> { ["MEMSVC_PORT"] = "18000" });
        project.Services.ShouldHaveSingleItem().Ports.ShouldHaveSingleItem().Published.ShouldBe("18000");
    }

    [Fact]
    public void Memory_service_context_leaves_tests_archive_and_git_out_and_has_s3s_size_target()
    {
        var directory = Path.Combine(RepoPaths.Examples, "memory-service");
        var settings = ContextSettingsSection.Read(DrydockConfigFile.Load(Path.Combine(directory, "drydock.yml"))).ShouldNotBeNull();
        settings.MaxBytes.ShouldBe(70_000_000);

        var analysis = ContextAnalyzer.Analyze(directory, new ContextAnalysisOptions { Settings = settings });
        analysis.Findings.ShouldBeEmpty();
        var walk = analysis.Walk.ShouldNotBeNull();
        walk.Bytes.ShouldBeLessThan(settings.MaxBytes);
        var sent = walk.Entries.Select(entry => entry.Path).ToList();
        sent.ShouldContain("src/memsvc/server.py");
        // The exclusions are real: the folders hold files, and none of them is sent.
        Directory.EnumerateFiles(Path.Combine(directory, "tests")).ShouldNotBeEmpty();
        Directory.EnumerateFiles(Path.Combine(directory, "archive")).ShouldNotBeEmpty();
        sent.ShouldNotContain(path => path.StartsWith("tests/", StringComparison.Ordinal) || path.StartsWith("archive/", StringComparison.Ordinal) || path.StartsWith(".git/", StringComparison.Ordinal));
    }

    [Fact]
    public void Agent_host_compose_file_loads_as_s5_describes()
    {
        var project = Load("agent-host");
        project.Services.Select(service => service.Name).Order(StringComparer.Ordinal).ShouldBe(["api", "redis"]);
        var api = project.FindService("api").ShouldNotBeNull();
        var redis = project.FindService("redis").ShouldNotBeNull();

        var port = api.Ports.ShouldHaveSingleItem();
        (port.HostIp, port.Published, port.Target).ShouldBe(("127.0.0.1", "8090", 8090));
        redis.Ports.ShouldBeEmpty();
        ShouldBeHardened(api, user: "1000:1000");
        ShouldBeHardened(redis, user: "999:999");
        (api.EffectiveCpuLimit, api.EffectiveMemoryLimit).ShouldBe((2.0, 1024L * 1024 * 1024));
        (redis.EffectiveCpuLimit, redis.EffectiveMemoryLimit).ShouldBe((1.0, 512L * 1024 * 1024));
        api.DependsOn.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            dependency => dependency.Service.ShouldBe("redis"),
            dependency => dependency.Condition.ShouldBe(ComposeDependency.Healthy));
        api.GetEnvironment("AGENT_NAME").ShouldBe("drydock-agent");

        // Sessions survive a Redis restart: AOF, on a named volume.
        redis.Command.ShouldNotBeNull().Words.ShouldContain("--appendonly");
        redis.Volumes.ShouldContain(mount => mount.Type == ComposeVolumeMount.Volume && mount.Source == "redis-data" && mount.Target == "/data");
        project.Networks.ShouldContain(network => network.Key == "backend" && network.Internal);
    }

    [Fact]
    public async Task Agent_host_env_example_documents_every_variable_and_check_notices_a_missing_one()
    {
        var directory = Path.Combine(RepoPaths.Examples, "agent-host");
        var documented = File.ReadAllLines(Path.Combine(directory, ".env.example"))
            .Where(line => line.Contains('=', StringComparison.Ordinal) && !line.StartsWith('#'))
            .Select(line => line[..line.IndexOf('=', StringComparison.Ordinal)])
            .ToList();
        documented.ShouldBe(["AGENT_PORT", "AGENT_NAME"], ignoreOrder: true);
        Load("agent-host").Variables.Select(variable => variable.Name).ShouldBe(documented, ignoreOrder: true);
        File.ReadAllLines(Path.Combine(directory, ".gitignore")).ShouldContain(".env");

        // The same project with AGENT_NAME left out of .env.example: check says so, so the clean result above means something.
        using var tree = new TempTree();
        tree.Write("compose.yaml", File.ReadAllText(Path.Combine(directory, "compose.yaml")));
        tree.Write(".env.example", "AGENT_PORT=8090\n");
        tree.Write("Dockerfile", File.ReadAllText(Path.Combine(directory, "Dockerfile")));
        var result = await CheckRunner.RunAsync(new CheckRequest { Paths = [tree.Root], WorkingDirectory = tree.Root, Shellcheck = false, EnvironmentLookup = _ => null });
        var finding = result.Report.Findings.ShouldHaveSingleItem(string.Join("\n", result.Report.Findings.Select(f => $"{f.Span} {f.Rule.Id} {f.Message}")));
        finding.Rule.Id.ShouldBe(VariableNotInEnvExampleRule.Rule.Id);
        finding.Message.ShouldContain("AGENT_NAME");
    }

    [Fact]
    public void Agent_host_redis_client_is_the_notes_one_unchanged()
    {
        // Examples are standalone build contexts, so the client is copied; identical copies can later become one file.
        File.ReadAllText(Path.Combine(RepoPaths.Examples, "agent-host", "src", "Redis.cs"))
            .ShouldBe(File.ReadAllText(Path.Combine(RepoPaths.Examples, "notes", "src", "Redis.cs")));
    }

    [Fact]
    public void Observability_daemon_compose_file_loads_as_s1_describes()
    {
        var project = Load("observability-daemon");
        project.Services.Select(service => service.Name).Order(StringComparer.Ordinal).ShouldBe(["daemon", "llm"]);
        var daemon = project.FindService("daemon").ShouldNotBeNull();
        var llm = project.FindService("llm").ShouldNotBeNull();

        // Two images, each built here.
        (daemon.Build.ShouldNotBeNull().Dockerfile, daemon.Image?.Value).ShouldBe(("daemon.Dockerfile", "drydock-example/observability-daemon:0.1.0"));
        (llm.Build.ShouldNotBeNull().Dockerfile, llm.Image?.Value).ShouldBe(("llm.Dockerfile", "drydock-example/observability-llm:0.1.0"));

        var port = daemon.Ports.ShouldHaveSingleItem();
        (port.HostIp, port.Published, port.Target).ShouldBe(("127.0.0.1", "3000", 3000));
        llm.Ports.ShouldBeEmpty();
        ShouldBeHardened(daemon, user: "1000:1000");
        ShouldBeHardened(llm, user: "1000:1000", restart: "no");
        daemon.Healthcheck.ShouldNotBeNull().Test.ShouldBe(["CMD", "/bin/drydock-probe", "http://127.0.0.1:3000/healthz"]);
        daemon.EffectiveMemoryLimit.ShouldNotBeNull().ShouldBeLessThan(500_000_000);

        // S1: the daemon starts whether or not the LLM does, so nothing ties it to the llm.
        daemon.DependsOn.ShouldBeEmpty();
        // The model directory, read-only; the LLM is on the internal network only.
        llm.Volumes.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            mount => (mount.Type, mount.Target, mount.ReadOnly).ShouldBe((ComposeVolumeMount.Bind, "/models", true)),
            mount => mount.Source.ShouldBe(Path.Combine(RepoPaths.Examples, "observability-daemon", "models")));
        llm.Networks.Select(network => network.Name).ShouldBe(["backend"]);
        daemon.Networks.Select(network => network.Name).ShouldBe(["frontend", "backend"], ignoreOrder: true);
        project.Networks.ShouldContain(network => network.Key == "backend" && network.Internal);
    }

    [Fact]
    public void Observability_daemon_port_and_model_follow_their_variables()
    {
        var project = Load("observability-daemon", new Dictionary<string, string> { ["DAEMON_PORT"] = "13000", ["LLM_MODEL"] = "tiny" });
        project.FindService("daemon").ShouldNotBeNull().Ports.ShouldHaveSingleItem().Published.ShouldBe("13000");
        project.FindService("llm").ShouldNotBeNull().GetEnvironment("LLM_MODEL").ShouldBe("tiny");
    }

    [Fact]
    public void Observability_daemon_drydock_yml_states_s1s_targets_probes_and_model_precondition()
    {
        var directory = Path.Combine(RepoPaths.Examples, "observability-daemon");
        var config = VerifyConfigParser.Load(Path.Combine(directory, "drydock.yml"));
        config.Targets.Select(target => Describe(target.Target)).ShouldBe(["build_time < 600", "image_size < 300000000", "startup_time < 30"], ignoreOrder: true);

        var daemon = config.FindService("daemon").ShouldNotBeNull();
        daemon.Optional.ShouldBeFalse();
        daemon.Targets.Select(target => Describe(target.Target)).ShouldContain("memory_idle < 500000000");
        daemon.Targets.Select(target => Describe(target.Target)).ShouldContain("cpu_idle < 5");
        var probes = daemon.Probes.OfType<HttpProbeSpec>().ToDictionary(probe => probe.Path, StringComparer.Ordinal);
        probes.Keys.ShouldBe(["/healthz", "/processes", "/stream", "/insights", "/metrics"], ignoreOrder: true);
        probes["/healthz"].Expect.Json.ShouldContain(new KeyValuePair<string, string>("$.status", "\"ok\""));
        probes["/stream"].Expect.FirstEventWithin.ShouldBe(TimeSpan.FromSeconds(2));
        // The metric names the daemon writes (src/obsd.py), llm_up among them.
        var metrics = probes["/metrics"].Expect.Prometheus.ShouldNotBeNull();
        metrics.ShouldContain("obsd_llm_up");
        var daemonSource = File.ReadAllText(Path.Combine(directory, "src", "obsd.py"));
        metrics.ShouldAllBe(name => daemonSource.Contains($"# TYPE {name} ", StringComparison.Ordinal));

        // The LLM may fail (it does out of the box), and the model file is checked before anything relies on it.
        var llm = config.FindService("llm").ShouldNotBeNull();
        llm.Optional.ShouldBeTrue();
        var model = llm.Probes.ShouldHaveSingleItem().ShouldBeOfType<FileProbeSpec>();
        (model.Path, model.Exists).ShouldBe(("/models/*.gguf", true));
        model.Magic.ShouldBe("GGUF"u8.ToArray());

        // The graceful-degradation scenario (its parser is separate; its shape is what docs/drydock-yml.md shows).
        var scenario = DrydockConfigFile.Load(Path.Combine(directory, "drydock.yml")).Section("scenarios")
            .ShouldBeOfType<YamlSequence>().Items.ShouldHaveSingleItem().ShouldBeOfType<YamlMapping>();
        var steps = scenario["steps"].ShouldBeOfType<YamlSequence>().Items.Cast<YamlMapping>().ToList();
        steps[0]["stop"].ShouldBeOfType<YamlScalar>().Value.ShouldBe("llm");
        steps.Skip(1).Where(step => step["probe"] is not null)
            .Select(step => ((YamlScalar)((YamlMapping)step["probe"]!)["http"]!).Value)
            .ShouldBe(["/healthz", "/insights"]);
    }

    [Fact]
    public async Task Observability_daemon_commits_no_model_and_make_model_writes_one_the_precondition_accepts()
    {
        var directory = Path.Combine(RepoPaths.Examples, "observability-daemon");
        File.ReadAllLines(Path.Combine(directory, ".gitignore")).ShouldContain("models/*.gguf");

        // The script writes beside its own scripts/ folder: run a copy, so the example's models/ stays as committed.
        using var tree = new TempTree();
        var script = tree.Write("scripts/make-model.sh", File.ReadAllText(Path.Combine(directory, "scripts", "make-model.sh")));
        var start = new System.Diagnostics.ProcessStartInfo("sh", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Remove("LLM_MODEL");
        using var process = System.Diagnostics.Process.Start(start).ShouldNotBeNull();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token) + await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.ShouldBe(0, output);

        var model = File.ReadAllBytes(Path.Combine(tree.Root, "models", "model.gguf"));
        model.Length.ShouldBe(4096);
        var magic = VerifyConfigParser.Load(Path.Combine(directory, "drydock.yml")).FindService("llm").ShouldNotBeNull()
            .Probes.OfType<FileProbeSpec>().Single().Magic.ShouldNotBeNull();
        model[..magic.Length].ShouldBe(magic);
        BitConverter.ToUInt32(model, 4).ShouldBe(3u, "GGUF version 3, little-endian");
    }

    private static ComposeProject Load(string example, IReadOnlyDictionary<string, string>? environment = null)
    {
        var load = ComposeProjectLoader.LoadDirectory(Path.Combine(RepoPaths.Examples, example), environment ?? NoEnvironment);
        load.Problems.ShouldBeEmpty(string.Join("\n", load.Problems));
        return load.GetProjectOrThrow();
    }

    private static string Describe(Target target) => $"{target.Metric} {target.Operator} {target.Value}";

    /// <summary>What the scenarios claim of every service: non-root, read-only root with tmpfs, no capabilities, restarts.</summary>
    private static void ShouldBeHardened(ComposeService service, string user, string restart = "unless-stopped")
    {
        service.User.ShouldNotBeNull().Value.ShouldBe(user);
        service.ReadOnly.ShouldNotBeNull().Value.ShouldBeTrue();
        service.Tmpfs.Select(path => path.Value).ShouldContain("/tmp");
        service.CapDrop.Select(capability => capability.Value).ShouldBe(["ALL"]);
        service.SecurityOpt.Select(option => option.Value).ShouldContain("no-new-privileges:true");
        service.Restart.ShouldNotBeNull().Value.ShouldBe(restart);
        service.Healthcheck.ShouldNotBeNull();
    }
}
