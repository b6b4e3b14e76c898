using Drydock.Processes;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Cli;

/// <summary>The real executable, as users and CI run it: exit codes and streams survive the process boundary.</summary>
public sealed class ProcessTests
{
    private static Task<ProcessResult> RunDrydockAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [RepoPaths.CliAssembly, .. args], new ProcessRunOptions { Environment = environment, Timeout = TimeSpan.FromSeconds(60) });

    [Fact]
    public async Task Usage_error_exits_2_on_stderr_only()
    {
        var result = await RunDrydockAsync(new Dictionary<string, string?>(), "engine", "--format", "bogus");
        result.ExitCode.ShouldBe(2, result.StandardError);
        result.StandardOutput.ShouldBeEmpty();
        result.StandardError.ShouldContain("drydock: error: Argument 'bogus' not recognized.");
        result.StandardError.ShouldNotContain("Unhandled exception");
    }

    [Fact]
    public async Task Unreachable_engine_exits_2_without_a_stack_trace()
    {
        var result = await RunDrydockAsync(new Dictionary<string, string?> { ["DOCKER_HOST"] = "unix:///nonexistent/x.sock" }, "engine", "--format", "json");
        result.ExitCode.ShouldBe(2);
        result.StandardOutput.ShouldContain("\"reachable\": false");
        result.StandardError.ShouldContain("No Docker engine is running");
        result.StandardError.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Version_matches_the_assembly()
    {
        var result = await RunDrydockAsync(new Dictionary<string, string?>(), "--version");
        result.ExitCode.ShouldBe(0);
        result.StandardOutput.ShouldBe(Drydock.ProjectInfo.Version + "\n");
    }
}
