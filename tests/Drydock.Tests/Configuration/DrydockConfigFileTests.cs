using Drydock.Configuration;

namespace Drydock.Tests.Configuration;

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

    [Fact]
    public void Every_unknown_section_is_reported_with_its_position()
    {
        var path = Path.Combine(_directory, "drydock.yml");
        File.WriteAllText(path, "targetz:\n  image_size: 1\ncheck: {}\nservicez: {}\n");
        var error = Should.Throw<ConfigException>(() => DrydockConfigFile.Load(path));
        error.Errors.Select(each => (each.Message[..each.Message.IndexOf(" in ", StringComparison.Ordinal)], each.Span!.Value.ToString()))
            .ShouldBe([("unknown section 'targetz'", $"{path}:1:1"), ("unknown section 'servicez'", $"{path}:4:1")]);
        error.Message.ShouldStartWith("unknown section 'targetz' in drydock.yml");
    }

    [Fact]
    public void Check_reports_verify_s_errors_and_its_own_together()
    {
        var path = Path.Combine(_directory, "drydock.yml");
        File.WriteAllText(path, "check:\n  nonsense: 1\n  shellcheck: maybe\ntargets:\n  image_sise: 1 GB\n");
        var error = Should.Throw<ConfigException>(() => Drydock.Checking.CheckConfiguration.Load(path));
        // verify's sections are validated first, as before; then check:'s keys in reading order.
        error.Errors.Select(each => each.Span!.Value.ToString()).ShouldBe([$"{path}:5:3", $"{path}:2:3", $"{path}:3:15"]);
        error.Errors[1].Message.ShouldStartWith("unknown key 'check.nonsense'");
        error.Errors[2].Message.ShouldBe("check.shellcheck must be true or false");
    }
}
