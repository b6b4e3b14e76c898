using System.Text.Json.Serialization;

namespace Drydock.Engine;

/// <summary>An entry of <c>GET /containers/json</c>.</summary>
public sealed record ContainerSummary
{
    public string Id { get; init; } = string.Empty;

    public string[] Names { get; init; } = [];

    public string? Image { get; init; }

    /// <summary>created, running, paused, restarting, removing, exited, dead.</summary>
    public string? State { get; init; }

    /// <summary>Human text such as "Up 3 seconds (healthy)".</summary>
    public string? Status { get; init; }

    public Dictionary<string, string>? Labels { get; init; }
}

/// <summary>The parts of <c>GET /containers/{id}/json</c> the foundation needs; later features extend it.</summary>
public sealed record ContainerDetails
{
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public ContainerState? State { get; init; }

    public int RestartCount { get; init; }

    public ContainerConfig? Config { get; init; }
}

public sealed record ContainerState
{
    public string? Status { get; init; }

    public bool Running { get; init; }

    public int ExitCode { get; init; }

    public bool OOMKilled { get; init; }

    public string? Error { get; init; }

    public string? StartedAt { get; init; }

    public string? FinishedAt { get; init; }

    public ContainerHealth? Health { get; init; }
}

public sealed record ContainerHealth
{
    /// <summary>starting, healthy, unhealthy (none when the image has no health check).</summary>
    public string? Status { get; init; }

    public int FailingStreak { get; init; }
}

public sealed record ContainerConfig
{
    public string? Image { get; init; }

    public string? User { get; init; }

    public Dictionary<string, string>? Labels { get; init; }
}

/// <summary>An entry of <c>GET /networks</c>.</summary>
public sealed record NetworkSummary
{
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public Dictionary<string, string>? Labels { get; init; }
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

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContainerSummary[]))]
[JsonSerializable(typeof(ContainerDetails))]
[JsonSerializable(typeof(NetworkSummary[]))]
[JsonSerializable(typeof(VolumeList))]
internal sealed partial class ResourceJsonContext : JsonSerializerContext;
