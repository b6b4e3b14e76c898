using System.Text;
using Drydock.Images.Layers;

namespace Drydock.Tests.Images;

public sealed class LayerScannerTests
{
    private static readonly TarItem[] Sample =
    [
        TarItem.Dir("./"),
        TarItem.Dir("./usr/"),
        TarItem.Dir("./usr/bin/"),
        TarItem.File("./usr/bin/tool", 1234, mode: 0b100_111_101_101),
        TarItem.Symlink("./usr/bin/alias", "tool"),
        TarItem.HardLink("./usr/bin/same", "./usr/bin/tool"),
        TarItem.Text("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n"),
        TarItem.Whiteout("var/old.log"),
        TarItem.Opaque("var/cache/"),
        new TarItem("var/.wh..wh.plnk", System.Formats.Tar.TarEntryType.RegularFile, []),
        TarItem.Text("root/.ssh/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n"),
        TarItem.Text("etc/ssl/cert.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
        TarItem.File("app/data.bin", 70_000, uid: 1000),
    ];

    [Fact]
    public void Entries_are_normalized_and_typed_and_markers_are_recognized()
    {
        var layer = LayerTars.Scan(LayerTars.Tar(Sample));
        var byPath = layer.Entries.ToDictionary(entry => (entry.Path, entry.Kind));
        byPath.Keys.ShouldBe(
        [
            ("/", EntryKind.Directory), ("/usr", EntryKind.Directory), ("/usr/bin", EntryKind.Directory),
            ("/usr/bin/tool", EntryKind.File), ("/usr/bin/alias", EntryKind.Symlink), ("/usr/bin/same", EntryKind.HardLink),
            ("/etc/passwd", EntryKind.File), ("/var/old.log", EntryKind.Whiteout), ("/var/cache", EntryKind.Opaque),
            ("/root/.ssh/id_rsa", EntryKind.File), ("/etc/ssl/cert.pem", EntryKind.File), ("/app/data.bin", EntryKind.File),
        ], ignoreOrder: false);
        var tool = byPath[("/usr/bin/tool", EntryKind.File)];
        tool.Size.ShouldBe(1234);
        tool.ModeText.ShouldBe("-rwsr-xr-x");
        FileModes.Octal(tool.Mode).ShouldBe("4755");
        byPath[("/usr/bin/alias", EntryKind.Symlink)].LinkTarget.ShouldBe("tool");
        byPath[("/usr/bin/same", EntryKind.HardLink)].LinkTarget.ShouldBe("/usr/bin/tool");
        byPath[("/app/data.bin", EntryKind.File)].Uid.ShouldBe(1000);
        byPath[("/root/.ssh/id_rsa", EntryKind.File)].Flags.ShouldBe(EntryFlags.PrivateKey);
        byPath[("/etc/ssl/cert.pem", EntryKind.File)].Flags.ShouldBe(EntryFlags.None);
        Encoding.UTF8.GetString(layer.CapturedFiles["/etc/passwd"]).ShouldContain("app:x:1000:1000");
    }

    [Fact]
    public void Size_counts_file_bytes_and_symlink_targets_like_the_engine_and_files_exclude_directories_and_markers()
    {
        var layer = LayerTars.Scan(LayerTars.Tar(Sample));
        var passwd = "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n".Length;
        var key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n".Length;
        var cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".Length;
        // tool + "tool" (symlink target) + passwd + key + cert + data; the hard link adds nothing.
        layer.Size.ShouldBe(1234 + 4 + passwd + key + cert + 70_000);
        layer.FileCount.ShouldBe(7);
    }

    [Fact]
    public async Task Gzip_zstd_plain_seekable_and_forward_only_blobs_give_the_same_entries()
    {
        var tar = LayerTars.Tar(Sample);
        var expected = LayerTars.Scan(tar).Entries;
        var gzip = LayerTars.Scan(LayerTars.Gzip(tar));
        gzip.Compression.ShouldBe(LayerCompression.Gzip);
        gzip.Entries.ShouldBe(expected);
        var seekable = LayerTars.Scan(tar, seekable: true);
        seekable.Compression.ShouldBe(LayerCompression.None);
        seekable.Entries.ShouldBe(expected);
        seekable.TarBytes.ShouldBe(tar.Length);
        var zstd = LayerTars.Scan(await LayerTars.ZstdAsync(tar));
        zstd.Compression.ShouldBe(LayerCompression.Zstd);
        zstd.Entries.ShouldBe(expected);
        zstd.TarBytes.ShouldBe(tar.Length);
    }

    [Fact]
    public void A_zero_byte_blob_is_an_empty_layer()
    {
        LayerTars.Scan([]).Entries.ShouldBeEmpty();
    }

    [Fact]
    public void A_truncated_gzip_layer_is_a_clear_error()
    {
        var gzip = LayerTars.Gzip(LayerTars.Tar(TarItem.File("a", 100_000)));
        var error = Should.Throw<DrydockException>(() => LayerTars.Scan(gzip[..(gzip.Length / 2)]));
        error.Message.ShouldStartWith("test layer is not a readable layer:");
    }

    [Fact]
    public void Unsupported_compressions_are_refused_by_name()
    {
        var error = Should.Throw<DrydockException>(() => LayerTars.Scan([.. "BZh91AY&SY"u8.ToArray(), .. new byte[600]]));
        error.Message.ShouldBe("test layer is bzip2-compressed; image layers are tar, gzip or zstd.");
    }

    [Theory]
    [InlineData("./usr/bin/", "/usr/bin")]
    [InlineData("usr/bin", "/usr/bin")]
    [InlineData("/etc//passwd", "/etc/passwd")]
    [InlineData(".", "/")]
    [InlineData("./", "/")]
    [InlineData("a/./b/../c", "/a/c")]
    [InlineData("../../etc/shadow", "/etc/shadow")]
    public void Tar_names_normalize_to_absolute_paths(string name, string expected) =>
        LayerScanner.NormalizePath(name).ShouldBe(expected);
}
