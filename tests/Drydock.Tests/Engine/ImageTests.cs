using System.Formats.Tar;
using System.Text.Json;
using Drydock.Engine;
using Drydock.Tests.Engine.Support;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Engine;

[Trait("Category", EngineFixture.Category)]
public sealed class ImageTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token;

    [Fact]
    public async Task Inspect_and_history_describe_a_base_image()
    {
        var image = await engine.Client.InspectImageAsync(TestContainer.Busybox, Timeout);
        image.Id.ShouldStartWith("sha256:");
        image.RepoTags.ShouldNotBeNull().ShouldContain(TestContainer.Busybox);
        image.Os.ShouldBe("linux");
        image.Size.ShouldBeGreaterThan(1_000_000);
        image.Created.ShouldNotBeNull();
        image.Config!.User.ShouldBe("0:0");
        image.Config.Cmd.ShouldBe(["/bin/sh"]);
        image.Config.Labels!["io.drydock.base"].ShouldBe("busybox");
        image.RootFS!.Layers.ShouldNotBeNull().ShouldNotBeEmpty();
        image.RootFS.Layers!.ShouldAllBe(layer => layer.StartsWith("sha256:"));

        var history = await engine.Client.GetImageHistoryAsync(TestContainer.Busybox, Timeout);
        history[0].Id.ShouldBe(image.Id);
        history.Sum(step => step.Size).ShouldBe(image.Size);
        history.ShouldContain(step => step.CreatedBy != null && step.CreatedBy.Contains("LABEL"));
        history.Length.ShouldBeGreaterThanOrEqualTo(image.RootFS.Layers!.Length);
        history.ShouldAllBe(step => step.CreatedAt <= DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Export_streams_a_docker_save_archive_whose_manifest_names_the_config_and_layers()
    {
        var image = await engine.Client.InspectImageAsync(TestContainer.Busybox, Timeout);
        var names = new HashSet<string>();
        string? manifest = null;
        long layerBytes = 0;
        await using (var export = await engine.Client.ExportImageAsync(TestContainer.Busybox, Timeout))
        {
            export.CanSeek.ShouldBeFalse("streamed, not buffered");
            await using var tar = new TarReader(export);
            while (await tar.GetNextEntryAsync() is { } entry)
            {
                names.Add(entry.Name);
                if (entry.Name == "manifest.json")
                {
                    using var reader = new StreamReader(entry.DataStream!);
                    manifest = await reader.ReadToEndAsync();
                }
                else if (entry.EntryType == TarEntryType.RegularFile && entry.Name.EndsWith("layer.tar", StringComparison.Ordinal))
                {
                    layerBytes += entry.Length;
                }
            }
        }
        using var document = JsonDocument.Parse(manifest.ShouldNotBeNull());
        var only = document.RootElement.EnumerateArray().ShouldHaveSingleItem();
        only.GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()).ShouldContain(TestContainer.Busybox);
        // The config's file name is its digest, which is the image id (legacy <hex>.json or OCI blobs/sha256/<hex>).
        var config = only.GetProperty("Config").GetString()!;
        config.ShouldContain(image.Id["sha256:".Length..]);
        names.ShouldContain(config);
        var layers = only.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()!).ToList();
        layers.Count.ShouldBe(image.RootFS!.Layers!.Length);
        layers.ShouldAllBe(layer => names.Contains(layer));
        layerBytes.ShouldBeGreaterThanOrEqualTo(image.Size);
    }

    [Fact]
    public async Task Removal_takes_an_exact_tag_and_refuses_a_bare_name()
    {
        var repository = $"drydock-test/engine-{Guid.NewGuid():N}"[..36];
        await engine.Client.TagImageAsync(TestContainer.Busybox, repository, "t1", Timeout);
        (await engine.Client.InspectImageAsync($"{repository}:t1", Timeout)).Id.ShouldBe((await engine.Client.InspectImageAsync(TestContainer.Busybox, Timeout)).Id);

        Should.Throw<ArgumentException>(() => engine.Client.RemoveImageAsync(repository, force: false, Timeout));
        var removed = await engine.Client.RemoveImageAsync($"{repository}:t1", force: false, Timeout);
        removed.ShouldHaveSingleItem().Untagged.ShouldBe($"{repository}:t1");
        (await Should.ThrowAsync<EngineException>(() => engine.Client.InspectImageAsync($"{repository}:t1", Timeout))).Kind.ShouldBe(EngineErrorKind.NotFound);
        (await engine.Client.InspectImageAsync(TestContainer.Busybox, Timeout)).RepoTags!.ShouldContain(TestContainer.Busybox);
    }

    [Theory]
    [InlineData("busybox:1.35", true)]
    [InlineData("registry.local:5000/team/app:v1", true)]
    [InlineData("app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("0123456789ab", true)]
    [InlineData("busybox", false)]
    [InlineData("registry.local:5000/team/app", false)]
    [InlineData("app:", false)]
    [InlineData("app:*", false)]
    [InlineData("", false)]
    public void Only_ids_and_explicit_tags_count_as_explicit(string reference, bool expected) =>
        DockerClient.IsExplicitImageReference(reference).ShouldBe(expected);
}
