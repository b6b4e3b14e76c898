using Drydock.Images.Layers;
using Drydock.Images.Sources;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Images;

/// <summary>
/// The engine fast path (<see cref="OverlayImageSource"/>: overlay2 storage read in place) gives exactly what the
/// export gives: every layer's entries (whiteouts and opaque markers included), tar sizes, captured files, the config,
/// and <c>drydock inspect</c>'s JSON byte for byte, on images with deletions, an opaque directory, symlinks and many files.
/// </summary>
[Trait("Category", EngineFixture.Category)]
public sealed class OverlayImageSourceTests(EngineFixture engine, ImageFixtures images) : IClassFixture<EngineFixture>, IClassFixture<ImageFixtures>
{
    private IEnumerable<string> Images => [images.WasteImage, images.CleanImage, "drydock-base/redis:7.0", "drydock-base/aspnet:10.0"];

    [Fact]
    public async Task Reading_in_place_equals_the_export_entry_for_entry()
    {
        var options = LayerScanOptions.Default with { CapturePaths = new HashSet<string>(StringComparer.Ordinal) { "/etc/passwd", "/etc/group", "/etc/app/config.txt", "/etc/os-release" } };
        foreach (var image in Images)
        {
            var overlay = new OverlayImageSource(engine.Client, image);
            var direct = await overlay.TryReadAsync(options, CancellationToken.None);
            direct.ShouldNotBeNull($"{image}: the fast path fell back: {overlay.FallbackReason}");
            var exported = await new EngineImageSource(engine.Client, image).ReadAsync(options, CancellationToken.None);

            // The same config blob, parsed the same way (records holding arrays compare by reference: compare as JSON).
            System.Text.Json.JsonSerializer.Serialize(direct.Config, ImageJsonContext.Default.ImageConfigFile)
                .ShouldBe(System.Text.Json.JsonSerializer.Serialize(exported.Config, ImageJsonContext.Default.ImageConfigFile), image);
            direct.ImageId.ShouldBe(exported.ImageId);
            direct.RepoTags.ShouldBe(exported.RepoTags);
            direct.Layers.Count.ShouldBe(exported.Layers.Count);
            for (var i = 0; i < direct.Layers.Count; i++)
            {
                var (mine, theirs) = (direct.Layers[i], exported.Layers[i]);
                mine.CompressedSize.ShouldBe(theirs.CompressedSize, $"{image} layer {i}");
                mine.Index.TarBytes.ShouldBe(theirs.Index.TarBytes, $"{image} layer {i}");
                mine.Index.Entries.ShouldBe(theirs.Index.Entries, $"{image} layer {i}");
                mine.Index.CapturedFiles.Keys.Order().ShouldBe(theirs.Index.CapturedFiles.Keys.Order());
                foreach (var (path, content) in theirs.Index.CapturedFiles)
                {
                    mine.Index.CapturedFiles[path].ShouldBe(content, $"{image} layer {i} {path}");
                }
            }
        }
        // The waste image exercises what overlayfs marks specially: a deleted file and an emptied, re-created directory.
        var waste = (await new OverlayImageSource(engine.Client, images.WasteImage).TryReadAsync(options, CancellationToken.None))!;
        waste.Layers.SelectMany(layer => layer.Index.Entries).ShouldContain(entry => entry.Kind == EntryKind.Whiteout && entry.Path == "/data/big.bin");
        waste.Layers.SelectMany(layer => layer.Index.Entries).ShouldContain(entry => entry.Kind == EntryKind.Opaque && entry.Path == "/var/cache/thing");
    }

    [Fact]
    public async Task Inspect_json_is_byte_identical_through_either_path_by_name_and_by_id()
    {
        var export = new Dictionary<string, string?> { [OverlayImageSource.DisableVariable] = "1" };
        var id = (await engine.Client.InspectImageAsync(images.WasteImage, CancellationToken.None)).Id;
        foreach (var image in Images.Append(id))
        {
            var fast = await CliRunner.RunAsync(["inspect", image, "--format", "json", "--fail-on", "none", "--top", "20"]);
            var slow = await CliRunner.RunAsync(["inspect", image, "--format", "json", "--fail-on", "none", "--top", "20"], export);
            fast.ExitCode.ShouldBe(0, fast.ToString());
            slow.ExitCode.ShouldBe(0, slow.ToString());
            fast.StandardOutput.ShouldBe(slow.StandardOutput, image);
        }
    }
}
