using System.Text.Json;
using Drydock.Images;
using Drydock.Images.Analysis;
using Drydock.Images.Layers;
using Drydock.Images.Sources;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Images;

/// <summary>The registry source against real registries on 127.0.0.1: anonymous, basic and bearer-token access.</summary>
[Trait("Category", EngineFixture.Category)]
public sealed class RegistryTests(EngineFixture engine, RegistryFixture registries) : IClassFixture<EngineFixture>, IClassFixture<RegistryFixture>
{
    private readonly EngineFixture _engine = engine;

    private static Task<ImageAnalysis> PullAsync(string reference, Dictionary<string, string?> environment) =>
        ImageInspector.AnalyzeAsync(
            new RegistryImageSource(ImageReference.Parse(reference), new RegistryCredentialStore(name => environment.GetValueOrDefault(name))),
            CancellationToken.None);

    [Fact]
    public async Task Anonymous_pull_streams_gzip_layers_to_the_same_numbers()
    {
        var analysis = await PullAsync(registries.Reference(registries.Anonymous), []);
        analysis.SourceKind.ShouldBe(ImageSourceKind.Registry);
        analysis.ManifestDigest.ShouldStartWith("sha256:");
        analysis.Layers.Select(layer => layer.Compression).ShouldAllBe(compression => compression == LayerCompression.Gzip);
        analysis.Layers.Select(layer => layer.BlobDigest).ShouldAllBe(digest => digest != null && digest.StartsWith("sha256:"));
        WasteImage.ShouldMatch(analysis);
        _engine.Client.ShouldNotBeNull();
    }

    [Fact]
    public async Task Basic_auth_uses_docker_login_credentials_and_explains_missing_or_wrong_ones()
    {
        var reference = registries.Reference(registries.Basic);
        var anonymous = await Should.ThrowAsync<DrydockException>(() => PullAsync(reference, []));
        anonymous.Message.ShouldBe($"The registry {registries.Basic} requires credentials to read {RegistryFixture.Repository} (authentication required).");
        anonymous.Fix!.ShouldContain("docker login");

        WasteImage.ShouldMatch(await PullAsync(reference, new() { ["DOCKER_CONFIG"] = registries.DockerConfig }));

        var wrong = await Should.ThrowAsync<DrydockException>(() => PullAsync(reference, new() { ["DRYDOCK_REGISTRY_USERNAME"] = "alice", ["DRYDOCK_REGISTRY_PASSWORD"] = "nope" }));
        wrong.Message.ShouldBe($"The registry {registries.Basic} refused the credentials of 'alice' for {RegistryFixture.Repository} (authentication required).");
    }

    [Fact]
    public async Task Bearer_tokens_are_fetched_from_the_realm_with_the_pull_scope()
    {
        var reference = registries.Reference(registries.Token);
        WasteImage.ShouldMatch(await PullAsync(reference, new() { ["DRYDOCK_REGISTRY_USERNAME"] = RegistryFixture.User, ["DRYDOCK_REGISTRY_PASSWORD"] = RegistryFixture.Password }));
        lock (registries.TokenRequests)
        {
            registries.TokenRequests.ShouldContain(("alice", $"repository:{RegistryFixture.Repository}:pull"));
        }
        var refused = await Should.ThrowAsync<DrydockException>(() => PullAsync(reference, []));
        refused.Message.ShouldStartWith($"The token service http://127.0.0.1:");
        refused.Message.ShouldContain("refused a token (401) (bad credentials).");
    }

    [Fact]
    public async Task The_cli_reads_registry_references_and_a_missing_tag_is_clear()
    {
        var result = await CliRunner.RunAsync(["inspect", "registry://" + registries.Reference(registries.Token), "--format", "json"],
            new Dictionary<string, string?> { ["DOCKER_CONFIG"] = registries.DockerConfig, ["DRYDOCK_REGISTRY_USERNAME"] = null });
        result.ExitCode.ShouldBe(1, result.ToString());
        using var json = JsonDocument.Parse(result.StandardOutput);
        json.RootElement.GetProperty("source").GetString().ShouldBe("registry");
        json.RootElement.GetProperty("size").GetInt64().ShouldBe(ImageFixtures.Expected.WasteSize);

        var missing = await CliRunner.RunAsync(["inspect", $"docker://{registries.Anonymous}/{RegistryFixture.Repository}:no-such-tag"]);
        missing.ExitCode.ShouldBe(2);
        missing.StandardError.ShouldContain($"{RegistryFixture.Repository}:no-such-tag is not in the registry {registries.Anonymous}");
    }
}
