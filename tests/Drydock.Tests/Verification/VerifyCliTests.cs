using System.Text.Json.Nodes;
using Drydock.Processes;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Verification;

/// <summary><c>drydock verify</c> and <c>drydock init</c> options and input errors.</summary>
public sealed class VerifyCliTests
{
    private static string Stack(string name) => Path.Combine(RepoPaths.Root, "tests", "verify-stacks", name);

    /// <summary>A copy of a test stack in a fresh temporary directory named <paramref name="directoryName"/> (the project name).</summary>
    internal static string CopyStack(string name, string directoryName)
    {
        var target = Path.Combine(Directory.CreateTempSubdirectory("drydock-verify-").FullName, directoryName);
        foreach (var file in Directory.EnumerateFiles(Stack(name), "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(Stack(name), file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }

    [Fact]
    public async Task A_bad_drydock_yml_is_exit_2_with_its_position_before_anything_starts()
    {
        var directory = CopyStack("zero-config", "badconfig");
        try
        {
            File.WriteAllText(Path.Combine(directory, "drydock.yml"), "targets:\n  startup_time: < soon\n");
            // No engine is needed to find the mistake: the configuration is read first.
            var cli = await CliRunner.RunAsync(["verify", directory], new Dictionary<string, string?> { ["DOCKER_HOST"] = "unix:///tmp/drydock-no-engine.sock" });
            cli.ExitCode.ShouldBe(2, cli.ToString());
            cli.StandardError.ShouldContain("drydock.yml:2:17");
            cli.StandardError.ShouldContain("startup_time");
            cli.StandardError.ShouldNotContain("   at ");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
        }
    }

    [Fact]
    public async Task A_service_the_compose_file_does_not_have_is_exit_2_at_its_line()
    {
        var directory = CopyStack("zero-config", "unknownservice");
        try
        {
            File.WriteAllText(Path.Combine(directory, "drydock.yml"), "services:\n  site: {}\n  website:\n    optional: true\n");
            var cli = await CliRunner.RunAsync(["verify", directory], new Dictionary<string, string?> { ["DOCKER_HOST"] = "unix:///tmp/drydock-no-engine.sock" });
            cli.ExitCode.ShouldBe(2, cli.ToString());
            cli.StandardError.ShouldContain("drydock.yml:3:3");
            cli.StandardError.ShouldContain("'website'");
            cli.StandardError.ShouldContain("services: site");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
        }
    }

    [Fact]
    public async Task Init_without_a_run_writes_probes_and_refuses_to_overwrite_unless_forced()
    {
        var directory = CopyStack("web", "initweb");
        try
        {
            File.Delete(Path.Combine(directory, "drydock.yml"));
            var first = await CliRunner.RunAsync(["init", directory, "--no-run"]);
            first.ExitCode.ShouldBe(0, first.ToString());
            var written = File.ReadAllText(Path.Combine(directory, "drydock.yml"));
            written.ShouldContain("answers on 8080");
            Drydock.Verification.Config.VerifyConfigParser.Load(Path.Combine(directory, "drydock.yml")).FindService("web").ShouldNotBeNull();

            var again = await CliRunner.RunAsync(["init", directory, "--no-run"]);
            again.ExitCode.ShouldBe(2, again.ToString());
            again.StandardError.ShouldContain("already exists");
            again.StandardError.ShouldContain("--force");

            var forced = await CliRunner.RunAsync(["init", directory, "--no-run", "--force"]);
            forced.ExitCode.ShouldBe(0, forced.ToString());
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
        }
    }

    [Fact]
    public async Task Unknown_timeout_text_is_a_usage_error()
    {
        var cli = await CliRunner.RunAsync(["verify", Stack("zero-config"), "--timeout", "soon"]);
        cli.ExitCode.ShouldBe(2, cli.ToString());
        cli.StandardError.ShouldContain("--timeout soon");
    }
}

/// <summary><c>--keep</c>, <c>--remove-images</c> and <c>drydock init</c>'s measured run, on the real engine.</summary>
[Trait("Category", EngineFixture.Category)]
public sealed class VerifyLifecycleOptionTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token;

    private static string Stack(string name) => Path.Combine(RepoPaths.Root, "tests", "verify-stacks", name);

    [Fact]
    public async Task Keep_leaves_the_stack_running_and_prints_the_command_that_removes_it()
    {
        var cli = await CliRunner.RunAsync(["verify", Stack("zero-config"), "--keep", "--format", "json"], cancellationToken: Timeout);
        var report = JsonNode.Parse(cli.StandardOutput)!.AsObject();
        var label = $"{EngineFixture.RunLabel}={report["runId"]}";
        var hint = report["kept"]!.GetValue<string>();
        try
        {
            cli.ExitCode.ShouldBe(0, cli.ToString());
            (await engine.Client.ListContainersAsync([label], Timeout)).ShouldHaveSingleItem().State.ShouldBe("running");
            cli.StandardError.ShouldContain("down --volumes --remove-orphans");
            Directory.Exists(Path.Combine(Path.GetTempPath(), $"drydock-{report["runId"]}")).ShouldBeTrue("the kept stack's override file is still there");
        }
        finally
        {
            var command = hint[(hint.IndexOf("with: ", StringComparison.Ordinal) + "with: ".Length)..];
            var removed = await ProcessRunner.RunAsync("sh", ["-c", command], new ProcessRunOptions { Timeout = TimeSpan.FromMinutes(2) }, Timeout);
            removed.Succeeded.ShouldBeTrue(removed.StandardError);
        }
        (await engine.Client.ListContainersAsync([label], Timeout)).ShouldBeEmpty("the printed command removes what --keep kept");
        (await engine.Client.ListNetworksAsync([label], Timeout)).ShouldBeEmpty();
        Directory.Exists(Path.Combine(Path.GetTempPath(), $"drydock-{report["runId"]}")).ShouldBeFalse("the printed command removes the run's temporary directory too");
    }

    [Fact]
    public async Task Remove_images_removes_what_the_run_built_and_only_that()
    {
        var name = $"rmimg{Guid.NewGuid():N}"[..14];
        var directory = VerifyCliTests.CopyStack("zero-config", name);
        try
        {
            var cli = await CliRunner.RunAsync(["verify", directory, "--remove-images", "--format", "json"], cancellationToken: Timeout);
            cli.ExitCode.ShouldBe(0, cli.ToString());
            var image = JsonNode.Parse(cli.StandardOutput)!["services"]![0]!["image"]!.GetValue<string>();
            image.ShouldBe($"drydock-verify/{name}-site:latest");
            (await engine.Client.ListImagesAsync([], Timeout)).SelectMany(i => i.RepoTags ?? []).ShouldNotContain(image);
            (await engine.Client.ListImagesAsync([], Timeout)).SelectMany(i => i.RepoTags ?? []).ShouldContain("drydock-base/busybox:1.35", "the base image is not the run's to remove");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
        }
    }

    [Fact]
    public async Task Init_measures_one_run_and_suggests_targets_from_it()
    {
        var directory = VerifyCliTests.CopyStack("zero-config", "initsite");
        try
        {
            var cli = await CliRunner.RunAsync(["init", directory], cancellationToken: Timeout);
            cli.ExitCode.ShouldBe(0, cli.ToString());
            var written = File.ReadAllText(Path.Combine(directory, "drydock.yml"));
            written.ShouldMatch(@"# image_size: < \d+ MB    # measured [\d.]+ MB");
            written.ShouldMatch(@"# startup_time: < \d+s    # measured");
            written.ShouldContain("answers on 8080");
            Drydock.Verification.Config.VerifyConfigParser.Load(Path.Combine(directory, "drydock.yml")).FindService("site").ShouldNotBeNull();
            (await engine.Client.ListContainersAsync([], Timeout)).Where(c => c.Labels?.GetValueOrDefault("com.docker.compose.project")?.StartsWith("initsite", StringComparison.Ordinal) == true)
                .ShouldBeEmpty("the measured run tears down like any verify run");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
        }
    }
}
