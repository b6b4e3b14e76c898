using System.Text.Json;
using Drydock.Cli;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Cli;

/// <summary>Exit codes and output conventions every command shares. No engine needed: errors are the point.</summary>
public sealed class CliConventionTests
{
    private static readonly Dictionary<string, string?> NoEngine = new() { ["DOCKER_HOST"] = "unix:///nonexistent/drydock-test.sock" };

    [Fact]
    public async Task Version_prints_the_version_and_exits_0()
    {
        var result = await CliRunner.RunAsync(["--version"]);
        result.ExitCode.ShouldBe(ExitCodes.Success, result.ToString());
        result.StandardOutput.Trim().ShouldMatch(@"^\d+\.\d+\.\d+");
        result.StandardError.ShouldBeEmpty();
    }

    [Fact]
    public async Task Help_lists_the_commands_on_stdout()
    {
        var result = await CliRunner.RunAsync(["--help"]);
        result.ExitCode.ShouldBe(ExitCodes.Success);
        result.StandardOutput.ShouldContain("engine");
        result.StandardOutput.ShouldContain("--debug");
    }

    [Theory]
    [InlineData("no-such-command")]
    [InlineData("engine", "--format", "yaml")]
    [InlineData("engine", "--no-such-option")]
    public async Task Usage_errors_exit_2_with_a_hint_and_no_stack_trace(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        result.ExitCode.ShouldBe(ExitCodes.Error, result.ToString());
        result.StandardOutput.ShouldBeEmpty();
        result.StandardError.ShouldStartWith("drydock: error: ");
        result.StandardError.ShouldContain("--help' for usage.");
        result.StandardError.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task No_command_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync([]);
        result.ExitCode.ShouldBe(ExitCodes.Error);
        result.StandardError.ShouldContain("drydock: error:");
    }

    [Fact]
    public async Task An_unreachable_engine_exits_2_with_one_sentence_and_the_fix()
    {
        var result = await CliRunner.RunAsync(["engine"], NoEngine);
        result.ExitCode.ShouldBe(ExitCodes.Error, result.ToString());
        var errors = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        errors[0].ShouldBe("drydock: error: No Docker engine is running: the socket /nonexistent/drydock-test.sock (DOCKER_HOST) does not exist.");
        errors[1].ShouldStartWith("drydock: hint: Start it with");
        result.StandardError.ShouldNotContain("   at ");
        result.StandardOutput.ShouldContain("unreachable");
    }

    [Fact]
    public async Task Json_is_written_even_when_the_engine_is_unreachable()
    {
        var result = await CliRunner.RunAsync(["engine", "--format", "json"], NoEngine);
        result.ExitCode.ShouldBe(ExitCodes.Error);
        using var json = JsonDocument.Parse(result.StandardOutput);
        json.RootElement.GetProperty("schemaVersion").GetInt32().ShouldBe(1);
        json.RootElement.GetProperty("reachable").GetBoolean().ShouldBeFalse();
        json.RootElement.GetProperty("endpoint").GetProperty("source").GetString().ShouldBe("DOCKER_HOST");
        json.RootElement.GetProperty("error").GetProperty("fix").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_malformed_docker_host_is_a_clear_error()
    {
        var result = await CliRunner.RunAsync(["engine"], new Dictionary<string, string?> { ["DOCKER_HOST"] = "ssh://someone@somewhere" });
        result.ExitCode.ShouldBe(ExitCodes.Error);
        result.StandardError.ShouldContain("unsupported scheme 'ssh'");
    }

    [Fact]
    public async Task Colour_only_on_a_terminal_and_never_with_NO_COLOR()
    {
        var onTerminal = await CliRunner.RunAsync(["engine"], new Dictionary<string, string?>(NoEngine) { ["NO_COLOR"] = null, ["TERM"] = "xterm" }, terminal: true);
        onTerminal.StandardOutput.ShouldContain("\u001b[");

        var noColor = await CliRunner.RunAsync(["engine"], new Dictionary<string, string?>(NoEngine) { ["NO_COLOR"] = "1" }, terminal: true);
        noColor.StandardOutput.ShouldNotContain("\u001b[");

        var redirected = await CliRunner.RunAsync(["engine"], new Dictionary<string, string?>(NoEngine) { ["NO_COLOR"] = null }, terminal: false);
        redirected.StandardOutput.ShouldNotContain("\u001b[");
    }

    [Fact]
    public async Task Json_never_contains_colour_even_on_a_terminal()
    {
        var result = await CliRunner.RunAsync(["engine", "--format", "json"], new Dictionary<string, string?>(NoEngine) { ["NO_COLOR"] = null, ["TERM"] = "xterm" }, terminal: true);
        result.StandardOutput.ShouldNotContain("\u001b[");
        Should.NotThrow(() => JsonDocument.Parse(result.StandardOutput).Dispose());
    }

    [Fact]
    public void Unexpected_exceptions_become_one_line_without_a_stack_trace_unless_debug()
    {
        var stderr = new StringWriter();
        var console = new Drydock.Cli.Terminal.CliConsole { Out = new StringWriter(), Error = stderr };
        Exception exception;
        try
        {
            throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException thrown)
        {
            exception = thrown;
        }

        CliApp.HandleException(console, exception, debug: false, CancellationToken.None).ShouldBe(ExitCodes.Error);
        stderr.ToString().ShouldStartWith("drydock: error: internal error: InvalidOperationException: boom");
        stderr.ToString().ShouldNotContain("   at ");

        var debugOutput = new StringWriter();
        var debugConsole = new Drydock.Cli.Terminal.CliConsole { Out = new StringWriter(), Error = debugOutput };
        CliApp.HandleException(debugConsole, exception, debug: true, CancellationToken.None);
        debugOutput.ToString().ShouldContain("   at ");
    }

    [Fact]
    public void Input_errors_name_the_file_line_and_column()
    {
        var stderr = new StringWriter();
        var console = new Drydock.Cli.Terminal.CliConsole { Out = new StringWriter(), Error = stderr, CurrentDirectory = "/work" };
        var error = new DrydockException("unexpected character '\\t'", new Drydock.Text.SourceSpan("/work/compose.yaml", 7, 3, 7, 4), "Indent with spaces.");
        CliApp.HandleException(console, error, debug: false, CancellationToken.None).ShouldBe(ExitCodes.Error);
        stderr.ToString().ShouldBe("drydock: error: compose.yaml:7:3: unexpected character '\\t'\ndrydock: hint: Indent with spaces.\n");
    }

    [Fact]
    public void Cancellation_exits_130()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var console = new Drydock.Cli.Terminal.CliConsole { Out = new StringWriter(), Error = new StringWriter() };
        CliApp.HandleException(console, new OperationCanceledException(cancelled.Token), debug: false, cancelled.Token).ShouldBe(ExitCodes.Interrupted);
    }
}
