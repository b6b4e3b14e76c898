using System.Diagnostics;
using Drydock.Engine;
using Drydock.Tests.Engine.Support;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Engine;

[Trait("Category", EngineFixture.Category)]
public sealed class ContainerLogsTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    [Fact]
    public async Task Stdout_and_stderr_are_separated_and_can_be_asked_for_alone()
    {
        await using var container = await RunToEndAsync(["sh", "-c", "echo out1; echo err1 >&2; echo out2; echo err2 >&2"]);
        var lines = await ReadAsync(container.Id, new ContainerLogOptions());
        lines.Where(l => l.Stream == DockerStreamKind.StandardOutput).Select(l => l.Text).ShouldBe(["out1", "out2"]);
        lines.Where(l => l.Stream == DockerStreamKind.StandardError).Select(l => l.Text).ShouldBe(["err1", "err2"]);
        lines.ShouldAllBe(l => l.Timestamp == null && !l.Truncated);

        var errorsOnly = await ReadAsync(container.Id, new ContainerLogOptions { StandardOutput = false });
        errorsOnly.Select(l => (l.Stream, l.Text)).ShouldBe([(DockerStreamKind.StandardError, "err1"), (DockerStreamKind.StandardError, "err2")]);
    }

    [Fact]
    public async Task A_large_log_arrives_whole_and_in_order_on_both_streams()
    {
        await using var container = await RunToEndAsync(["sh", "-c", "seq 1 200000; seq 1 50000 >&2"]);
        long outCount = 0, errCount = 0, expectedOut = 1, expectedErr = 1;
        await foreach (var line in engine.Client.ReadContainerLogsAsync(container.Id, new ContainerLogOptions(), Timeout))
        {
            if (line.Stream == DockerStreamKind.StandardOutput)
            {
                line.Text.ShouldBe(expectedOut++.ToString(System.Globalization.CultureInfo.InvariantCulture));
                outCount++;
            }
            else
            {
                line.Text.ShouldBe(expectedErr++.ToString(System.Globalization.CultureInfo.InvariantCulture));
                errCount++;
            }
        }
        (outCount, errCount).ShouldBe((200_000L, 50_000L));
    }

    [Fact]
    public async Task A_line_longer_than_the_limit_is_cut_not_buffered()
    {
        // 3 MB without a line break; the engine stores it as 16 KiB partial messages, which are one line here.
        await using var container = await RunToEndAsync(["sh", "-c", "head -c 3000000 /dev/zero | tr '\\0' x; echo; echo after"]);
        var lines = await ReadAsync(container.Id, new ContainerLogOptions { MaxLineBytes = 100_000 });
        lines.Count.ShouldBe(2);
        lines[0].Truncated.ShouldBeTrue();
        lines[0].Text.Length.ShouldBe(100_000);
        lines[0].Text.ShouldAllBe(c => c == 'x');
        (lines[1].Text, lines[1].Truncated).ShouldBe(("after", false));
    }

    [Fact]
    public async Task Timestamps_tail_since_and_until_select_lines_by_time()
    {
        // "second" is written only after the test has read "first" back from the engine, so its timestamp is later
        // whatever the machine's load (a sleep in the container would not order the engine's own reads).
        await using var container = await TestContainer.RunAsync(engine.Client, Gated("echo first", "echo second; echo third"));
        await foreach (var line in engine.Client.ReadContainerLogsAsync(container.Id, new ContainerLogOptions { Follow = true }, Timeout))
        {
            if (line.Text == "first")
            {
                await OpenGateAsync(container.Id);
            }
        }
        (await engine.Client.WaitContainerAsync(container.Id, ContainerWaitCondition.NotRunning, Timeout)).ShouldBe(0);
        var all = await ReadAsync(container.Id, new ContainerLogOptions { Timestamps = true });
        all.Select(l => l.Text).ShouldBe(["first", "second", "third"]);
        all.ShouldAllBe(l => l.Timestamp != null);
        var details = await engine.Client.InspectContainerAsync(container.Id, Timeout);
        all[0].Timestamp!.Value.ShouldBeGreaterThanOrEqualTo(details.State!.StartedAt!.Value.AddSeconds(-1));
        all[1].Timestamp!.Value.ShouldBeGreaterThan(all[0].Timestamp!.Value);

        (await ReadAsync(container.Id, new ContainerLogOptions { Tail = 2 })).Select(l => l.Text).ShouldBe(["second", "third"]);
        (await ReadAsync(container.Id, new ContainerLogOptions { Tail = 1 })).Select(l => l.Text).ShouldBe(["third"]);
        (await ReadAsync(container.Id, new ContainerLogOptions { Since = all[1].Timestamp })).Select(l => l.Text).ShouldBe(["second", "third"]);
        // Until a moment between the first and the second line.
        var between = all[0].Timestamp!.Value + ((all[1].Timestamp!.Value - all[0].Timestamp!.Value) / 2);
        (await ReadAsync(container.Id, new ContainerLogOptions { Until = between })).Select(l => l.Text).ShouldBe(["first"]);
    }

    [Fact]
    public async Task A_tty_container_has_one_raw_stream()
    {
        await using var container = await RunToEndAsync(["sh", "-c", "echo out; echo err >&2"], request => request with { Tty = true });
        var lines = await ReadAsync(container.Id, new ContainerLogOptions { Timestamps = true });
        lines.Select(l => (l.Stream, l.Text)).ShouldBe([(DockerStreamKind.StandardOutput, "out"), (DockerStreamKind.StandardOutput, "err")]);
        lines.ShouldAllBe(l => l.Timestamp != null);
    }

    /// <summary>A container that prints <paramref name="before"/>, waits for /tmp/go (the test creates it), then runs <paramref name="after"/>.</summary>
    private static string[] Gated(string before, string after) =>
        ["sh", "-c", $"{before}; while [ ! -e /tmp/go ]; do sleep 0.05; done; {after}"];

    private Task OpenGateAsync(string id) =>
        engine.Client.ExecAsync(id, new ExecOptions { Command = ["touch", "/tmp/go"] }, Timeout);

    [Fact]
    public async Task Following_streams_new_lines_until_cancelled_or_until_the_container_stops()
    {
        // Lines written only after the stream delivered the first one (the test opens the gate then), so they are
        // new; then nothing more is written, so what arrives before the cancellation is exact.
        await using var gated = await TestContainer.RunAsync(engine.Client, Gated("echo ready", "echo after; sleep 600"));
        using var cancel = new CancellationTokenSource();
        var seen = new List<string>();
        await Should.ThrowAsync<OperationCanceledException>(async () =>
        {
            await foreach (var line in engine.Client.ReadContainerLogsAsync(gated.Id, new ContainerLogOptions { Follow = true }, cancel.Token).WithCancellation(Timeout))
            {
                seen.Add(line.Text);
                if (line.Text == "ready")
                {
                    await OpenGateAsync(gated.Id);
                }
                else
                {
                    await cancel.CancelAsync();
                }
            }
        });
        seen.ShouldBe(["ready", "after"]);
        cancel.IsCancellationRequested.ShouldBeTrue();

        // Without cancellation, the stream ends by itself when the container stops.
        await using var finishing = await TestContainer.RunAsync(engine.Client, Gated("echo started", "echo done"));
        var followed = new List<string>();
        await foreach (var line in engine.Client.ReadContainerLogsAsync(finishing.Id, new ContainerLogOptions { Follow = true }, Timeout))
        {
            followed.Add(line.Text);
            if (line.Text == "started")
            {
                await OpenGateAsync(finishing.Id);
            }
        }
        followed.ShouldBe(["started", "done"]);
    }

    private async Task<TestContainer> RunToEndAsync(string[] command, Func<ContainerCreateRequest, ContainerCreateRequest>? configure = null)
    {
        var container = await TestContainer.RunAsync(engine.Client, command, configure);
        try
        {
            (await engine.Client.WaitContainerAsync(container.Id, ContainerWaitCondition.NotRunning, Timeout)).ShouldBe(0);
            return container;
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
    }

    private async Task<List<ContainerLogLine>> ReadAsync(string id, ContainerLogOptions options)
    {
        var lines = new List<ContainerLogLine>();
        await foreach (var line in engine.Client.ReadContainerLogsAsync(id, options, Timeout))
        {
            lines.Add(line);
        }
        return lines;
    }
}
