using System.Text.Json.Serialization;

namespace Drydock.Engine;

/// <summary>Source-generated metadata for the engine's PascalCase JSON (no reflection at run time).</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EngineVersion))]
[JsonSerializable(typeof(EngineSystemInfo))]
[JsonSerializable(typeof(EngineErrorBody))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
[JsonSerializable(typeof(ContainerSummary[]))]
[JsonSerializable(typeof(ContainerDetails))]
[JsonSerializable(typeof(ContainerCreateRequest))]
[JsonSerializable(typeof(CreateResponse))]
[JsonSerializable(typeof(ContainerWaitResponse))]
[JsonSerializable(typeof(ContainerPathStat))]
[JsonSerializable(typeof(ImageDetails))]
[JsonSerializable(typeof(ImageHistoryItem[]))]
[JsonSerializable(typeof(ImageSummary[]))]
[JsonSerializable(typeof(ImageDeleteItem[]))]
[JsonSerializable(typeof(NetworkSummary[]))]
[JsonSerializable(typeof(NetworkCreateRequest))]
[JsonSerializable(typeof(NetworkConnectRequest))]
[JsonSerializable(typeof(NetworkDisconnectRequest))]
[JsonSerializable(typeof(VolumeList))]
[JsonSerializable(typeof(EngineEvent))]
[JsonSerializable(typeof(ExecCreateRequest))]
[JsonSerializable(typeof(ExecStartRequest))]
[JsonSerializable(typeof(ExecDetails))]
[JsonSerializable(typeof(ContainerTop))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;

/// <summary>The stats endpoint writes snake_case.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ContainerStats))]
internal sealed partial class StatsJsonContext : JsonSerializerContext;
