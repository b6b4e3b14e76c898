using Drydock.Engine;
using Drydock.Tests.Engine.Support;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Engine;

[Trait("Category", EngineFixture.Category)]
public sealed class EventsTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task A_label_filtered_stream_sees_the_lifecycle_of_a_container_started_after_it_opened()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var runId = TestContainer.NewRunId();
        await using var events = await engine.Client.OpenEventsAsync(
            new EventFilter { Types = ["container"], Labels = [$"{EngineFixture.RunLabel}={runId}"] }, timeout.Token);
        // Noise that the filter must leave out: another run's container.
        await using var other = await TestContainer.RunAsync(engine.Client, ["true"]);
        await using var container = await TestContainer.RunAsync(engine.Client, ["sh", "-c", "exit 4"], runId: runId);

        var seen = new List<EngineEvent>();
        await foreach (var engineEvent in events.ReadAllAsync(timeout.Token))
        {
            seen.Add(engineEvent);
            if (engineEvent.Action == "die")
            {
                break;
            }
        }
        seen.ShouldAllBe(e => e.Actor!.ID == container.Id && e.Type == "container" && e.Scope == "local");
        seen.Select(e => e.Action).ShouldBe(["create", "start", "die"]);
        seen[^1].ExitCode.ShouldBe(4);
        seen[0].Actor!.Attributes!["name"].ShouldBe(container.Name);
        seen[0].Actor!.Attributes![EngineFixture.RunLabel].ShouldBe(runId);
        seen.Select(e => e.TimeNano).ShouldBeInOrder();
        (DateTimeOffset.UtcNow - seen[0].Timestamp).ShouldBeLessThan(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Since_and_until_replay_a_closed_window_filtered_by_container_and_action()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var runId = TestContainer.NewRunId();
        // The window closes a second after the engine reported the container's death (seen live, not guessed).
        await using var live = await engine.Client.OpenEventsAsync(
            new EventFilter { Labels = [$"{EngineFixture.RunLabel}={runId}"], Actions = ["die"] }, timeout.Token);
        await using var container = await TestContainer.RunAsync(engine.Client, ["true"], runId: runId);
        await using var deaths = live.ReadAllAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        (await deaths.MoveNextAsync()).ShouldBeTrue();
        var until = deaths.Current.Timestamp.AddSeconds(1);

        var window = new List<EngineEvent>();
        await foreach (var engineEvent in engine.Client.MonitorEventsAsync(
            new EventFilter { Since = before, Until = until, Containers = [container.Id], Actions = ["start", "die"] }, timeout.Token))
        {
            window.Add(engineEvent);
        }
        // The stream ended by itself at `until`.
        window.Select(e => e.Action).ShouldBe(["start", "die"]);
        window.ShouldAllBe(e => e.Timestamp >= before);
    }

    [Fact]
    public async Task Health_status_changes_arrive_as_events()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var runId = TestContainer.NewRunId();
        await using var events = await engine.Client.OpenEventsAsync(
            new EventFilter { Labels = [$"{EngineFixture.RunLabel}={runId}"], Actions = ["health_status"] }, timeout.Token);
        await using var container = await TestContainer.IdleAsync(engine.Client, request => request with
        {
            Healthcheck = new HealthConfig { Test = ["CMD", "true"], Interval = TimeSpan.FromMilliseconds(300) },
        }, runId: runId);
        await using var enumerator = events.ReadAllAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        (await enumerator.MoveNextAsync()).ShouldBeTrue();
        enumerator.Current.ActionName.ShouldBe("health_status");
        enumerator.Current.HealthStatus.ShouldBe("healthy");
        enumerator.Current.Actor!.ID.ShouldBe(container.Id);
    }

    [Fact]
    public async Task Cancelling_ends_a_quiet_stream_promptly()
    {
        using var cancel = new CancellationTokenSource();
        await using var events = await engine.Client.OpenEventsAsync(
            new EventFilter { Labels = [$"{EngineFixture.RunLabel}=never-{Guid.NewGuid():N}"] }, cancel.Token);
        // Nothing ever matches the filter, so only the cancellation can end the read; the one-minute guard turns a
        // cancellation that is not honoured into a failure instead of a hang.
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in events.ReadAllAsync(cancel.Token))
            {
            }
        });
        await cancel.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => reading.WaitAsync(TimeSpan.FromMinutes(1)));
    }
}
