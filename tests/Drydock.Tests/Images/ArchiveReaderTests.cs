using System.Text;
using System.Text.Json;
using Drydock.Images.Analysis;
using Drydock.Images.Layers;
using Drydock.Images.Sources;

namespace Drydock.Tests.Images;

/// <summary>The archive and layout readers on synthetic images: same image, every container format, same result.</summary>
public sealed class ArchiveReaderTests
{
    private static readonly byte[][] Layers =
    [
        LayerTars.Tar(TarItem.Dir("app/"), TarItem.File("app/big.bin", 5000), TarItem.Text("etc/passwd", "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n")),
        LayerTars.Tar(TarItem.Whiteout("app/big.bin")),
        LayerTars.Tar(TarItem.File("app/run", 10, mode: 0b111_101_101)),
        // The same content as layer 1: legacy archives store it once and link to it.
        LayerTars.Tar(TarItem.Whiteout("app/big.bin")),
    ];

    private static readonly byte[] Config = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["architecture"] = "amd64",
        ["os"] = "linux",
        ["config"] = new Dictionary<string, object> { ["User"] = "app", ["Cmd"] = new[] { "/app/run" } },
        ["rootfs"] = new Dictionary<string, object> { ["type"] = "layers", ["diff_ids"] = Layers.Select(ImageArchives.Digest).ToArray() },
        ["history"] = new object[]
        {
            new Dictionary<string, object> { ["created_by"] = "ADD big" },
            new Dictionary<string, object> { ["created_by"] = "RUN rm big" },
            new Dictionary<string, object> { ["created_by"] = "ENV A=b", ["empty_layer"] = true },
            new Dictionary<string, object> { ["created_by"] = "COPY run" },
            new Dictionary<string, object> { ["created_by"] = "RUN rm big again" },
        },
    });

    private static void ShouldBeTheSampleImage(ImageAnalysis analysis)
    {
        analysis.History.Select(layer => (layer.CreatedBy, layer.IsEmpty)).ShouldBe(
            [("ADD big", false), ("RUN rm big", false), ("ENV A=b", true), ("COPY run", false), ("RUN rm big again", false)]);
        analysis.Layers.Select(layer => layer.Digest).ShouldBe(Layers.Select(ImageArchives.Digest));
        var passwdSize = "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n".Length;
        analysis.Layers.Select(layer => layer.Size).ShouldBe([5000L + passwdSize, 0, 10, 0]);
        analysis.Size.ShouldBe(5010 + passwdSize);
        analysis.WastedBytes.ShouldBe(5000);
        analysis.Config.User.ShouldBe(new ImageUser("app", "app", 1000, 1000));
        analysis.Entries.Select(file => file.Path).ShouldBe(["/app", "/app/run", "/etc/passwd"]);
    }

    [Fact]
    public void A_legacy_docker_save_archive_with_a_linked_duplicate_layer_streams_in_one_pass()
    {
        var archive = ImageArchives.Tar(ImageArchives.LegacyLayout(Config, Layers, "sample:1"));
        var content = ArchiveImageReader.Read(new ForwardOnlyStream(new MemoryStream(archive)), "sample.tar", ImageSourceKind.Archive, LayerScanOptions.Default, CancellationToken.None);
        content.RepoTags.ShouldBe(["sample:1"]);
        content.ImageId.ShouldBe(ImageArchives.Digest(Config));
        ShouldBeTheSampleImage(ImageAnalyzer.Analyze(content));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_oci_layout_archive_with_mixed_compressions_reads_the_same(bool withSaveManifest)
    {
        var files = await ImageArchives.OciLayoutAsync(Config, Layers, [BlobCompression.Gzip, BlobCompression.None, BlobCompression.Zstd, BlobCompression.None], withSaveManifest, "sample:1");
        // Reverse order: blobs before the index that explains them must work when streaming.
        files.Reverse();
        var archive = ImageArchives.Tar(files);
        var content = ArchiveImageReader.Read(new ForwardOnlyStream(new MemoryStream(archive)), "oci.tar", ImageSourceKind.Archive, LayerScanOptions.Default, CancellationToken.None);
        content.Layers.Select(layer => layer.Index.Compression).ShouldBe([LayerCompression.Gzip, LayerCompression.None, LayerCompression.Zstd, LayerCompression.None]);
        ShouldBeTheSampleImage(ImageAnalyzer.Analyze(content));
    }

    [Fact]
    public async Task An_oci_layout_directory_and_a_gzipped_archive_file_read_the_same()
    {
        var directory = Directory.CreateTempSubdirectory("drydock-oci-");
        try
        {
            var files = await ImageArchives.OciLayoutAsync(Config, Layers, [BlobCompression.Gzip, BlobCompression.Gzip, BlobCompression.Gzip, BlobCompression.Gzip], false);
            var layout = Path.Combine(directory.FullName, "layout");
            ImageArchives.WriteDirectory(layout, files);
            var fromDirectory = await ImageInspector.AnalyzeAsync(new DirectoryImageSource(layout), CancellationToken.None);
            fromDirectory.SourceKind.ShouldBe(ImageSourceKind.Directory);
            fromDirectory.ManifestDigest.ShouldNotBeNull();
            ShouldBeTheSampleImage(fromDirectory);

            var gzipped = Path.Combine(directory.FullName, "image.tar.gz");
            await File.WriteAllBytesAsync(gzipped, LayerTars.Gzip(ImageArchives.Tar(ImageArchives.LegacyLayout(Config, Layers, "sample:1"))));
            ShouldBeTheSampleImage(await ImageInspector.AnalyzeAsync(new ArchiveImageSource(gzipped), CancellationToken.None));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Broken_archives_are_clear_errors()
    {
        static DrydockException Read(byte[] archive) => Should.Throw<DrydockException>(() =>
            ArchiveImageReader.Read(new MemoryStream(archive), "bad.tar", ImageSourceKind.Archive, LayerScanOptions.Default, CancellationToken.None));

        Read(ImageArchives.Tar([("hello.txt", "hi"u8.ToArray())])).Message.ShouldBe(
            "bad.tar is neither a `docker save` archive nor an OCI image layout: it has no manifest.json or index.json.");
        var legacy = ImageArchives.LegacyLayout(Config, Layers, "sample:1");
        var missingLayer = legacy.Where(file => !(file.Path.EndsWith("layer.tar", StringComparison.Ordinal) && file.Content is not null)).ToList();
        Read(ImageArchives.Tar(missingLayer)).Message.ShouldStartWith("bad.tar is missing the layer ");
        var two = Encoding.UTF8.GetBytes("[{\"Config\":\"a.json\",\"RepoTags\":[\"a:1\"],\"Layers\":[]},{\"Config\":\"b.json\",\"RepoTags\":[\"b:1\"],\"Layers\":[]}]");
        Read(ImageArchives.Tar([("manifest.json", two)])).Message.ShouldBe("bad.tar holds 2 images (a:1, b:1); Drydock inspects one image at a time.");
        Read(Encoding.UTF8.GetBytes(new string('x', 2000))).Message.ShouldStartWith("bad.tar is not a readable image archive");
    }
}
