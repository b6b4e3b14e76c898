using System.Text.Json;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Images;

/// <summary><c>drydock inspect</c> end to end, in-process, on the fixture images.</summary>
[Trait("Category", EngineFixture.Category)]
public sealed class InspectCommandTests(EngineFixture engine, ImageFixtures images) : IClassFixture<EngineFixture>, IClassFixture<ImageFixtures>
{
    private readonly EngineFixture _engine = engine;

    [Fact]
    public async Task Json_has_exactly_the_documented_shape_and_the_measured_values()
    {
        var result = await CliRunner.RunAsync(["inspect", images.WasteArchive, "--format", "json", "--files", "/etc/app/*", "/usr/local/bin/*", "--top", "3"]);
        result.ExitCode.ShouldBe(1, result.ToString());
        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        root.EnumerateObject().Select(property => property.Name).ShouldBe(
            ["schemaVersion", "image", "source", "size", "layers", "wastedBytes", "efficiency", "config", "files", "largest", "findings"]);
        root.GetProperty("schemaVersion").GetInt32().ShouldBe(1);
        root.GetProperty("image").GetString().ShouldBe(images.WasteArchive);
        root.GetProperty("source").GetString().ShouldBe("archive");
        root.GetProperty("size").GetInt64().ShouldBe(ImageFixtures.Expected.WasteSize);
        root.GetProperty("wastedBytes").GetInt64().ShouldBe(ImageFixtures.Expected.WastedBytes);
        root.GetProperty("efficiency").GetDouble().ShouldBe(ImageFixtures.Expected.Efficiency, 1e-6);

        var layers = root.GetProperty("layers").EnumerateArray().ToList();
        layers[0].EnumerateObject().Select(property => property.Name).ShouldBe(["digest", "size", "compressedSize", "createdBy", "files"]);
        var real = layers.Where(layer => layer.GetProperty("digest").ValueKind == JsonValueKind.String).ToList();
        real.Select(layer => layer.GetProperty("size").GetInt64()).ShouldBe(ImageFixtures.Expected.WasteLayers);
        var empty = layers.Where(layer => layer.GetProperty("digest").ValueKind == JsonValueKind.Null).ToList();
        empty.Select(layer => layer.GetProperty("createdBy").GetString()!).ShouldAllBe(step => step.Contains("#(nop)"));
        empty.ShouldAllBe(layer => layer.GetProperty("size").GetInt64() == 0 && layer.GetProperty("files").GetInt32() == 0);

        var config = root.GetProperty("config");
        config.EnumerateObject().Select(property => property.Name).ShouldBe(["user", "exposedPorts", "healthcheck", "entrypoint", "cmd"]);
        config.GetProperty("user").GetProperty("uid").GetInt32().ShouldBe(0);
        config.GetProperty("healthcheck").ValueKind.ShouldBe(JsonValueKind.Null);
        config.GetProperty("cmd")[0].GetString().ShouldBe("/usr/local/bin/tool");

        var files = root.GetProperty("files").EnumerateArray().ToList();
        files.Select(file => file.GetProperty("path").GetString()).ShouldBe(["/etc/app/config.txt", "/usr/local/bin/tool"]);
        files[1].GetProperty("mode").GetString().ShouldBe("4755");
        files[0].GetProperty("size").GetInt64().ShouldBe(ImageFixtures.ConfigV2);
        files[0].GetProperty("layer").GetInt32().ShouldBe(5);
        root.GetProperty("largest").EnumerateArray().Select(file => file.GetProperty("path").GetString()).ShouldBe(["/bin/busybox", "/etc/app/config.txt", "/var/cache/thing/c"]);

        var findings = root.GetProperty("findings").EnumerateArray().Select(finding => finding.GetProperty("rule").GetString()).ToList();
        findings.ShouldBe(["IM001", "IM002", "IM003", "IM005", "IM006"], ignoreOrder: true);
        result.StandardOutput.ShouldNotContain("supersecretvalue123");
    }

    [Fact]
    public async Task Junit_on_stdout_and_more_formats_into_files_from_one_run()
    {
        var directory = Directory.CreateTempSubdirectory("drydock-inspect-out-").FullName;
        try
        {
            var result = await CliRunner.RunAsync(["inspect", images.WasteArchive, "--format", "junit", "-o", $"sarif={directory}/inspect.sarif", "-o", $"codeclimate={directory}/quality.json"]);
            result.ExitCode.ShouldBe(1, result.ToString());
            var junit = System.Xml.Linq.XDocument.Parse(result.StandardOutput);
            junit.Descendants("testcase").Select(test => test.Attribute("name")!.Value).ShouldContain(name => name.StartsWith("IM001", StringComparison.Ordinal));
            junit.Root!.Attribute("failures")!.Value.ShouldNotBe("0");
            using var sarif = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "inspect.sarif")));
            sarif.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength().ShouldBe(5);
            using var quality = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "quality.json")));
            quality.RootElement.GetArrayLength().ShouldBe(5);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Text_shows_summary_layers_efficiency_largest_matching_files_and_findings()
    {
        var result = await CliRunner.RunAsync(["inspect", images.CleanImage, "--files", "/app/**/*.py", "--no-sources", "/app", "--fail-on", "error"]);
        result.ExitCode.ShouldBe(0, result.ToString());
        var text = result.StandardOutput;
        foreach (var heading in new[] { "Summary", "Configuration", "Layers", "Wasted space", "Largest files (top 10)", "Files matching /app/**/*.py (2)" })
        {
            text.ShouldContain(heading);
        }
        text.ShouldContain("User:          app (uid 1000, gid 1000)");
        text.ShouldContain("Exposed ports: 8080/tcp");
        text.ShouldContain("Efficiency: 100.0% (0 B wasted)");
        text.ShouldContain("/app/pkg/util.py");
        text.ShouldContain($"{images.CleanImage}: warning IM009: 2 .py source files are under /app");
    }

    [Fact]
    public async Task Missing_inputs_and_bad_options_exit_2_with_one_clear_sentence()
    {
        var missingFile = await CliRunner.RunAsync(["inspect", "./no-such-archive.tar"]);
        missingFile.ExitCode.ShouldBe(2);
        missingFile.StandardError.ShouldContain("drydock: error: ./no-such-archive.tar: no such file or directory.");
        var missingImage = await CliRunner.RunAsync(["inspect", "drydock-test/no-such-image:never"]);
        missingImage.ExitCode.ShouldBe(2);
        missingImage.StandardError.ShouldContain("is not in the engine");
        missingImage.StandardError.ShouldContain("drydock: hint:");
        var badGlob = await CliRunner.RunAsync(["inspect", images.WasteArchive, "--files", "/app/[x"]);
        badGlob.ExitCode.ShouldBe(2);
        badGlob.StandardError.ShouldContain("unclosed '['");
        var badSize = await CliRunner.RunAsync(["inspect", images.WasteArchive, "--max-waste", "lots"]);
        badSize.ExitCode.ShouldBe(2);
        badSize.StandardError.ShouldContain("--max-waste lots is not a size.");
        var notAnArchive = Path.Combine(images.WorkDirectory, "not-an-image.tar");
        await File.WriteAllTextAsync(notAnArchive, "just text");
        var bad = await CliRunner.RunAsync(["inspect", notAnArchive]);
        bad.ExitCode.ShouldBe(2);
        bad.StandardError.ShouldNotContain("   at ");
        bad.StandardError.ShouldContain("drydock: error:");
    }

    [Fact]
    public async Task The_waste_limit_turns_waste_into_a_finding()
    {
        var result = await CliRunner.RunAsync(["inspect", images.WasteOciDirectory, "--max-waste", "300kB", "--format", "json"]);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var waste = json.RootElement.GetProperty("findings").EnumerateArray().Single(finding => finding.GetProperty("rule").GetString() == "IM010");
        waste.GetProperty("message").GetString().ShouldBe("The image wastes 314 kB (limit 300 kB, efficiency 86.4%): largest is /data/big.bin (300 kB in 2 layers).");
        json.RootElement.GetProperty("source").GetString().ShouldBe("oci-layout");
        _engine.Client.ShouldNotBeNull();
    }

    [Fact]
    public async Task An_interrupted_inspection_exits_130_without_a_stack_trace()
    {
        using var interrupted = new CancellationTokenSource();
        await interrupted.CancelAsync();
        var result = await CliRunner.RunAsync(["inspect", images.WasteImage], cancellationToken: interrupted.Token);
        result.ExitCode.ShouldBe(130, result.ToString());
        result.StandardError.ShouldBe("drydock: error: interrupted.\n");
    }
}
