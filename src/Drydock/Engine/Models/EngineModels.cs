using System.Text.Json.Serialization;

namespace Drydock.Engine;

/// <summary>What <c>GET /_ping</c> says in its headers.</summary>
/// <param name="EngineApiVersion">The engine's API version (<c>Api-Version</c>).</param>
/// <param name="OsType">The engine's operating system (<c>OSType</c>).</param>
/// <param name="BuilderVersion">The default builder (<c>Builder-Version</c>: 1 classic, 2 BuildKit).</param>
/// <param name="Experimental">Whether experimental features are on (<c>Docker-Experimental</c>).</param>
/// <param name="LibpodApiVersion">Podman's own API version (<c>Libpod-Api-Version</c>): set only when Podman answers.</param>
public sealed record EnginePing(ApiVersion EngineApiVersion, string? OsType, string? BuilderVersion, bool Experimental, string? LibpodApiVersion = null)
{
    /// <summary>Podman's Docker-compatible service answers, not dockerd.</summary>
    public bool IsPodman => LibpodApiVersion is not null;
}

/// <summary><c>GET /version</c> (the fields Drydock uses).</summary>
public sealed record EngineVersion
{
    public string? Version { get; init; }

    public string? ApiVersion { get; init; }

    [JsonPropertyName("MinAPIVersion")]
    public string? MinApiVersion { get; init; }

    public string? Os { get; init; }

    public string? Arch { get; init; }

    public string? KernelVersion { get; init; }

    public string? GitCommit { get; init; }

    public string? GoVersion { get; init; }

    public EngineComponent[]? Components { get; init; }
}

public sealed record EngineComponent
{
    public string? Name { get; init; }

    public string? Version { get; init; }
}

/// <summary><c>GET /info</c> (the fields Drydock uses).</summary>
public sealed record EngineSystemInfo
{
    public string? Name { get; init; }

    public string? ServerVersion { get; init; }

    public string? Driver { get; init; }

    public string? CgroupDriver { get; init; }

    public string? CgroupVersion { get; init; }

    public string? OperatingSystem { get; init; }

    public string? OSType { get; init; }

    public string? Architecture { get; init; }

    public int NCPU { get; init; }

    public long MemTotal { get; init; }

    public string? DockerRootDir { get; init; }

    public string[]? SecurityOptions { get; init; }

    public int Containers { get; init; }

    public int Images { get; init; }
}

/// <summary>An error body from the engine: <c>{"message": "…"}</c>.</summary>
public sealed record EngineErrorBody
{
    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
