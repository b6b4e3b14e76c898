using System.Text;
using Drydock.Engine;
using Drydock.Tests.Engine.Support;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Engine;

[Trait("Category", EngineFixture.Category)]
public sealed class ExecTests(EngineFixture engine) : IClassFixture<EngineFixture>, IAsyncLifetime
{
    private TestContainer _container = null!;

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    public async Task InitializeAsync() => _container = await TestContainer.IdleAsync(engine.Client);

    public async Task DisposeAsync() => await _container.DisposeAsync();

    [Fact]
    public async Task Exit_codes_and_both_streams_come_back_separately()
    {
        var result = await ExecAsync(["sh", "-c", "echo out; echo err >&2; exit 3"]);
        (result.ExitCode, result.StandardOutput, result.StandardError, result.TimedOut, result.OutputTruncated).ShouldBe((3, "out\n", "err\n", false, false));

        (await ExecAsync(["true"])).ExitCode.ShouldBe(0);
        (await ExecAsync(["false"])).ExitCode.ShouldBe(1);
    }

    [Fact]
    public async Task User_environment_and_working_directory_apply()
    {
        var result = await engine.Client.ExecAsync(_container.Id, new ExecOptions
        {
            Command = ["sh", "-c", "id -u; echo $GREETING; pwd"],
            User = "1000",
            Environment = ["GREETING=hello"],
            WorkingDirectory = "/tmp",
        }, Timeout);
        result.StandardOutput.ShouldBe("1000\nhello\n/tmp\n");
        result.ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Standard_input_is_written_then_closed_over_the_hijacked_connection()
    {
        var input = string.Join('\n', Enumerable.Range(1, 20_000).Select(i => $"line {i}")) + "\n";
        var result = await engine.Client.ExecAsync(_container.Id, new ExecOptions
        {
            Command = ["sh", "-c", "wc -l; echo done >&2"],
            StandardInput = Encoding.UTF8.GetBytes(input),
        }, Timeout);
        (result.ExitCode, result.StandardOutput.Trim(), result.StandardError).ShouldBe((0, "20000", "done\n"));

        var echoed = await engine.Client.ExecAsync(_container.Id, new ExecOptions { Command = ["cat"], StandardInput = Encoding.UTF8.GetBytes(input) }, Timeout);
        echoed.StandardOutput.ShouldBe(input);
    }

    [Fact]
    public async Task A_tty_merges_the_streams()
    {
        var result = await engine.Client.ExecAsync(_container.Id, new ExecOptions { Command = ["sh", "-c", "echo out; echo err >&2"], Tty = true }, Timeout);
        result.StandardOutput.ShouldBe("out\r\nerr\r\n");
        result.StandardError.ShouldBeEmpty();
        result.ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task A_command_that_outlives_its_timeout_is_reported_as_timed_out_with_its_output_so_far()
    {
        var result = await engine.Client.ExecAsync(_container.Id, new ExecOptions { Command = ["sh", "-c", "echo started; sleep 30"], Timeout = TimeSpan.FromSeconds(5) }, Timeout);
        result.TimedOut.ShouldBeTrue();
        result.ExitCode.ShouldBeNull();
        result.StandardOutput.ShouldBe("started\n");
        // Cut, not waited for: a command left to run would take at least its 30 s of sleep.
        result.Duration.ShouldBeLessThan(TimeSpan.FromSeconds(30), "the command sleeps 30 s; the timeout is 5 s");
    }

    [Fact]
    public async Task Output_beyond_the_limit_is_dropped_and_the_command_still_completes()
    {
        var result = await engine.Client.ExecAsync(_container.Id, new ExecOptions { Command = ["seq", "1", "100000"], MaxOutputBytes = 1000 }, Timeout);
        result.OutputTruncated.ShouldBeTrue();
        result.StandardOutput.Length.ShouldBe(1000);
        result.StandardOutput.ShouldStartWith("1\n2\n3\n");
        result.ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task A_missing_program_has_the_shells_exit_code_and_a_stopped_container_is_a_conflict()
    {
        var missing = await ExecAsync(["/no/such/program"]);
        missing.ExitCode.ShouldNotBeNull().ShouldBeOneOf(126, 127);
        (missing.StandardOutput + missing.StandardError).ShouldContain("no such file or directory", Case.Insensitive);

        await using var stopped = await TestContainer.RunAsync(engine.Client, ["true"]);
        await engine.Client.WaitContainerAsync(stopped.Id, ContainerWaitCondition.NotRunning, Timeout);
        var error = await Should.ThrowAsync<EngineException>(() => engine.Client.ExecAsync(stopped.Id, new ExecOptions { Command = ["true"] }, Timeout));
        error.Kind.ShouldBe(EngineErrorKind.Conflict);
        error.Message.ShouldContain("is not running");
    }

    [Fact]
    public async Task A_session_exposes_the_raw_streams_and_inspect_reports_the_exit_code()
    {
        var execId = await engine.Client.CreateExecAsync(_container.Id, new ExecOptions { Command = ["sh", "-c", "read name; echo hi $name; echo bye >&2; exit 5"], StandardInput = ReadOnlyMemory<byte>.Empty }, Timeout);
        await using (var session = await engine.Client.StartExecAsync(execId, tty: false, Timeout))
        {
            await session.WriteInputAsync("drydock\n"u8.ToArray(), Timeout);
            session.CloseInput();
            var output = new Dictionary<DockerStreamKind, StringBuilder> { [DockerStreamKind.StandardOutput] = new(), [DockerStreamKind.StandardError] = new() };
            var buffer = new byte[3];
            while (await session.ReadAsync(buffer, Timeout) is { Count: > 0 } chunk)
            {
                output[chunk.Kind].Append(Encoding.UTF8.GetString(buffer, 0, chunk.Count));
            }
            output[DockerStreamKind.StandardOutput].ToString().ShouldBe("hi drydock\n");
            output[DockerStreamKind.StandardError].ToString().ShouldBe("bye\n");
        }
        ExecDetails details;
        do
        {
            details = await engine.Client.InspectExecAsync(execId, Timeout);
        }
        while (details.Running);
        details.ExitCode.ShouldBe(5);
        details.ContainerID.ShouldBe(_container.Id);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_an_exception_not_a_result()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await Should.ThrowAsync<OperationCanceledException>(() => engine.Client.ExecAsync(_container.Id, new ExecOptions { Command = ["sleep", "30"] }, cancel.Token));
    }

    private Task<ExecResult> ExecAsync(string[] command) => engine.Client.ExecAsync(_container.Id, new ExecOptions { Command = command }, Timeout);
}
