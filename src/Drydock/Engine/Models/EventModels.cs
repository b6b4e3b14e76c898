namespace Drydock.Engine;

/// <summary>An entry of <c>GET /events</c>.</summary>
public sealed record EngineEvent
{
    /// <summary>container, image, network, volume, daemon, plugin, node, service, secret, config.</summary>
    public string? Type { get; init; }

    /// <summary>e.g. create, start, die, kill, pause, unpause, restart, destroy, <c>health_status: healthy</c>, <c>exec_start: sh -c …</c>.</summary>
    public string? Action { get; init; }

    public EventActor? Actor { get; init; }

    /// <summary>local or swarm.</summary>
    public string? Scope { get; init; }

    /// <summary>Unix seconds.</summary>
    public long Time { get; init; }

    /// <summary>Unix nanoseconds.</summary>
    public long TimeNano { get; init; }

    /// <summary>The action without its detail: <c>health_status: healthy</c> → <c>health_status</c>.</summary>
    public string? ActionName => Action?.Split(':', 2)[0];

    /// <summary>For <c>health_status</c> events, the new status (healthy, unhealthy, starting); null otherwise.</summary>
    public string? HealthStatus => Action?.Split(':', 2) is ["health_status", var status] ? status.Trim() : null;

    public DateTimeOffset Timestamp => TimeNano > 0
        ? DateTimeOffset.UnixEpoch.AddTicks(TimeNano / 100)
        : DateTimeOffset.FromUnixTimeSeconds(Time);

    /// <summary>For container events, the exit code in the attributes of <c>die</c>.</summary>
    public int? ExitCode => Actor?.Attributes is { } attributes && attributes.TryGetValue("exitCode", out var text) && int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : null;
}

public sealed record EventActor
{
    /// <summary>The object's id (container id, image id, network id…).</summary>
    public string? ID { get; init; }

    /// <summary>Name, image and the object's labels, among others.</summary>
    public Dictionary<string, string>? Attributes { get; init; }
}

/// <summary>What <see cref="DockerClient.MonitorEventsAsync"/> returns; every set criterion must match.</summary>
public sealed record EventFilter
{
    /// <summary>Replay events from this time on; null starts at the moment of the call.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>End the stream at this time; null streams until cancelled.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Object types, e.g. container, network, image.</summary>
    public IReadOnlyList<string> Types { get; init; } = [];

    /// <summary>Actions, e.g. start, die, health_status.</summary>
    public IReadOnlyList<string> Actions { get; init; } = [];

    /// <summary>Container ids or names.</summary>
    public IReadOnlyList<string> Containers { get; init; } = [];

    /// <summary><c>key</c> or <c>key=value</c>.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];
}
