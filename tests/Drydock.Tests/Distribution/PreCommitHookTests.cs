using System.Text.RegularExpressions;
using Drydock.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Drydock.Tests.Distribution;

/// <summary>.pre-commit-hooks.yaml: the hooks pre-commit reads, the files they select and the command they run.</summary>
public sealed class PreCommitHookTests
{
    private static List<YamlMappingNode> Hooks()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepoPaths.Root, ".pre-commit-hooks.yaml"));
        stream.Load(reader);
        return ((YamlSequenceNode)stream.Documents.Single().RootNode).Cast<YamlMappingNode>().ToList();
    }

    private static string Value(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    [Fact]
    public void Every_hook_has_what_pre_commit_requires_and_runs_drydock_check()
    {
        var hooks = Hooks();
        hooks.Select(hook => Value(hook, "id")).ShouldBe(["drydock-check", "drydock-check-system", "drydock-check-docker"]);
        hooks.Select(hook => Value(hook, "language")).ShouldBe(["dotnet", "system", "docker_image"]);
        foreach (var hook in hooks)
        {
            Value(hook, "name").ShouldNotBeNullOrWhiteSpace();
            Value(hook, "entry").ShouldEndWith(" check");
        }
    }

    [Theory]
    [InlineData("Dockerfile", true)]
    [InlineData("services/api/Dockerfile.prod", true)]
    [InlineData("Containerfile", true)]
    [InlineData("build/api.dockerfile", true)]
    [InlineData("compose.yaml", true)]
    [InlineData("deploy/docker-compose.override.yml", true)]
    [InlineData("README.md", false)]
    [InlineData("src/app.py", false)]
    [InlineData(".dockerignore", false)]
    [InlineData("docs/compose.md", false)]
    public void Hooks_select_Dockerfiles_and_compose_files(string path, bool selected)
    {
        foreach (var hook in Hooks())
        {
            // pre-commit matches with Python's re.search; this pattern means the same in .NET.
            Regex.IsMatch(path, Value(hook, "files")).ShouldBe(selected, $"{Value(hook, "id")}: {path}");
        }
    }

    [Fact]
    public async Task Entry_with_the_selected_files_of_an_example_is_a_working_check()
    {
        var example = Path.Combine(RepoPaths.Examples, "platform-s4-bad");
        var pattern = Value(Hooks()[1], "files");
        var files = Directory.EnumerateFiles(example, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(example, file).Replace('\\', '/'))
            .Where(file => Regex.IsMatch(file, pattern))
            .Order(StringComparer.Ordinal)
            .ToList();
        files.ShouldBe(["app/Dockerfile", "compose.yaml"]);
        var entry = Value(Hooks()[1], "entry").Split(' ');
        entry[0].ShouldBe("drydock");
        var result = await CliRunner.RunAsync([.. entry.Skip(1), .. files], workingDirectory: example);
        result.ExitCode.ShouldBe(1, result.ToString());
        result.StandardOutput.ShouldContain("app/Dockerfile:");
    }
}
