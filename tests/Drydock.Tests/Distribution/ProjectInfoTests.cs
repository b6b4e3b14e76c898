using System.Xml.Linq;
using Drydock.Catalog;
using Drydock.Findings;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Distribution;

/// <summary>The version and the repository address are written once, in Directory.Build.props.</summary>
public sealed class ProjectInfoTests
{
    private static string Property(string name) =>
        XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Build.props")).Descendants(name).Single().Value;

    [Fact]
    public void Generated_constants_are_the_msbuild_properties()
    {
        ProjectInfo.Version.ShouldBe(Property("Version"));
        ProjectInfo.RepositoryUrl.ShouldBe(Property("RepositoryUrl"));
        Drydock.Reports.Rendering.ToolInfo.Version.ShouldBe(ProjectInfo.Version);
    }

    [Fact]
    public void No_source_file_spells_out_the_repository_address_or_another_host_for_it()
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(file =>
            {
                var text = File.ReadAllText(file);
                return text.Contains(ProjectInfo.RepositoryUrl, StringComparison.Ordinal) || text.Contains("drydock.dev", StringComparison.Ordinal);
            })
            .ToList();
        offenders.ShouldBeEmpty();
    }

    [Fact]
    public void Rule_help_links_point_into_the_repository()
    {
        foreach (var rule in RuleCatalog.All)
        {
            rule.HelpUri.ToString().ShouldStartWith(ProjectInfo.RepositoryUrl + "/blob/main/docs/rules.md#");
        }
        RuleIds.DocumentationBase.ShouldStartWith(ProjectInfo.RepositoryUrl);
    }
}
