using Drydock.BuildContext;
using Drydock.Checking;
using Drydock.Compose.Loading;
using Drydock.Compose.Model;
using Drydock.Compose.Rules.Correctness;
using Drydock.Configuration;
using Drydock.Findings;
using Drydock.Tests.Checking;
using Drydock.Tests.TestSupport;
using Drydock.Yaml;

namespace Drydock.Tests.Examples;

/// <summary>
/// The scenario examples (docs: /work/shared/scenarios.md S3 and S5), without an engine: each compose file loads with
/// Drydock's loader and says what its scenario claims, and <c>drydock check</c> finds nothing in it.
/// </summary>
public sealed class ScenarioExamplesTests
{
    private static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();

    public static TheoryData<string> ScenarioExamples => new() { "memory-service", "agent-host" };

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
        finding.Rule.Id.ShouldBe(VariableNotInEnvExample.Rule.Id);
        finding.Message.ShouldContain("AGENT_NAME");
    }

    [Fact]
    public void Agent_host_redis_client_is_the_notes_one_unchanged()
    {
        // Examples are standalone build contexts, so the client is copied; identical copies can later become one file.
        File.ReadAllText(Path.Combine(RepoPaths.Examples, "agent-host", "src", "Redis.cs"))
            .ShouldBe(File.ReadAllText(Path.Combine(RepoPaths.Examples, "notes", "src", "Redis.cs")));
    }

    private static ComposeProject Load(string example, IReadOnlyDictionary<string, string>? environment = null)
    {
        var load = ComposeProjectLoader.LoadDirectory(Path.Combine(RepoPaths.Examples, example), environment ?? NoEnvironment);
        load.Problems.ShouldBeEmpty(string.Join("\n", load.Problems));
        return load.GetProjectOrThrow();
    }

    /// <summary>What both scenarios claim of every service: non-root, read-only root with tmpfs, no capabilities, restarts.</summary>
    private static void ShouldBeHardened(ComposeService service, string user)
    {
        service.User.ShouldNotBeNull().Value.ShouldBe(user);
        service.ReadOnly.ShouldNotBeNull().Value.ShouldBeTrue();
        service.Tmpfs.Select(path => path.Value).ShouldContain("/tmp");
        service.CapDrop.Select(capability => capability.Value).ShouldBe(["ALL"]);
        service.SecurityOpt.Select(option => option.Value).ShouldContain("no-new-privileges:true");
        service.Restart.ShouldNotBeNull().Value.ShouldBe("unless-stopped");
        service.Healthcheck.ShouldNotBeNull();
    }
}
