namespace Drydock.Engine;

/// <summary>An entry of <c>GET /networks</c>.</summary>
public sealed record NetworkSummary
{
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string? Driver { get; init; }

    public Dictionary<string, string>? Labels { get; init; }
}

/// <summary>The body of <c>POST /networks/create</c>.</summary>
public sealed record NetworkCreateRequest
{
    public required string Name { get; init; }

    public string? Driver { get; init; }

    public bool Internal { get; init; }

    public Dictionary<string, string>? Labels { get; init; }
}

/// <summary>The body of <c>POST /networks/{id}/connect</c>.</summary>
internal sealed record NetworkConnectRequest
{
    public required string Container { get; init; }

    public NetworkEndpointConfig? EndpointConfig { get; init; }
}

internal sealed record NetworkEndpointConfig
{
    public string[]? Aliases { get; init; }
}

/// <summary>The body of <c>POST /networks/{id}/disconnect</c>.</summary>
internal sealed record NetworkDisconnectRequest
{
    public required string Container { get; init; }

    public bool Force { get; init; }
}

/// <summary><c>GET /volumes</c>.</summary>
public sealed record VolumeList
{
    public VolumeSummary[]? Volumes { get; init; }
}

public sealed record VolumeSummary
{
    public string Name { get; init; } = string.Empty;

    public Dictionary<string, string>? Labels { get; init; }
}
