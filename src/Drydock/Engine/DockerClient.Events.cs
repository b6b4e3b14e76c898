using System.Runtime.CompilerServices;

namespace Drydock.Engine;

/// <summary>The engine's event stream.</summary>
public sealed partial class DockerClient
{
    /// <summary>
    /// Subscribes to events matching <paramref name="filter"/> and returns once the engine has answered, so an
    /// action taken after this call is observed. Without <see cref="EventFilter.Since"/> the stream starts at the
    /// time of this call (sent as <c>since</c>, which also covers the moment between the engine's answer and its
    /// subscription). Ends at <see cref="EventFilter.Until"/>, on disposal or on cancellation.
    /// </summary>
    public async Task<EngineEventStream> OpenEventsAsync(EventFilter filter, CancellationToken cancellationToken)
    {
        var since = filter.Since ?? DateTimeOffset.UtcNow;
        var path = new EngineQuery("events")
            .Add("since", DockerTime.ToUnixQuery(since))
            .Add("until", filter.Until is { } until ? DockerTime.ToUnixQuery(until) : null)
            .Add("filters", EngineQuery.Filters(("type", filter.Types), ("event", filter.Actions), ("container", filter.Containers), ("label", filter.Labels)))
            .ToString();
        var response = await SendStreamingAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        return new EngineEventStream(await ResponseStream.OpenAsync(response, cancellationToken).ConfigureAwait(false));
    }

    /// <summary><see cref="OpenEventsAsync"/> and read it to the end, as one enumerable.</summary>
    public async IAsyncEnumerable<EngineEvent> MonitorEventsAsync(EventFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = await OpenEventsAsync(filter, cancellationToken).ConfigureAwait(false);
        await foreach (var engineEvent in stream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return engineEvent;
        }
    }
}

/// <summary>An open subscription to the engine's events. Read it once; dispose it to unsubscribe.</summary>
public sealed class EngineEventStream : IAsyncDisposable, IDisposable
{
    /// <summary>Events are a few hundred bytes; anything near this is not an event.</summary>
    private const int MaxEventBytes = 1024 * 1024;

    private readonly Stream _body;

    internal EngineEventStream(Stream body) => _body = body;

    public IAsyncEnumerable<EngineEvent> ReadAllAsync(CancellationToken cancellationToken) =>
        JsonLinesReader.ReadAsync(_body, EngineJsonContext.Default.EngineEvent, MaxEventBytes, cancellationToken);

    public ValueTask DisposeAsync() => _body.DisposeAsync();

    public void Dispose() => _body.Dispose();
}
