using System.Text.Json;
using System.Xml.Linq;
using Drydock.Processes;
using Drydock.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Drydock.Tests.Distribution;

/// <summary>scripts/build-drydock-image.sh's image: non-root, checks a mounted tree as the host build does, and
/// reaches the engine through a mounted socket.</summary>
[Trait("Category", EngineFixture.Category)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DrydockImageTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private readonly EngineFixture _engine = engine;

    [Fact]
    public async Task Script_prints_the_image_reference_last_and_the_image_runs_as_a_non_root_user()
    {
        var image = await DrydockImage.BuiltAsync();
        image.Reference.ShouldBe($"{DrydockImage.Tag}:{ProjectInfo.Version}");
        var inspect = await ProcessRunner.RunAsync("docker", ["image", "inspect", "--format", "{{.Config.User}} {{index .Config.Labels \"org.opencontainers.image.version\"}}", image.Reference],
            new ProcessRunOptions { Timeout = TimeSpan.FromSeconds(30) });
        inspect.StandardOutput.Trim().ShouldBe($"1000:1000 {ProjectInfo.Version}");
        var version = await image.RunAsync([], ["--version"]);
        version.ExitCode.ShouldBe(0, version.StandardError);
        version.StandardOutput.ShouldBe(ProjectInfo.Version + "\n");
    }

    [Fact]
    public async Task Check_of_a_mounted_tree_is_what_the_host_build_reports_shellcheck_included()
    {
        var image = await DrydockImage.BuiltAsync();
        var tree = DrydockImage.ShareableCopy(Path.Combine(RepoPaths.Examples, "platform-s4-bad"));
        try
        {
            // compose.yaml bind-mounts /var/run/docker.sock, and DC035 checks absolute host paths where drydock runs:
            // the path must exist in the container too for the two runs to agree (README, "Drydock's image").
            var inImage = await image.RunAsync(["-v", $"{tree}:/work:ro", "-v", $"{BuiltImage.EngineSocket}:{BuiltImage.EngineSocket}:ro"], ["check", "--format", "json", "."]);
            var onHost = await CliRunner.RunAsync(["check", "--format", "json", "."], workingDirectory: tree);
            inImage.ExitCode.ShouldBe(1, inImage.StandardError);
            onHost.ExitCode.ShouldBe(1);
            inImage.StandardOutput.ShouldBe(onHost.StandardOutput);
            // `check` runs ShellCheck on RUN instructions when it is on PATH: the image carries it.
            var shellcheck = await image.RunAsync(["--entrypoint", "shellcheck"], ["--version"]);
            shellcheck.ExitCode.ShouldBe(0, shellcheck.StandardError);
        }
        finally
        {
            Directory.Delete(tree, recursive: true);
        }
    }

    [Fact]
    public async Task Context_and_config_of_a_mounted_tree()
    {
        var image = await DrydockImage.BuiltAsync();
        var tree = DrydockImage.ShareableCopy(Path.Combine(RepoPaths.Examples, "notes"));
        try
        {
            // Mounted under the same directory name: Compose names the project after it.
            var mounted = "/src/" + Path.GetFileName(tree);
            var config = await image.RunAsync(["-v", $"{tree}:{mounted}:ro", "-w", mounted], ["config", "--format", "json"]);
            config.ExitCode.ShouldBe(0, config.StandardError);
            var onHost = await CliRunner.RunAsync(["config", "--format", "json"], workingDirectory: tree);
            // The same model; only the project directory's absolute path differs.
            config.StandardOutput.ShouldBe(onHost.StandardOutput.Replace(tree, mounted, StringComparison.Ordinal));
            var context = await image.RunAsync(["-v", $"{tree}:/work:ro"], ["context", "--format", "json", "."]);
            context.ExitCode.ShouldBe(0, context.StandardError);
            JsonDocument.Parse(context.StandardOutput).RootElement.ValueKind.ShouldBe(JsonValueKind.Object);
        }
        finally
        {
            Directory.Delete(tree, recursive: true);
        }
    }

    [Fact]
    public async Task With_the_engine_socket_it_inspects_images_and_finds_docker_compose()
    {
        var image = await DrydockImage.BuiltAsync();
        var socket = await BuiltImage.EngineOptionsAsync();
        var inspect = await image.RunAsync(socket, ["inspect", "--format", "json", "drydock-base/busybox:1.35"]);
        inspect.ExitCode.ShouldBeOneOf([0, 1], inspect.StandardError);
        inspect.StandardOutput.ShouldContain("\"layers\"");
        var engine = await image.RunAsync(socket, ["engine", "--format", "json"]);
        engine.ExitCode.ShouldBe(0, engine.StandardError);
        engine.StandardOutput.ShouldContain("\"reachable\": true");
        engine.StandardOutput.ShouldContain("1.29");
        _engine.Client.ShouldNotBeNull();
    }

    [Fact]
    public async Task GitLab_check_job_runs_in_the_image_and_leaves_its_reports()
    {
        var image = await DrydockImage.BuiltAsync();
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepoPaths.Root, "ci", "gitlab", "drydock.gitlab-ci.yml")))
        {
            stream.Load(reader);
        }
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        var job = (YamlMappingNode)root[".drydock-check"];
        var script = string.Join('\n', ((YamlSequenceNode)job["script"]).Select(line => ((YamlScalarNode)line).Value));
        var variables = ((YamlMappingNode)root["variables"]).Children
            .SelectMany(pair => new[] { "-e", $"{((YamlScalarNode)pair.Key).Value}={((YamlScalarNode)pair.Value).Value}" });
        var tree = DrydockImage.ShareableCopy(Path.Combine(RepoPaths.Examples, "platform-s4-bad"), writable: true);
        try
        {
            // What the GitLab runner does with `entrypoint: [""]`: the job's script in the image's shell, in the checkout.
            var run = await image.RunAsync(["--entrypoint", "/bin/sh", "-v", $"{tree}:/builds/project", "-w", "/builds/project", .. variables],
                ["-e", "-c", script]);
            var reports = (YamlMappingNode)((YamlMappingNode)job["artifacts"])["reports"];
            var junit = Path.Combine(tree, ((YamlScalarNode)reports["junit"]).Value!);
            XDocument.Load(junit).Root.ShouldNotBeNull().Name.LocalName.ShouldBe("testsuites");
            var codeQuality = Path.Combine(tree, ((YamlScalarNode)reports["codequality"]).Value!);
            run.ExitCode.ShouldBe(1, run.StandardError);
            JsonDocument.Parse(await File.ReadAllTextAsync(codeQuality)).RootElement.GetArrayLength().ShouldBeGreaterThan(0);
            run.StandardOutput.ShouldContain("DF0");
        }
        finally
        {
            Directory.Delete(tree, recursive: true);
        }
    }
}
