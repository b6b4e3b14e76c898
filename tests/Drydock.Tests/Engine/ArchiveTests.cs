using System.Formats.Tar;
using System.Text;
using Drydock.Engine;
using Drydock.Tests.Engine.Support;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Engine;

[Trait("Category", EngineFixture.Category)]
public sealed class ArchiveTests(EngineFixture engine) : IClassFixture<EngineFixture>, IAsyncLifetime
{
    private TestContainer _container = null!;

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    public async Task InitializeAsync()
    {
        _container = await TestContainer.IdleAsync(engine.Client);
        var written = await engine.Client.ExecAsync(_container.Id, new ExecOptions
        {
            Command = ["sh", "-c", "mkdir -p /data && printf hello > /data/greeting.txt && chown 1000:1000 /data/greeting.txt && chmod 4755 /data/greeting.txt && ln -s greeting.txt /data/link"],
        }, Timeout);
        written.ExitCode.ShouldBe(0, written.StandardError);
    }

    public async Task DisposeAsync() => await _container.DisposeAsync();

    [Fact]
    public async Task Stat_describes_a_file_a_directory_and_a_link()
    {
        var file = await engine.Client.StatContainerPathAsync(_container.Id, "/data/greeting.txt", Timeout);
        (file.Name, file.Size, file.IsRegularFile, file.IsDirectory, file.IsSymbolicLink).ShouldBe(("greeting.txt", 5L, true, false, false));
        file.UnixPermissions.ShouldBe(Convert.ToInt32("4755", 8));
        file.Mtime.ShouldNotBeNull().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));

        var directory = await engine.Client.StatContainerPathAsync(_container.Id, "/data", Timeout);
        (directory.IsDirectory, directory.IsRegularFile).ShouldBe((true, false));

        var link = await engine.Client.StatContainerPathAsync(_container.Id, "/data/link", Timeout);
        link.IsSymbolicLink.ShouldBeTrue();
        link.LinkTarget.ShouldBe("/data/greeting.txt");
    }

    [Fact]
    public async Task The_archive_of_a_file_holds_its_bytes_owner_and_mode()
    {
        await using var archive = await engine.Client.GetContainerArchiveAsync(_container.Id, "/data/greeting.txt", Timeout);
        archive.Stat.Size.ShouldBe(5);
        var entries = await ReadEntriesAsync(archive.Tar);
        var entry = entries.ShouldHaveSingleItem();
        entry.Name.ShouldBe("greeting.txt");
        entry.Content.ShouldBe("hello");
        entry.Uid.ShouldBe(1000);
        entry.Mode.HasFlag(UnixFileMode.SetUser).ShouldBeTrue();
        entry.Mode.HasFlag(UnixFileMode.OtherExecute).ShouldBeTrue();
    }

    [Fact]
    public async Task The_archive_of_a_directory_lists_its_tree()
    {
        await using var archive = await engine.Client.GetContainerArchiveAsync(_container.Id, "/data", Timeout);
        archive.Stat.IsDirectory.ShouldBeTrue();
        var entries = await ReadEntriesAsync(archive.Tar);
        entries.Select(e => (e.Name.TrimEnd('/'), e.Type)).Order().ShouldBe(
        [
            ("data", TarEntryType.Directory),
            ("data/greeting.txt", TarEntryType.RegularFile),
            ("data/link", TarEntryType.SymbolicLink),
        ]);
    }

    [Fact]
    public async Task A_missing_path_is_not_found()
    {
        var stat = await Should.ThrowAsync<EngineException>(() => engine.Client.StatContainerPathAsync(_container.Id, "/data/absent", Timeout));
        stat.Kind.ShouldBe(EngineErrorKind.NotFound);
        var archive = await Should.ThrowAsync<EngineException>(() => engine.Client.GetContainerArchiveAsync(_container.Id, "/data/absent", Timeout));
        archive.Kind.ShouldBe(EngineErrorKind.NotFound);
        archive.Message.ShouldContain("/data/absent");
    }

    private static async Task<List<(string Name, TarEntryType Type, string Content, int Uid, UnixFileMode Mode)>> ReadEntriesAsync(Stream tar)
    {
        var entries = new List<(string, TarEntryType, string, int, UnixFileMode)>();
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            var content = string.Empty;
            if (entry.DataStream is { } data)
            {
                using var text = new StreamReader(data, Encoding.UTF8);
                content = await text.ReadToEndAsync();
            }
            entries.Add((entry.Name, entry.EntryType, content, entry.Uid, entry.Mode));
        }
        return entries;
    }
}
