using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drydock.Images.Sources;

/// <summary>The image configuration blob (Docker and OCI share it): what runs, as whom, and how the layers were made.</summary>
public sealed record ImageConfigFile
{
    [JsonPropertyName("architecture")]
    public string? Architecture { get; init; }

    [JsonPropertyName("os")]
    public string? Os { get; init; }

    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    [JsonPropertyName("created")]
    public string? Created { get; init; }

    [JsonPropertyName("config")]
    public ContainerConfig? Config { get; init; }

    [JsonPropertyName("rootfs")]
    public RootFs? RootFs { get; init; }

    [JsonPropertyName("history")]
    public HistoryEntry[]? History { get; init; }
}

/// <summary>The <c>config</c> object of an image configuration (capitalized keys in both Docker and OCI).</summary>
public sealed record ContainerConfig
{
    public string? User { get; init; }

    public Dictionary<string, JsonElement>? ExposedPorts { get; init; }

    public string[]? Env { get; init; }

    public string[]? Entrypoint { get; init; }

    public string[]? Cmd { get; init; }

    public HealthcheckConfig? Healthcheck { get; init; }

    public string? WorkingDir { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    public Dictionary<string, JsonElement>? Volumes { get; init; }

    public string? StopSignal { get; init; }
}

/// <summary>Durations are nanoseconds, as Docker stores them.</summary>
public sealed record HealthcheckConfig
{
    public string[]? Test { get; init; }

    public long Interval { get; init; }

    public long Timeout { get; init; }

    public long StartPeriod { get; init; }

    public int Retries { get; init; }
}

public sealed record RootFs
{
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("diff_ids")]
    public string[]? DiffIds { get; init; }
}

public sealed record HistoryEntry
{
    [JsonPropertyName("created")]
    public string? Created { get; init; }

    [JsonPropertyName("created_by")]
    public string? CreatedBy { get; init; }

    [JsonPropertyName("comment")]
    public string? Comment { get; init; }

    [JsonPropertyName("empty_layer")]
    public bool EmptyLayer { get; init; }
}

/// <summary>One entry of a <c>docker save</c> archive's <c>manifest.json</c>.</summary>
public sealed record SaveManifestEntry
{
    public string? Config { get; init; }

    public string[]? RepoTags { get; init; }

    public string[]? Layers { get; init; }
}

/// <summary>An OCI descriptor: a typed, sized, content-addressed pointer.</summary>
public sealed record Descriptor
{
    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("digest")]
    public string? Digest { get; init; }

    [JsonPropertyName("size")]
    public long Size { get; init; }

    [JsonPropertyName("platform")]
    public PlatformSpec? Platform { get; init; }

    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; init; }

    [JsonPropertyName("urls")]
    public string[]? Urls { get; init; }
}

public sealed record PlatformSpec
{
    [JsonPropertyName("architecture")]
    public string? Architecture { get; init; }

    [JsonPropertyName("os")]
    public string? Os { get; init; }

    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    public override string ToString() => $"{Os}/{Architecture}{(string.IsNullOrEmpty(Variant) ? string.Empty : "/" + Variant)}";
}

/// <summary>An OCI image index, a Docker manifest list, an OCI image manifest or a Docker schema 2 manifest (one shape covers all four).</summary>
public sealed record ManifestDocument
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; }

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("manifests")]
    public Descriptor[]? Manifests { get; init; }

    [JsonPropertyName("config")]
    public Descriptor? Config { get; init; }

    [JsonPropertyName("layers")]
    public Descriptor[]? Layers { get; init; }

    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; init; }

    public bool IsIndex => Manifests is not null && Layers is null;
}

public sealed record RegistryTokenResponse
{
    [JsonPropertyName("token")]
    public string? Token { get; init; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }
}

[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(ImageConfigFile))]
[JsonSerializable(typeof(SaveManifestEntry[]))]
[JsonSerializable(typeof(ManifestDocument))]
[JsonSerializable(typeof(RegistryTokenResponse))]
internal sealed partial class ImageJsonContext : JsonSerializerContext;

public static class MediaTypes
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestV1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    public const string DockerManifestV1 = "application/vnd.docker.distribution.manifest.v1+json";

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;
}
