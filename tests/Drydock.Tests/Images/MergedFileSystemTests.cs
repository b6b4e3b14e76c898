using Drydock.Images.Layers;

namespace Drydock.Tests.Images;

/// <summary>Whiteouts, opaque directories and dive's waste accounting, on layers whose numbers are worked out by hand.</summary>
public sealed class MergedFileSystemTests
{
    private static MergedFileSystem Merge(params byte[][] layers) => MergedFileSystem.Build(layers.Select(layer => LayerTars.Scan(layer)));

    [Fact]
    public void Overwritten_and_deleted_files_count_as_dive_counts_them()
    {
        var fs = Merge(
            LayerTars.Tar(TarItem.File("a", 100), TarItem.File("b", 200), TarItem.File("c", 50)),
            LayerTars.Tar(TarItem.File("a", 300), TarItem.Whiteout("b")),
            LayerTars.Tar(TarItem.File("d", 10)));
        // a: 100 then 300 (total 400, min 100); b: 200 then removed (total 200, min 0); c: 50; d: 10.
        fs.Waste.WastedBytes.ShouldBe(600);
        fs.Waste.Efficiency.ShouldBe(160.0 / 660.0, 1e-12);
        fs.Waste.WastedPaths().ShouldBe([new WastedPath("/a", 2, 400), new WastedPath("/b", 2, 200)]);
        fs.Files().Select(file => (file.Path, file.Entry.Size, file.Layer)).ShouldBe([("/a", 300L, 1), ("/c", 50L, 0), ("/d", 10L, 2)]);
    }

    [Fact]
    public void An_opaque_directory_hides_lower_content_but_not_its_own_layer()
    {
        var fs = Merge(
            LayerTars.Tar(TarItem.Dir("cache/"), TarItem.File("cache/x", 1000), TarItem.File("cache/y", 500), TarItem.File("keep", 7)),
            // The marker comes after the layer's own files on purpose: it still hides only the lower layer's.
            LayerTars.Tar(TarItem.Dir("cache/"), TarItem.File("cache/y", 20), TarItem.File("cache/z", 30), TarItem.Opaque("cache")));
        fs.Files().Select(file => file.Path).ShouldBe(["/cache/y", "/cache/z", "/keep"]);
        fs.Get("/cache/y")!.Entry.Size.ShouldBe(20);
        // x: 1000 then hidden (min 0); y: 500 then rewritten with 20 (an overwrite, min 20); z: 30; keep: 7.
        fs.Waste.WastedBytes.ShouldBe(1000 + 520);
        fs.Waste.Efficiency.ShouldBe(57.0 / 1557.0, 1e-12);
    }

    [Fact]
    public void Deleting_a_directory_removes_every_file_below_it()
    {
        var fs = Merge(
            LayerTars.Tar(TarItem.File("d/e", 40), TarItem.File("d/f/g", 60), TarItem.File("other", 1)),
            LayerTars.Tar(TarItem.Whiteout("d")));
        fs.Exists("/d").ShouldBeFalse();
        fs.Exists("/d/f/g").ShouldBeFalse();
        fs.Files().Select(file => file.Path).ShouldBe(["/other"]);
        fs.Waste.WastedBytes.ShouldBe(100);
        fs.Waste.Efficiency.ShouldBe(1.0 / 101.0, 1e-12);
    }

    [Fact]
    public void A_file_replaced_by_a_directory_and_back_is_removed_each_time()
    {
        var fs = Merge(
            LayerTars.Tar(TarItem.File("x", 5)),
            LayerTars.Tar(TarItem.Dir("x/"), TarItem.File("x/y", 3)),
            LayerTars.Tar(TarItem.File("x", 9)));
        fs.Get("/x")!.Entry.Kind.ShouldBe(EntryKind.File);
        fs.Exists("/x/y").ShouldBeFalse();
        // x: 5, removed (0), 9 → total 14; x/y: 3, removed → total 3.
        fs.Waste.WastedBytes.ShouldBe(17);
    }

    [Fact]
    public void A_whiteout_never_deletes_a_file_of_its_own_layer_or_a_missing_path()
    {
        var fs = Merge(
            LayerTars.Tar(TarItem.File("a", 1)),
            LayerTars.Tar(TarItem.File("b", 2), TarItem.Whiteout("b"), TarItem.Whiteout("never-existed")));
        fs.Files().Select(file => file.Path).ShouldBe(["/a", "/b"]);
        fs.Waste.WastedBytes.ShouldBe(0);
        fs.Waste.Efficiency.ShouldBe(1.0);
    }

    [Fact]
    public void Directories_keep_their_content_when_a_later_layer_changes_their_metadata()
    {
        var fs = Merge(
            LayerTars.Tar(TarItem.Dir("home/"), TarItem.Dir("home/app/"), TarItem.File("home/app/.profile", 12)),
            LayerTars.Tar(new TarItem("home/app/", System.Formats.Tar.TarEntryType.Directory, Mode: 0b111_000_000, Uid: 1000, Gid: 1000)));
        var home = fs.Get("/home/app")!;
        home.Entry.Uid.ShouldBe(1000);
        home.Layer.ShouldBe(1);
        fs.Get("/home/app/.profile")!.Layer.ShouldBe(0);
        fs.Waste.WastedBytes.ShouldBe(0);
    }

    [Fact]
    public void Entries_come_in_path_order_with_implicit_parents_left_out()
    {
        var fs = Merge(LayerTars.Tar(TarItem.File("b/2", 1), TarItem.File("a/1", 1), TarItem.Dir("b/"), TarItem.File("b/1", 1)));
        fs.Entries().Select(file => file.Path).ShouldBe(["/a/1", "/b", "/b/1", "/b/2"]);
    }
}
