using Drydock.Images.Analysis;
using Drydock.Images.Layers;
using Drydock.Images.Rules;

namespace Drydock.Tests.Images;

/// <summary>What every source must report for the waste fixture image: the values of <see cref="ImageFixtures.Expected"/>.</summary>
public static class WasteImage
{
    public static void ShouldMatch(ImageAnalysis analysis)
    {
        analysis.Layers.Select(layer => layer.Size).ShouldBe(ImageFixtures.Expected.WasteLayers);
        analysis.Size.ShouldBe(ImageFixtures.Expected.WasteSize);
        analysis.WastedBytes.ShouldBe(ImageFixtures.Expected.WastedBytes);
        analysis.Efficiency.ShouldBe(ImageFixtures.Expected.Efficiency, 1e-9);
        analysis.FileSystem.Waste.WastedPaths().ShouldBe(
        [
            new WastedPath("/data/big.bin", 2, ImageFixtures.BigFile),
            new WastedPath("/var/cache/thing/b", 2, ImageFixtures.CacheB),
            new WastedPath("/var/cache/thing/a", 2, ImageFixtures.CacheA),
            new WastedPath("/etc/app/config.txt", 2, ImageFixtures.ConfigV1 + ImageFixtures.ConfigV2),
        ]);
        // The deleted file is gone, the overwritten one has its last content, the opaque directory only its new file.
        analysis.FileSystem.Exists("/data/big.bin").ShouldBeFalse();
        analysis.FileSystem.Get("/etc/app/config.txt")!.Entry.Size.ShouldBe(ImageFixtures.ConfigV2);
        analysis.Match(["/var/cache/thing/*"]).Select(file => file.Path).ShouldBe(["/var/cache/thing/c"]);
        analysis.Layers.Select(layer => layer.Files).ShouldBe([1, 2, 1, 0, 1, 1, 2, 1, 1, 1]);
        string[] steps =
        [
            "COPY file:", "COPY multi:", "COPY file:", "/bin/busybox rm /data/big.bin", "COPY file:", "COPY file:", "COPY dir:",
            "/bin/busybox sh -c /bin/busybox rm -rf /var/cache/thing", "ADD file:", "COPY file:",
        ];
        var createdBy = analysis.Layers.Select(layer => InspectReport.CreatedBy(layer.CreatedBy)).ToList();
        createdBy.Count.ShouldBe(steps.Length);
        for (var i = 0; i < steps.Length; i++)
        {
            createdBy[i].ShouldStartWith(steps[i]);
        }
        var tool = analysis.FileSystem.Get("/usr/local/bin/tool")!.Entry;
        FileModes.Octal(tool.Mode).ShouldBe("4755");
        analysis.Config.User.ShouldBe(new ImageUser(string.Empty, "root", 0, 0));
        analysis.Config.Environment.Single(variable => variable.Name == "API_TOKEN").DisplayValue.ShouldBe("<redacted, 19 characters>");
        analysis.Config.Cmd.ShouldBe(["/usr/local/bin/tool"]);
        ImageRules.Run(analysis).Select(finding => finding.Rule.Id).Order().ShouldBe(["IM001", "IM002", "IM003", "IM005", "IM006"]);
        ImageRules.Run(analysis, new ImageRuleOptions { MaxWastedBytes = 300_000 }).Select(finding => finding.Rule.Id).ShouldContain("IM010");
    }
}
