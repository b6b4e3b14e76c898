using System.Text.Json.Nodes;
using Drydock.Engine;

namespace Drydock.Verification;

/// <summary>
/// Where a run was measured: the engine's host, its CPUs and versions. <c>drydock diff</c> flags two runs whose
/// environments differ, since their numbers are then not comparable one for one.
/// </summary>
public sealed record RunEnvironment(string? Host, int Cores, long MemoryBytes, string? EngineVersion, string? ApiVersion, string? OperatingSystem, string? Architecture, string? KernelVersion)
{
    public static async Task<RunEnvironment> ReadAsync(DockerClient client, CancellationToken cancellationToken)
    {
        var info = await client.GetSystemInfoAsync(cancellationToken).ConfigureAwait(false);
        var version = await client.GetVersionAsync(cancellationToken).ConfigureAwait(false);
        return new RunEnvironment(info.Name, info.NCPU, info.MemTotal, version.Version ?? info.ServerVersion, version.ApiVersion,
            info.OperatingSystem, version.Arch ?? info.Architecture, version.KernelVersion);
    }

    public JsonObject ToJson() => new()
    {
        ["host"] = Host,
        ["cores"] = Cores,
        ["memoryBytes"] = MemoryBytes,
        ["engineVersion"] = EngineVersion,
        ["apiVersion"] = ApiVersion,
        ["operatingSystem"] = OperatingSystem,
        ["architecture"] = Architecture,
        ["kernelVersion"] = KernelVersion,
        ["drydockVersion"] = ProjectInfo.Version,
    };
}

/// <summary>One layer of a service's image as the engine's history lists it (empty steps left out).</summary>
public sealed record ImageLayerFact(long Size, string? CreatedBy);

/// <summary>
/// A service's image for the report's layer bars: its layers, and (when verify analysed the image for its
/// <c>image:</c> expectations) the bytes wasted by files that a later layer replaced or deleted.
/// </summary>
public sealed record ImageFacts(string Service, string Image, IReadOnlyList<ImageLayerFact> Layers)
{
    public long? WastedBytes { get; init; }

    public double? Efficiency { get; init; }

    public JsonObject ToJson() => new()
    {
        ["image"] = Image,
        ["size"] = Layers.Sum(layer => layer.Size),
        ["wastedBytes"] = WastedBytes,
        ["efficiency"] = Efficiency is { } efficiency ? Math.Round(efficiency, 4) : null,
        ["layers"] = new JsonArray([.. Layers.Select(layer => (JsonNode?)new JsonObject
        {
            ["size"] = layer.Size,
            ["createdBy"] = layer.CreatedBy,
        })]),
    };
}
