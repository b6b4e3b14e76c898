using System.Text.Json.Nodes;
using Drydock.Compose.Loading;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Compose;

/// <summary>
/// tests/compose-corpus: one directory per case with its Compose files, an optional case.json
/// (<c>files</c>, <c>profiles</c>, <c>env</c> for the shell, <c>v1</c>: why docker-compose 1.29 cannot read it)
/// and expected.json, the resolved model written by hand from the Compose Specification ("&lt;case&gt;" stands for the
/// case's directory).
/// </summary>
internal static class ComposeCorpus
{
    public static string Root => Path.Combine(RepoPaths.Root, "tests", "compose-corpus");

    public static IEnumerable<string> CaseNames() =>
        System.IO.Directory.GetDirectories(Root).Order(StringComparer.Ordinal).Select(directory => Path.GetFileName(directory));

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in CaseNames())
        {
            data.Add(name);
        }
        return data;
    }

    public sealed record CaseOptions(IReadOnlyList<string> Files, IReadOnlyList<string> Profiles, Dictionary<string, string> Environment, string? V1Limitation);

    public static string Directory(string name) => Path.Combine(Root, name);

    public static CaseOptions Options(string name)
    {
        var path = Path.Combine(Directory(name), "case.json");
        if (!File.Exists(path))
        {
            return new CaseOptions([], [], new Dictionary<string, string>(StringComparer.Ordinal), null);
        }
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        return new CaseOptions(
            json["files"]?.AsArray().Select(file => file!.GetValue<string>()).ToList() ?? [],
            json["profiles"]?.AsArray().Select(profile => profile!.GetValue<string>()).ToList() ?? [],
            ConformanceData.Strings(json["env"]),
            json["v1"]?.GetValue<string>());
    }

    /// <summary>Loads a case with only its own environment (plus PATH and HOME), so the machine's variables do not leak in.</summary>
    public static ComposeLoadResult Load(string name)
    {
        var options = Options(name);
        var environment = new Dictionary<string, string>(options.Environment, StringComparer.Ordinal)
        {
            ["HOME"] = "/nonexistent-home",
        };
        return ComposeProjectLoader.Load(new ComposeLoadOptions
        {
            WorkingDirectory = Directory(name),
            Files = options.Files,
            Profiles = options.Profiles,
            Environment = environment,
        });
    }

    public static string Expected(string name) =>
        File.ReadAllText(Path.Combine(Directory(name), "expected.json")).Replace("<case>", Directory(name), StringComparison.Ordinal).TrimEnd();
}
