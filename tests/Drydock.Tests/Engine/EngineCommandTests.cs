using System.Text.Json;
using Drydock.Processes;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Engine;

[Trait("Category", EngineFixture.Category)]
public sealed class EngineCommandTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Json_reports_the_engine_and_the_compose_implementation()
    {
        var result = await CliRunner.RunAsync(["engine", "--format", "json"]);
        result.ExitCode.ShouldBe(0, result.ToString());
        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        root.GetProperty("schemaVersion").GetInt32().ShouldBe(1);
        root.GetProperty("reachable").GetBoolean().ShouldBeTrue();
        var reported = root.GetProperty("engine");
        var actual = await engine.Client.GetVersionAsync(CancellationToken.None);
        reported.GetProperty("version").GetString().ShouldBe(actual.Version);
        reported.GetProperty("apiVersion").GetString().ShouldBe((await engine.Client.NegotiateAsync(CancellationToken.None)).ToString());
        reported.GetProperty("os").GetString().ShouldBe("linux");
        reported.GetProperty("arch").GetString().ShouldBe(actual.Arch);
        reported.GetProperty("storageDriver").GetString().ShouldNotBeNullOrEmpty();
        reported.GetProperty("cgroupVersion").GetString().ShouldBeOneOf("1", "2");

        var compose = root.GetProperty("compose");
        var selected = compose.GetProperty("selected");
        selected.ValueKind.ShouldBe(JsonValueKind.Object);
        var implementations = compose.GetProperty("implementations").EnumerateArray().ToList();
        implementations.Select(i => i.GetProperty("name").GetString()).ShouldBe(["docker compose", "docker-compose", "podman-compose"]);
        if (ProcessRunner.FindOnPath("docker-compose") is not null)
        {
            // What this machine's apt gives: Compose v1, reported with its real version.
            var v1 = implementations.Single(i => i.GetProperty("name").GetString() == "docker-compose");
            var expected = (await ProcessRunner.RunAsync("docker-compose", ["version", "--short"])).StandardOutput.Trim();
            v1.GetProperty("available").GetBoolean().ShouldBeTrue();
            v1.GetProperty("version").GetString().ShouldBe(expected);
        }
    }

    [Fact]
    public async Task Text_names_the_endpoint_engine_and_compose()
    {
        var result = await CliRunner.RunAsync(["engine"]);
        result.ExitCode.ShouldBe(0, result.ToString());
        result.StandardOutput.ShouldContain("Endpoint:");
        result.StandardOutput.ShouldContain("API version:");
        result.StandardOutput.ShouldContain("Storage driver:");
        result.StandardOutput.ShouldContain("selected");
    }

    [Fact]
    public async Task Compose_choice_can_be_forced_and_an_unknown_choice_is_explained()
    {
        var forced = await CliRunner.RunAsync(["engine", "--format", "json"], new Dictionary<string, string?> { ["DRYDOCK_COMPOSE"] = "podman-compose" });
        if (ProcessRunner.FindOnPath("podman-compose") is null)
        {
            forced.ExitCode.ShouldBe(2);
            forced.StandardError.ShouldContain("DRYDOCK_COMPOSE asks for podman-compose, which is not usable");
        }
        var unknown = await CliRunner.RunAsync(["engine"], new Dictionary<string, string?> { ["DRYDOCK_COMPOSE"] = "nerdctl" });
        unknown.ExitCode.ShouldBe(2);
        unknown.StandardError.ShouldContain("DRYDOCK_COMPOSE=nerdctl is not one of");
    }
}
