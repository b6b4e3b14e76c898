using Drydock.Measurements;
using Drydock.Tests.Compose;
using Drydock.Verification.Config;
using Drydock.Verification.Init;

namespace Drydock.Tests.Verification.Init;

public sealed class StarterConfigTests
{
    private const string Compose = """
        services:
          api:
            build: .
            ports: ["127.0.0.1:8080:8080", "127.0.0.1:9090:9090"]
            healthcheck:
              test: ["CMD", "/bin/drydock-probe", "http://127.0.0.1:8080/health"]
          cache:
            image: drydock-base/redis:7.0
            healthcheck:
              test: ["CMD-SHELL", "redis-cli ping | grep PONG"]
          worker:
            image: drydock-base/busybox:1.35
        """;

    private static VerifyConfig ParseBack(ComposeTestProject project, string yaml) =>
        VerifyConfigParser.Load(project.Write("drydock.yml", yaml));

    [Fact]
    public void Probes_come_from_health_checks_and_published_ports_and_the_file_parses_back()
    {
        using var project = new ComposeTestProject(Compose);
        var model = project.Load().GetProjectOrThrow();
        var config = ParseBack(project, StarterConfig.Generate(model, []));

        var api = config.FindService("api").ShouldNotBeNull();
        api.Probes.Select(probe => probe.Name).ShouldBe(["health", "answers on 9090"]);
        var health = api.Probes[0].ShouldBeOfType<HttpProbeSpec>();
        (health.Port, health.Path, health.Expect.Status).ShouldBe((8080, "/health", 200));

        var cache = config.FindService("cache").ShouldNotBeNull();
        cache.Probes.Single().ShouldBeOfType<ExecProbeSpec>().Command.ShouldBe(["/bin/sh", "-c", "redis-cli ping | grep PONG"]);
        config.FindService("worker").ShouldNotBeNull().Probes.ShouldBeEmpty();
        config.Targets.Select(target => target.Metric).ShouldBe(["restarts"], "nothing measured: only what no one has to decide");
    }

    [Fact]
    public void Measured_values_become_commented_suggestions_with_headroom()
    {
        using var project = new ComposeTestProject(Compose);
        var model = project.Load().GetProjectOrThrow();
        Measurement[] measured =
        [
            Measurement.Evaluate(Metrics.StartupTime, null, null, 11.6),
            Measurement.Evaluate(Metrics.ImageSize, "api", null, 118_000_000),
            Measurement.Evaluate(Metrics.CpuIdle, "api", null, 2.8),
            Measurement.Evaluate(Metrics.MemoryIdle, "cache", null, null, "not running"),
        ];
        var yaml = StarterConfig.Generate(model, measured);

        yaml.ShouldContain("# startup_time: < 18s    # measured 11.6 s");
        yaml.ShouldContain("# image_size: < 177 MB    # measured 118 MB");
        yaml.ShouldContain("# cpu_idle: < 5%    # measured 2.8%");
        yaml.ShouldNotContain("memory_idle", customMessage: "a value that was not measured suggests nothing");

        // Uncommented, every suggestion is valid drydock.yml.
        var uncommented = string.Join('\n', yaml.Split('\n').Select(line => line.TrimStart().StartsWith("# startup_time", StringComparison.Ordinal)
            || line.TrimStart().StartsWith("# image_size", StringComparison.Ordinal) || line.TrimStart().StartsWith("# cpu_idle", StringComparison.Ordinal)
                ? line.Remove(line.IndexOf("# ", StringComparison.Ordinal), 2) : line));
        var config = ParseBack(project, uncommented);
        config.Targets.Single(target => target.Metric == "startup_time").Target.Value.ShouldBe(18);
        config.FindService("api")!.Targets.Single(target => target.Metric == "image_size").Target.Value.ShouldBe(177_000_000);
    }
}
