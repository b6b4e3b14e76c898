using Drydock.Processes;

namespace Drydock.Tests.Processes;

public sealed class ProcessRunnerTests
{
    [Fact]
    public async Task Arguments_are_passed_verbatim_without_a_shell()
    {
        var result = await ProcessRunner.RunAsync("printf", ["%s|", "a b", "$HOME", "'q'"]);
        result.Succeeded.ShouldBeTrue();
        result.StandardOutput.ShouldBe("a b|$HOME|'q'|\n");
    }

    [Fact]
    public async Task Exit_codes_and_stderr_are_captured()
    {
        var result = await ProcessRunner.RunAsync("sh", ["-c", "echo out; echo first >&2; echo why >&2; exit 3"]);
        result.ExitCode.ShouldBe(3);
        result.StandardOutput.ShouldBe("out\n");
        result.LastErrorLine.ShouldBe("why");
    }

    [Fact]
    public async Task Environment_overrides_apply_and_null_removes()
    {
        var result = await ProcessRunner.RunAsync("sh", ["-c", "echo \"${DRYDOCK_A}-${HOME:-unset}\""], new ProcessRunOptions
        {
            Environment = new Dictionary<string, string?> { ["DRYDOCK_A"] = "x", ["HOME"] = null },
        });
        result.StandardOutput.ShouldBe("x-unset\n");
    }

    [Fact]
    public async Task A_timeout_kills_the_process_tree()
    {
        var started = DateTime.UtcNow;
        var error = await Should.ThrowAsync<TimeoutException>(() =>
            ProcessRunner.RunAsync("sh", ["-c", "sleep 30 & sleep 30"], new ProcessRunOptions { Timeout = TimeSpan.FromMilliseconds(300) }));
        error.Message.ShouldContain("did not finish within");
        // A tree left running would hold the output open for at least its 30 s of sleep.
        (DateTime.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_missing_program_is_a_clear_error()
    {
        var error = await Should.ThrowAsync<ProgramNotFoundException>(() => ProcessRunner.RunAsync("drydock-no-such-program", []));
        error.Message.ShouldBe("'drydock-no-such-program' was not found on PATH.");
    }

    [Fact]
    public async Task Standard_input_is_fed()
    {
        var result = await ProcessRunner.RunAsync("cat", [], new ProcessRunOptions { StandardInput = "hello\n" });
        result.StandardOutput.ShouldBe("hello\n");
    }
}
