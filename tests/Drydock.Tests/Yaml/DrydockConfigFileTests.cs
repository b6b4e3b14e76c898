using Drydock.Configuration;

namespace Drydock.Tests.Yaml;

public sealed class DrydockConfigFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("drydock-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Finds_drydock_yml_or_yaml()
    {
        DrydockConfigFile.Find(_directory).ShouldBeNull();
        File.WriteAllText(Path.Combine(_directory, "drydock.yaml"), "");
        DrydockConfigFile.Find(_directory).ShouldBe(Path.Combine(_directory, "drydock.yaml"));
        File.WriteAllText(Path.Combine(_directory, "drydock.yml"), "");
        DrydockConfigFile.Find(_directory).ShouldBe(Path.Combine(_directory, "drydock.yml"));
    }

    [Fact]
    public void An_empty_file_is_an_empty_config()
    {
        var path = Path.Combine(_directory, "drydock.yml");
        File.WriteAllText(path, "# nothing yet\n");
        DrydockConfigFile.Load(path).Root.Entries.ShouldBeEmpty();
    }

    [Fact]
    public void Unknown_sections_are_errors_with_their_position()
    {
        var path = Path.Combine(_directory, "drydock.yml");
        File.WriteAllText(path, "# config\ntargetz:\n  image_size: 1\n");
        var error = Should.Throw<DrydockException>(() => DrydockConfigFile.Load(path));
        error.Message.ShouldStartWith("unknown section 'targetz' in drydock.yml");
        error.Span!.Value.ToString().ShouldBe($"{path}:2:1");
    }

    [Fact]
    public void A_list_at_the_top_is_refused()
    {
        var path = Path.Combine(_directory, "drydock.yml");
        File.WriteAllText(path, "- a\n- b\n");
        Should.Throw<DrydockException>(() => DrydockConfigFile.Load(path)).Message.ShouldContain("must be a mapping of sections");
    }
}
