using System.IO.Compression;
using System.Xml.Linq;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Distribution;

/// <summary>`dotnet pack src/Drydock.Cli` makes the tool users install; installed, it is the same drydock.</summary>
[Trait("Category", ToolPackage.Category)]
public sealed class ToolPackageTests
{
    [Fact]
    public async Task Package_is_the_Drydock_tool_with_its_library_inside_and_the_metadata_filled_in()
    {
        var tool = await ToolPackage.InstalledAsync();
        var package = Path.Combine(tool.Packages, $"Drydock.{ProjectInfo.Version}.nupkg");
        File.Exists(package).ShouldBeTrue($"expected {package}; found {string.Join(", ", Directory.GetFiles(tool.Packages))}");
        using var archive = ZipFile.OpenRead(package);
        var entries = archive.Entries.Select(entry => entry.FullName).ToList();
        entries.ShouldContain("tools/net10.0/any/drydock.dll");
        entries.ShouldContain("tools/net10.0/any/Drydock.Core.dll");
        entries.ShouldContain("tools/net10.0/any/DotnetToolSettings.xml");
        entries.ShouldContain("README.md");

        using var nuspecStream = archive.GetEntry("Drydock.nuspec").ShouldNotBeNull().Open();
        var nuspec = XDocument.Load(nuspecStream).Root.ShouldNotBeNull();
        var ns = nuspec.Name.Namespace;
        var metadata = nuspec.Element(ns + "metadata").ShouldNotBeNull();
        metadata.Element(ns + "id")?.Value.ShouldBe("Drydock");
        metadata.Element(ns + "version")?.Value.ShouldBe(ProjectInfo.Version);
        metadata.Element(ns + "license")?.Value.ShouldBe("MIT");
        metadata.Element(ns + "readme")?.Value.ShouldBe("README.md");
        metadata.Element(ns + "description")?.Value.ShouldNotBeNullOrWhiteSpace();
        metadata.Element(ns + "repository")?.Attribute("url")?.Value.ShouldBe(ProjectInfo.RepositoryUrl);
        metadata.Element(ns + "packageTypes")?.Element(ns + "packageType")?.Attribute("name")?.Value.ShouldBe("DotnetTool");
        // Everything drydock loads travels inside the package: no dependency for NuGet to resolve.
        metadata.Element(ns + "dependencies")?.Descendants(ns + "dependency").ShouldBeEmpty();

        using var settingsStream = archive.GetEntry("tools/net10.0/any/DotnetToolSettings.xml").ShouldNotBeNull().Open();
        XDocument.Load(settingsStream).Descendants("Command").Single().Attribute("Name")?.Value.ShouldBe("drydock");
    }

    [Fact]
    public async Task Installed_tool_prints_the_version()
    {
        var tool = await ToolPackage.InstalledAsync();
        var result = await tool.RunAsync(["--version"]);
        result.ExitCode.ShouldBe(0, result.StandardError);
        result.StandardOutput.ShouldBe(ProjectInfo.Version + "\n");
    }

    [Fact]
    public async Task Installed_tool_checks_an_example_exactly_as_the_built_one_does()
    {
        var tool = await ToolPackage.InstalledAsync();
        var example = Path.Combine(RepoPaths.Examples, "platform-s4-bad");
        var installed = await tool.RunAsync(["check", "--format", "json", "."], example);
        var built = await CliRunner.RunAsync(["check", "--format", "json", "."], workingDirectory: example);
        installed.ExitCode.ShouldBe(1, installed.StandardError);
        built.ExitCode.ShouldBe(1);
        installed.StandardOutput.ShouldBe(built.StandardOutput);
        installed.StandardOutput.ShouldContain("\"rule\": \"DF");
    }
}
