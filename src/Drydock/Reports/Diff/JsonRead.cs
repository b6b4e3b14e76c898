using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Drydock.Reports;

/// <summary>
/// Reads report fields whether the node was parsed (report.json) or built in memory (a report still being rendered):
/// a built <see cref="JsonValue"/> holds its CLR type (long, int…) and does not convert to double by itself.
/// </summary>
public static class JsonRead
{
    public static double? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
        && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    public static string? Text(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
