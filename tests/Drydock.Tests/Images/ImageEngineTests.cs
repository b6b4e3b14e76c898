using System.Text.Json;
using Drydock.Images.Analysis;
using Drydock.Images.Layers;
using Drydock.Images.Rules;
using Drydock.Images.Sources;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Images;

/// <summary>
/// Real images built by the real engine, read from the engine, from <c>docker save</c>, and from OCI layouts made of
/// the same layers: every number is checked against the value worked out by hand in <see cref="ImageFixtures.Expected"/>.
/// </summary>
[Trait("Category", EngineFixture.Category)]
public sealed class ImageEngineTests(EngineFixture engine, ImageFixtures images) : IClassFixture<EngineFixture>, IClassFixture<ImageFixtures>
{
    private async Task<ImageAnalysis> FromEngineAsync(string image) =>
        await ImageInspector.AnalyzeEngineImageAsync(engine.Client, image, CancellationToken.None);

    [Fact]
    public async Task The_waste_image_from_the_engine_matches_the_hand_computed_numbers_and_docker_image_inspect()
    {
        var analysis = await FromEngineAsync(images.WasteImage);
        analysis.SourceKind.ShouldBe(ImageSourceKind.Engine);
        WasteImage.ShouldMatch(analysis);
        var dockerSize = long.Parse(await ImageFixtures.DockerAsync("image", "inspect", "--format", "{{.Size}}", images.WasteImage), System.Globalization.CultureInfo.InvariantCulture);
        Math.Abs(analysis.Size - dockerSize).ShouldBeLessThanOrEqualTo(dockerSize / 100);
        var id = await ImageFixtures.DockerAsync("image", "inspect", "--format", "{{.Id}}", images.WasteImage);
        analysis.ImageId.ShouldBe(id);
        var diffIds = await ImageFixtures.DockerAsync("image", "inspect", "--format", "{{json .RootFS.Layers}}", images.WasteImage);
        analysis.Layers.Select(layer => layer.Digest).ShouldBe(JsonSerializer.Deserialize<string[]>(diffIds)!);
    }

    [Fact]
    public async Task The_saved_archive_and_the_oci_layouts_of_the_same_layers_give_the_same_analysis()
    {
        var archive = await ImageInspector.AnalyzeAsync(new ArchiveImageSource(images.WasteArchive), CancellationToken.None);
        archive.RepoTags.ShouldBe([images.WasteImage]);
        WasteImage.ShouldMatch(archive);

        var directory = await ImageInspector.AnalyzeAsync(new DirectoryImageSource(images.WasteOciDirectory), CancellationToken.None);
        directory.Layers.Select(layer => layer.Compression).ShouldBe([.. Enumerable.Range(0, 10).Select(i => i == 2 ? LayerCompression.Zstd : LayerCompression.Gzip)]);
        directory.Layers.Select(layer => layer.CompressedSize).ShouldAllBe(size => size > 0);
        WasteImage.ShouldMatch(directory);

        var ociArchive = await ImageInspector.AnalyzeAsync(new ArchiveImageSource(images.WasteOciArchive), CancellationToken.None);
        WasteImage.ShouldMatch(ociArchive);
        ociArchive.ImageId.ShouldBe(archive.ImageId);
    }

    [Fact]
    public async Task The_clean_image_runs_as_app_with_a_health_check_and_its_sources_are_found()
    {
        var analysis = await FromEngineAsync(images.CleanImage);
        analysis.Config.User.ShouldBe(new ImageUser("app", "app", 1000, 1000));
        analysis.Config.User.IsRoot.ShouldBeFalse();
        analysis.Config.ExposedPorts.ShouldBe(["8080/tcp"]);
        analysis.Config.Healthcheck!.Test.ShouldBe(["CMD", "/bin/busybox", "true"]);
        analysis.Config.Healthcheck.Interval.ShouldBe(TimeSpan.FromSeconds(5));
        analysis.Config.Healthcheck.Retries.ShouldBe(3);
        analysis.WastedBytes.ShouldBe(0);
        analysis.Efficiency.ShouldBe(1.0);
        analysis.Size.ShouldBe(ImageFixtures.Busybox + ImageFixtures.Expected.PasswdAndGroup + ImageFixtures.MainPy.Length + ImageFixtures.UtilPy.Length + ImageFixtures.Bytecode);
        analysis.Match(["/app/**/*.py"]).Select(file => file.Path).ShouldBe(["/app/main.py", "/app/pkg/util.py"]);
        analysis.Contains("*.pyc").ShouldBeTrue();
        analysis.Contains("/app/**/*.rb").ShouldBeFalse();
        ImageRules.Run(analysis).ShouldBeEmpty();
        var findings = ImageRules.Run(analysis, new ImageRuleOptions { NoSourcesUnder = ["/app"] });
        findings.Single().Message.ShouldBe("2 .py source files are under /app, which must hold none (e.g. /app/main.py).");
    }

    [Fact]
    public async Task A_missing_image_is_a_clear_error()
    {
        var error = await Should.ThrowAsync<DrydockException>(() => FromEngineAsync("drydock-test/no-such-image:never"));
        error.Message.ShouldStartWith("The image 'drydock-test/no-such-image:never' is not in the engine");
        error.Fix.ShouldNotBeNull();
    }
}
