using Drydock.Engine;
using Drydock.Tests.Engine.Support;
using Drydock.Tests.TestSupport;
using Drydock.Verification.Sampling;

namespace Drydock.Tests.Verification.Sampling;

[Trait("Category", EngineFixture.Category)]
public sealed class SamplingEngineTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    [Fact]
    public async Task Idle_and_busy_containers_are_sampled_together_with_docker_stats_figures()
    {
        await using var idle = await TestContainer.IdleAsync(engine.Client);
        await using var busy = await TestContainer.RunAsync(engine.Client, ["sh", "-c", "while :; do :; done"], request => request with
        {
            HostConfig = new HostConfig { NanoCpus = 500_000_000 },
        });
        // Started last, it exits about two seconds into the three-second window.
        await using var brief = await TestContainer.RunAsync(engine.Client, ["sleep", "2"]);
        var window = TimeSpan.FromSeconds(3);
        var interval = TimeSpan.FromSeconds(1);

        var started = DateTimeOffset.UtcNow;
        var usage = await IdleSampler.SampleAsync(engine.Client, [new("idle", idle.Id), new("busy", busy.Id), new("brief", brief.Id)], window, interval, Timeout);
        var took = DateTimeOffset.UtcNow - started;

        took.ShouldBeInRange(window, window + TimeSpan.FromSeconds(10), "the containers are sampled at once, over one window");
        usage.Keys.Order().ShouldBe(["brief", "busy", "idle"]);

        var quiet = usage["idle"];
        quiet.Samples.ShouldBeInRange(3, 5, "a reading at the start and one a second");
        quiet.CpuPercentAverage.ShouldBeInRange(0, 5, "sleep uses next to no CPU");
        quiet.MemoryBytesPeak.ShouldBeInRange(1, 16 * 1024 * 1024, "a sleeping busybox holds well under 16 MiB");

        var loaded = usage["busy"];
        loaded.Samples.ShouldBeInRange(3, 5);
        // How much of its half CPU the loop gets depends on what else runs on the machine; that it used more than the
        // sleeping container, and never more than its limit, does not.
        loaded.CpuPercentAverage.ShouldBeGreaterThan(quiet.CpuPercentAverage, "a busy loop limited to half a CPU");
        loaded.CpuPercentPeak.ShouldBeLessThan(65, "the limit is 50% (100% per CPU); a sampling edge may add a little");
        loaded.CpuPercentPeak.ShouldBeGreaterThanOrEqualTo(loaded.CpuPercentAverage);

        var stopped = usage["brief"];
        stopped.Samples.ShouldBeInRange(1, quiet.Samples - 1, "it exits within the window: what was sampled until then");
        stopped.MemoryBytesPeak.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Error_lines_are_counted_over_both_streams_and_the_tail_is_the_last_lines()
    {
        // The two streams reach the log through separate pipes, so their order is not guaranteed: the rest is written
        // only once the stderr line is in the log (the test sees it there, then lets the container go on).
        await using var container = await TestContainer.RunAsync(engine.Client, ["sh", "-c", "echo 'ERROR first, on stderr' >&2; while [ ! -e /tmp/go ]; do sleep 0.05; done; seq 1 50; echo 'ERROR: last but one'; echo done"]);
        await foreach (var line in engine.Client.ReadContainerLogsAsync(container.Id, new ContainerLogOptions { Follow = true }, Timeout))
        {
            if (line.Text == "ERROR first, on stderr")
            {
                await engine.Client.ExecAsync(container.Id, new ExecOptions { Command = ["touch", "/tmp/go"] }, Timeout);
            }
        }
        (await engine.Client.WaitContainerAsync(container.Id, ContainerWaitCondition.NotRunning, Timeout)).ShouldBe(0);

        var scan = await LogScanner.ScanAsync(engine.Client, container.Id, ["ERROR"], Timeout);
        (scan.Lines, scan.ErrorLines).ShouldBe((53, 2));
        scan.Examples.ShouldBe(["ERROR first, on stderr", "ERROR: last but one"]);

        (await LogScanner.TailAsync(engine.Client, container.Id, 3, Timeout)).ShouldBe(["50", "ERROR: last but one", "done"]);
        (await LogScanner.TailAsync(engine.Client, container.Id, 0, Timeout)).ShouldBeEmpty();
        (await LogScanner.TailAsync(engine.Client, container.Id, 1000, Timeout)).Count.ShouldBe(53);
    }
}
