using System.Text.Json.Serialization;

namespace Drydock.Engine;

/// <summary><c>GET /images/{name}/json</c>.</summary>
public sealed record ImageDetails
{
    /// <summary><c>sha256:…</c>, the digest of the image's config.</summary>
    public string Id { get; init; } = string.Empty;

    public string[]? RepoTags { get; init; }

    public string[]? RepoDigests { get; init; }

    public string? Parent { get; init; }

    public string? Comment { get; init; }

    [JsonConverter(typeof(DockerTimeConverter))]
    public DateTimeOffset? Created { get; init; }

    public string? DockerVersion { get; init; }

    public string? Author { get; init; }

    /// <summary>The configuration a container of this image starts with (user, env, entrypoint, health check…).</summary>
    public ContainerConfig? Config { get; init; }

    public string? Architecture { get; init; }

    public string? Variant { get; init; }

    public string? Os { get; init; }

    /// <summary>The uncompressed size of all layers, in bytes.</summary>
    public long Size { get; init; }

    public ImageRootFs? RootFS { get; init; }
}

public sealed record ImageRootFs
{
    public string? Type { get; init; }

    /// <summary>Layer diff ids (<c>sha256:…</c> of the uncompressed tar), bottom first.</summary>
    public string[]? Layers { get; init; }
}

/// <summary>An entry of <c>GET /images/{name}/history</c>, newest first, one per build step (including empty ones).</summary>
public sealed record ImageHistoryItem
{
    /// <summary>The image id of the step, or <c>&lt;missing&gt;</c> for steps built elsewhere.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>Unix seconds.</summary>
    public long Created { get; init; }

    public string? CreatedBy { get; init; }

    public string[]? Tags { get; init; }

    /// <summary>Bytes the step's layer adds; 0 for steps that only change metadata.</summary>
    public long Size { get; init; }

    public string? Comment { get; init; }

    public DateTimeOffset CreatedAt => DateTimeOffset.FromUnixTimeSeconds(Created);
}

/// <summary>An entry of <c>GET /images/json</c>.</summary>
public sealed record ImageSummary
{
    public string Id { get; init; } = string.Empty;

    public string[]? RepoTags { get; init; }

    public string[]? RepoDigests { get; init; }

    /// <summary>Unix seconds.</summary>
    public long Created { get; init; }

    public long Size { get; init; }

    public Dictionary<string, string>? Labels { get; init; }
}

/// <summary>An entry of <c>DELETE /images/{name}</c>: one tag removed or one image deleted.</summary>
public sealed record ImageDeleteItem
{
    public string? Untagged { get; init; }

    public string? Deleted { get; init; }
}
