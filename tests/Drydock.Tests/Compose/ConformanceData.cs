using System.Text.Json.Nodes;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Compose;

/// <summary>Reads the compose-go vectors in tests/conformance (compose-interpolation/ and dotenv/) as theory data.</summary>
internal static class ConformanceData
{
    public static string InterpolationDirectory => Path.Combine(RepoPaths.Conformance, "compose-interpolation");

    public static string DotEnvDirectory => Path.Combine(RepoPaths.Conformance, "dotenv");

    public static JsonArray Load(string directory, string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(directory, file)))!.AsArray();

    /// <summary>One theory row per entry, named by the entry's "name" so failures say which vector broke.</summary>
    public static TheoryData<string> Names(string directory, string file)
    {
        var data = new TheoryData<string>();
        foreach (var entry in Load(directory, file))
        {
            data.Add(entry!["name"]!.GetValue<string>());
        }
        return data;
    }

    public static JsonObject Entry(string directory, string file, string name) =>
        Load(directory, file).Single(entry => entry!["name"]!.GetValue<string>() == name)!.AsObject();

    public static Dictionary<string, string> Strings(JsonNode? node) =>
        node is JsonObject map
            ? map.ToDictionary(pair => pair.Key, pair => pair.Value!.GetValue<string>(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
