using System.Security.Cryptography;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Conformance;

/// <summary>The vendored conformance data is complete and, where the shared copy exists, identical to it.</summary>
public sealed class VendoredDataTests
{
    [Fact]
    public void Every_data_set_is_present()
    {
        foreach (var set in new[] { "dockerfile-parser", "shell-expansion", "dockerignore", "compose-interpolation", "dotenv", "LICENSES" })
        {
            Directory.Exists(Path.Combine(RepoPaths.Conformance, set)).ShouldBeTrue($"{set} is missing from {RepoPaths.Conformance}");
        }
        Directory.GetDirectories(Path.Combine(RepoPaths.Conformance, "dockerfile-parser", "cases")).Length.ShouldBe(33);
    }

    [Fact]
    public void Vendored_copy_matches_the_shared_data_when_it_is_there()
    {
        if (RepoPaths.SharedConformance is not { } shared)
        {
            return; // A clone without the shared folder beside it: the vendored copy is the data.
        }
        var vendored = Files(RepoPaths.Conformance);
        var upstream = Files(shared);
        vendored.Keys.ShouldBe(upstream.Keys, ignoreOrder: true, customMessage: "tests/conformance differs from ../shared/conformance: copy it again");
        foreach (var (path, hash) in upstream)
        {
            vendored[path].ShouldBe(hash, $"{path} differs from ../shared/conformance");
        }
    }

    private static Dictionary<string, string> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(
            path => Path.GetRelativePath(root, path).Replace('\\', '/'),
            path => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))),
            StringComparer.Ordinal);
}
