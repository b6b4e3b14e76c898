using Drydock.Catalog;
using Drydock.Findings;
using Drydock.Images.Analysis;
using Drydock.Images.Rules;
using Drydock.Images.Sources;

namespace Drydock.Tests.Images;

/// <summary>Each IM rule with a case that must fire and one that must not, on synthetic images.</summary>
public sealed class ImageRuleTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n";

    private static ImageAnalysis Image(ContainerConfig container, params TarItem[] files) =>
        ImageAnalyzer.Analyze(LayerTars.Content(LayerTars.Config(container, ("COPY . /", false)), LayerTars.Tar([TarItem.Text("etc/passwd", Passwd), .. files])));

    private static ImageAnalysis Image(params TarItem[] files) => Image(new ContainerConfig { User = "app", Cmd = ["/app/server"] }, files);

    private static List<Finding> Run(IRule<ImageRuleContext> rule, ImageAnalysis image, ImageRuleOptions? options = null) =>
        rule.Check(new ImageRuleContext(image, options ?? ImageRuleOptions.Default)).ToList();

    [Fact]
    public void Every_rule_is_in_the_catalog_with_help_and_a_unique_id()
    {
        var ids = ImageRules.All.Select(rule => rule.Descriptor.Id).ToList();
        ids.ShouldBe(Enumerable.Range(1, 10).Select(i => $"IM{i:000}").ToList());
        foreach (var rule in ImageRules.All)
        {
            RuleCatalog.Find(rule.Descriptor.Id).ShouldBe(rule.Descriptor);
            rule.Descriptor.Help.Length.ShouldBeGreaterThan(60);
            rule.Descriptor.Title.ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Theory]
    [InlineData(null, true, "no USER is set")]
    [InlineData("root", true, "USER root")]
    [InlineData("0:0", true, "USER 0:0")]
    [InlineData("app", false, null)]
    [InlineData("1000:1000", false, null)]
    public void IM001_root_user(string? user, bool fires, string? detail)
    {
        var findings = Run(new RunsAsRootRule(), Image(new ContainerConfig { User = user }));
        findings.Count.ShouldBe(fires ? 1 : 0);
        if (fires)
        {
            findings[0].Message.ShouldBe($"The image runs as root ({detail}).");
        }
    }

    [Fact]
    public void IM002_no_healthcheck_or_disabled()
    {
        Run(new NoHealthcheckRule(), Image(new ContainerConfig())).Single().Message.ShouldBe("The image defines no HEALTHCHECK.");
        Run(new NoHealthcheckRule(), Image(new ContainerConfig { Healthcheck = new HealthcheckConfig { Test = ["NONE"] } })).Single().Message.ShouldContain("HEALTHCHECK NONE");
        Run(new NoHealthcheckRule(), Image(new ContainerConfig { Healthcheck = new HealthcheckConfig { Test = ["CMD", "drydock-probe", "http://127.0.0.1:8080/health"] } })).ShouldBeEmpty();
    }

    [Fact]
    public void IM003_secret_env_is_reported_without_its_value()
    {
        var image = Image(new ContainerConfig { Env = ["PATH=/usr/bin", "API_TOKEN=supersecretvalue123", "DB_PASSWORD_FILE=/run/secrets/db", "EMPTY_SECRET="] });
        var finding = Run(new SecretInEnvironmentRule(), image).Single();
        finding.Message.ShouldBe("ENV API_TOKEN holds a secret-looking value (<redacted, 19 characters>).");
        finding.Message.ShouldNotContain("supersecret");
        finding.Severity.ShouldBe(Severity.Error);
    }

    [Fact]
    public void IM004_private_keys_and_credential_files()
    {
        var image = Image(
            TarItem.Text("root/.ssh/id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n"),
            TarItem.Text("app/.env", "SECRET=1\n"),
            TarItem.Text("app/.env.example", "SECRET=\n"),
            TarItem.Text("etc/ssl/certs/ca.pem", "-----BEGIN CERTIFICATE-----\n"));
        Run(new SecretFileRule(), image).Select(finding => finding.Message).ShouldBe(
        [
            "/app/.env is a .env file (layer 0).",
            "/root/.ssh/id_ed25519 is a private key (layer 0).",
        ]);
        Run(new SecretFileRule(), Image(TarItem.Text("app/config.json", "{}"))).ShouldBeEmpty();
    }

    [Fact]
    public void IM005_setuid_and_setgid_files()
    {
        var image = Image(
            TarItem.File("usr/bin/su", 10, mode: 0b100_111_101_101),
            TarItem.File("usr/bin/wall", 10, mode: 0b010_111_101_101),
            TarItem.File("usr/bin/ls", 10, mode: 0b111_101_101));
        Run(new SetuidFileRule(), image).Select(finding => finding.Message).ShouldBe(
        [
            "/usr/bin/su is setuid (mode 4755, owner 0:0).",
            "/usr/bin/wall is setgid (mode 2755, owner 0:0).",
        ]);
    }

    [Fact]
    public void IM006_world_writable_outside_tmp_and_capped()
    {
        var image = Image(
            TarItem.Dir("tmp/", mode: 0b001_111_111_111),
            TarItem.File("tmp/scratch", 1, mode: 0b110_110_110),
            TarItem.Dir("app/", mode: 0b111_111_111),
            TarItem.File("app/settings.json", 5, mode: 0b110_110_110),
            TarItem.Symlink("app/link", "settings.json"));
        Run(new WorldWritableRule(), image).Select(finding => finding.Message).ShouldBe(
        [
            "/app is world-writable (drwxrwxrwx).",
            "/app/settings.json is world-writable (-rw-rw-rw-).",
        ]);
        var many = Image([.. Enumerable.Range(0, 25).Select(i => TarItem.File($"data/f{i:00}", 1, mode: 0b110_110_110))]);
        var capped = Run(new WorldWritableRule(), many, new ImageRuleOptions { MaxFindingsPerRule = 3 });
        capped.Count.ShouldBe(4);
        capped[^1].Message.ShouldBe("… and 22 more world-writable paths (run `drydock inspect --files` to list them).");
    }

    [Fact]
    public void IM007_package_caches_with_their_size()
    {
        var image = Image(
            TarItem.File("var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4", 3000),
            TarItem.File("var/lib/apt/lists/lock", 0),
            TarItem.File("root/.cache/pip/http/a/b/c", 1500),
            TarItem.File("root/.cache/pip/http/a/b/d", 500),
            TarItem.File("home/app/.nuget/packages/newtonsoft.json/13.0.3/lib.dll", 700));
        Run(new PackageCacheRule(), image).Select(finding => finding.Message).ShouldBe(
        [
            "The NuGet package cache is still in the image: 700 B in 1 file under /home/app/.nuget/packages.",
            "The apt package lists are still in the image: 3 kB in 1 file under /var/lib/apt/lists.",
            "The pip cache is still in the image: 2 kB in 2 files under /root/.cache/pip.",
        ]);
        Run(new PackageCacheRule(), Image(TarItem.File("var/lib/apt/lists/lock", 0))).ShouldBeEmpty();
    }

    [Fact]
    public void IM008_build_tools_only_in_an_image_that_runs_an_application()
    {
        TarItem[] tools = [TarItem.File("usr/bin/x86_64-linux-gnu-gcc-12", 10, mode: 0b111_101_101), TarItem.Symlink("usr/bin/gcc", "gcc-12"), TarItem.File("usr/share/dotnet/sdk/10.0.100/dotnet.dll", 10)];
        var app = Image(new ContainerConfig { Cmd = ["dotnet", "/app/api.dll"] }, tools);
        Run(new BuildToolsRule(), app).Select(finding => finding.Message).ShouldBe(
        [
            "The image runs 'dotnet /app/api.dll' but still contains a C/C++ compiler (/usr/bin/gcc).",
            "The image runs 'dotnet /app/api.dll' but still contains the .NET SDK (/usr/share/dotnet/sdk/10.0.100/dotnet.dll).",
        ]);
        Run(new BuildToolsRule(), Image(new ContainerConfig { Cmd = ["/bin/sh"] }, tools)).ShouldBeEmpty();
        Run(new BuildToolsRule(), Image(new ContainerConfig { Entrypoint = ["dotnet"], Cmd = ["build"] }, tools)).ShouldBeEmpty();
        Run(new BuildToolsRule(), Image(new ContainerConfig { Cmd = ["/app/server"] }, TarItem.File("usr/bin/python3", 10))).ShouldBeEmpty();
    }

    [Fact]
    public void IM009_sources_only_where_the_configuration_forbids_them()
    {
        var image = Image(
            TarItem.Text("app/main.py", "print(1)"),
            TarItem.Text("app/pkg/util.py", "x = 1"),
            TarItem.File("app/pkg/__pycache__/util.cpython-311.pyc", 10),
            TarItem.Text("usr/lib/python3.11/os.py", "..."));
        Run(new InterpretedSourcesRule(), image).ShouldBeEmpty();
        var finding = Run(new InterpretedSourcesRule(), image, new ImageRuleOptions { NoSourcesUnder = ["/app/"] }).Single();
        finding.Message.ShouldBe("2 .py source files are under /app, which must hold none (e.g. /app/main.py).");
        Run(new InterpretedSourcesRule(), image, new ImageRuleOptions { NoSourcesUnder = ["/srv"] }).ShouldBeEmpty();
    }

    [Fact]
    public void IM010_wasted_bytes_above_the_limit()
    {
        var content = LayerTars.Content(
            LayerTars.Config(new ContainerConfig(), ("ADD big", false), ("RUN rm big", false)),
            LayerTars.Tar(TarItem.File("big.bin", 300_000), TarItem.File("keep", 100)),
            LayerTars.Tar(TarItem.Whiteout("big.bin")));
        var image = ImageAnalyzer.Analyze(content);
        image.WastedBytes.ShouldBe(300_000);
        Run(new WastedBytesRule(), image).ShouldBeEmpty();
        Run(new WastedBytesRule(), image, new ImageRuleOptions { MaxWastedBytes = 100_000 }).Single().Message.ShouldBe(
            "The image wastes 300 kB (limit 100 kB, efficiency 0.0%): largest is /big.bin (300 kB in 2 layers).");
    }
}
