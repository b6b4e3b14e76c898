using System.Formats.Tar;
using System.Text.Json;
using Drydock.Images.Analysis;
using Drydock.Images.Assertions;
using Drydock.Images.Layers;
using Drydock.Images.Sources;
using Drydock.Tests.TestSupport;
using Drydock.Yaml;

namespace Drydock.Tests.Images;

/// <summary>
/// Every assertion kind of <c>metadata</c>, <c>files</c> and <c>efficiency</c>, passing and failing, on a hand-made
/// image whose config and layers are known byte for byte; then <c>drydock inspect --expect</c> end to end on it as an
/// OCI layout (exit codes, junit, .dive-ci, errors at file:line:column).
/// </summary>
public sealed class ImageAssertionTests : IDisposable
{
    private const string Conf = "mode=production\nlisten=8080\n";
    private const int Big = 5_000;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"drydock-assert-{Guid.NewGuid():N}");

    public ImageAssertionTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    private static ContainerConfig Container => new()
    {
        User = "1000:1000",
        Env = ["PATH=/usr/local/bin:/usr/bin", "APP_VERSION=1.2.3", "EMPTY="],
        Labels = new() { ["org.opencontainers.image.source"] = "https://example.com/app", ["tier"] = "web" },
        ExposedPorts = new() { ["8080/tcp"] = EmptyObject, ["53/udp"] = EmptyObject },
        Entrypoint = ["/bin/tool"],
        Cmd = ["serve", "--port", "8080"],
        WorkingDir = "/app",
        Volumes = new() { ["/data"] = EmptyObject },
        Healthcheck = new HealthcheckConfig { Test = ["CMD", "/bin/tool", "health"], Interval = 5_000_000_000 },
    };

    private static byte[][] LayerTarsOfImage =>
    [
        LayerTars.Tar(
            TarItem.Dir("bin/"),
            TarItem.File("bin/tool", 1_000, mode: 0b111_101_101),
            TarItem.Dir("etc/"),
            new TarItem("etc/app.conf", TarEntryType.RegularFile, System.Text.Encoding.UTF8.GetBytes(Conf), Mode: 0b110_100_000, Uid: 1000, Gid: 1000),
            TarItem.Dir("usr/bin/"),
            TarItem.Symlink("usr/bin/python", "python3"),
            TarItem.Dir("app/"),
            TarItem.Text("app/a.py", "print('a')\n"),
            TarItem.Text("app/b.py", "print('b')\n"),
            TarItem.Dir("data/"),
            TarItem.File("data/big", Big)),
        LayerTars.Tar(
            TarItem.Dir("data/"),
            TarItem.File("data/big", Big),
            TarItem.Text("app/c.txt", "c\n")),
    ];

    private static ImageAnalysis Analyze(IReadOnlySet<string>? capture = null)
    {
        var options = capture is null ? LayerScanOptions.Default : LayerScanOptions.Default with { CapturePaths = capture };
        var config = LayerTars.Config(Container, ("base", false), ("app", false));
        var layers = LayerTarsOfImage.Select((tar, i) => new ImageLayerBlob($"sha256:{i:x64}", null, tar.Length, LayerTars.Scan(tar, options))).ToList();
        return ImageAnalyzer.Analyze(new ImageContent("test-image", ImageSourceKind.Archive, config, layers));
    }

    private static ImageAssertions Parse(string yaml) =>
        ImageAssertionParser.Read((YamlMapping)YamlLoader.Load(yaml, "expect.yml").Root!, "expectations", ImageAssertionParser.TopKeys);

    private static IReadOnlyList<AssertionResult> Evaluate(string yaml)
    {
        var assertions = Parse(yaml);
        var image = Analyze(assertions.ContentPaths.Count > 0 ? new HashSet<string>(assertions.ContentPaths) : null);
        return ImageAssertionEvaluator.Evaluate(image, assertions, ImageAssertionEvaluator.CapturedContent(image));
    }

    /// <summary>Each YAML holds one assertion; it must give one result, passed as expected.</summary>
    [Theory]
    // metadata: env exact and regex, labels, ports, entrypoint, cmd, workdir, user, volumes, health check
    [InlineData("metadata: {env: [{key: APP_VERSION, value: 1.2.3}]}", true)]
    [InlineData("metadata: {env: [{key: APP_VERSION, value: 1.2.4}]}", false)]
    [InlineData("metadata: {env: [{key: APP_VERSION, matches: '^1\\.2\\.'}]}", true)]
    [InlineData("metadata: {env: [{key: APP_VERSION, matches: '^2\\.'}]}", false)]
    [InlineData("metadata: {env: [{key: EMPTY, value: ''}]}", true)]
    [InlineData("metadata: {env: [{key: PATH}]}", true)]
    [InlineData("metadata: {env: [{key: HOME}]}", false)]
    [InlineData("metadata: {labels: [{key: org.opencontainers.image.source, value: 'https://example.com/app'}]}", true)]
    [InlineData("metadata: {labels: [{key: tier, matches: '^(web|api)$'}]}", true)]
    [InlineData("metadata: {labels: [{key: tier, value: api}]}", false)]
    [InlineData("metadata: {labels: [{key: maintainer}]}", false)]
    [InlineData("metadata: {exposed_ports: [8080]}", true)]
    [InlineData("metadata: {exposed_ports: [53/udp]}", true)]
    [InlineData("metadata: {exposed_ports: [53]}", false)]
    [InlineData("metadata: {unexposed_ports: [22]}", true)]
    [InlineData("metadata: {unexposed_ports: [8080/tcp]}", false)]
    [InlineData("metadata: {entrypoint: [/bin/tool]}", true)]
    [InlineData("metadata: {entrypoint: []}", false)]
    [InlineData("metadata: {cmd: [serve, --port, '8080']}", true)]
    [InlineData("metadata: {cmd: [serve]}", false)]
    [InlineData("metadata: {workdir: /app}", true)]
    [InlineData("metadata: {workdir: /srv}", false)]
    [InlineData("metadata: {user: '1000:1000'}", true)]
    [InlineData("metadata: {user: root}", false)]
    [InlineData("metadata: {volumes: [/data]}", true)]
    [InlineData("metadata: {volumes: [/var/lib/app]}", false)]
    [InlineData("metadata: {healthcheck: present}", true)]
    [InlineData("metadata: {healthcheck: absent}", false)]
    // files: existence, mode (octal and ls form), owner, size bounds, symlink target, content, listing
    [InlineData("files: [{path: /bin/tool}]", true)]
    [InlineData("files: [{path: /bin/nothing}]", false)]
    [InlineData("files: [{path: /bin/nothing, exists: false}]", true)]
    [InlineData("files: [{path: /etc/app.conf, exists: false}]", false)]
    [InlineData("files: [{path: /bin/tool, mode: '0755'}]", true)]
    [InlineData("files: [{path: /bin/tool, mode: '0644'}]", false)]
    [InlineData("files: [{path: /etc/app.conf, mode: '-rw-r-----'}]", true)]
    [InlineData("files: [{path: /etc/app.conf, mode: 'drw-r-----'}]", false)]
    [InlineData("files: [{path: /etc/app.conf, owner: '1000:1000'}]", true)]
    [InlineData("files: [{path: /etc/app.conf, owner: 0}]", false)]
    [InlineData("files: [{path: /bin/tool, min_size: 1kB}]", true)]
    [InlineData("files: [{path: /bin/tool, min_size: 2kB}]", false)]
    [InlineData("files: [{path: /bin/tool, max_size: 1000}]", true)]
    [InlineData("files: [{path: /bin/tool, max_size: 999}]", false)]
    [InlineData("files: [{path: /usr/bin/python, link_target: python3}]", true)]
    [InlineData("files: [{path: /usr/bin/python, link_target: python2}]", false)]
    [InlineData("files: [{path: /bin/tool, link_target: python3}]", false)]
    [InlineData("files: [{path: /etc/app.conf, contains: ['^mode=production$|listen=8080']}]", true)]
    [InlineData("files: [{path: /etc/app.conf, contains: ['mode=debug']}]", false)]
    [InlineData("files: [{path: /etc/app.conf, excludes: ['password']}]", true)]
    [InlineData("files: [{path: /etc/app.conf, excludes: ['listen=\\d+']}]", false)]
    [InlineData("files: [{path: /app, contains: [x]}]", false)]
    [InlineData("files: [{path: /app, listing: [a.py, c.txt]}]", true)]
    [InlineData("files: [{path: /app, listing: [a.py, main.py]}]", false)]
    [InlineData("files: [{path: /app, listing: [a.py, b.py, c.txt], listing_exact: true}]", true)]
    [InlineData("files: [{path: /app, listing: [a.py, b.py], listing_exact: true}]", false)]
    [InlineData("files: [{path: /bin/tool, listing: [x]}]", false)]
    // efficiency: dive's CI rules (the second layer overwrites /data/big: 2 x 5000 bytes wasted)
    [InlineData("efficiency: {lowest_efficiency: 0.1}", true)]
    [InlineData("efficiency: {lowest_efficiency: 0.9}", false)]
    [InlineData("efficiency: {highest_wasted_bytes: 10kB}", true)]
    [InlineData("efficiency: {highest_wasted_bytes: 9999}", false)]
    [InlineData("efficiency: {highest_user_wasted_percent: 2}", true)]
    [InlineData("efficiency: {highest_user_wasted_percent: 0.5}", false)]
    public void Each_assertion_kind_passes_and_fails(string yaml, bool passes)
    {
        var results = Evaluate(yaml);
        // An existence check comes first for a file that must exist; the assertion under test is the last result.
        var result = results[^1];
        result.Passed.ShouldBe(passes, $"{result.Name}: {result.Detail}");
        results.Count.ShouldBeInRange(1, 2, string.Join("\n", results));
        if (results.Count == 2)
        {
            results[0].Name.ShouldEndWith(" exists");
            results[0].Passed.ShouldBeTrue();
        }
    }

    [Fact]
    public void Efficiency_figures_are_dives()
    {
        var image = Analyze();
        image.WastedBytes.ShouldBe(2 * Big);
        // dive: wasted bytes over every layer but the first.
        var userSize = image.Layers.Skip(1).Sum(layer => layer.Size);
        userSize.ShouldBe(Big + 2);
        ImageAssertionEvaluator.UserWastedRatio(image).ShouldBe(2.0 * Big / (Big + 2), 1e-9);
    }

    [Fact]
    public void A_dive_ci_file_reads_dives_rules_and_disabled()
    {
        var path = Path.Combine(_directory, ".dive-ci");
        File.WriteAllText(path, "rules:\n  lowestEfficiency: 0.95\n  highestWastedBytes: 20MB\n  highestUserWastedPercent: disabled\n");
        var thresholds = ImageAssertionParser.LoadDiveCi(path);
        thresholds.LowestEfficiency.ShouldBe(0.95);
        thresholds.HighestWastedBytes.ShouldBe(20_000_000);
        thresholds.HighestUserWastedPercent.ShouldBeNull();
        ImageAssertionParser.IsDiveCi(path).ShouldBeTrue();
        File.WriteAllText(path, "rules:\n  lowestEfficency: 0.95\n");
        Should.Throw<DrydockException>(() => ImageAssertionParser.LoadDiveCi(path)).Span!.Value.Line.ShouldBe(2);
    }

    [Theory]
    [InlineData("files: [{path: /x, mode: '0999'}]", 1, 26)]
    [InlineData("metadata:\n  labels: [{key: a, matchs: b}]\n", 2, 21)]
    [InlineData("files:\n  - path: /x\n    contains: ['(']\n", 3, 16)]
    [InlineData("efficiency: {lowest_efficiency: 1.5}", 1, 33)]
    [InlineData("files: [{path: relative}]", 1, 16)]
    [InlineData("metadata: {healthcheck: maybe}", 1, 25)]
    [InlineData("files: [{path: /x, exists: false, mode: '0755'}]", 1, 35)]
    public void Mistakes_are_reported_at_their_line_and_column(string yaml, int line, int column)
    {
        var error = Should.Throw<DrydockException>(() => Parse(yaml));
        error.Span.ShouldNotBeNull();
        (error.Span!.Value.Line, error.Span.Value.Column).ShouldBe((line, column), error.Message);
    }

    [Fact]
    public async Task Inspect_expect_exits_0_when_all_pass_1_when_any_fails_and_writes_junit()
    {
        var layout = await WriteLayoutAsync();
        var passing = Write("pass.yml", """
            metadata:
              env: [{key: APP_VERSION, matches: '^1\.'}]
              user: '1000:1000'
              healthcheck: present
            files:
              - {path: /etc/app.conf, mode: '0640', owner: '1000:1000', contains: ['mode=production']}
            efficiency: {highest_wasted_bytes: 20kB}
            """);
        var pass = await CliRunner.RunAsync(["inspect", layout, "--expect", passing, "--format", "json"]);
        pass.ExitCode.ShouldBe(0, pass.ToString());
        using (var json = JsonDocument.Parse(pass.StandardOutput))
        {
            var probes = json.RootElement.GetProperty("probes").EnumerateArray().ToList();
            probes.Count.ShouldBe(8);
            probes.ShouldAllBe(probe => probe.GetProperty("status").GetString() == "passed");
        }

        var failing = Write("fail.yml", "files:\n  - {path: /etc/app.conf, excludes: ['listen=']}\nmetadata: {workdir: /srv}\n");
        var fail = await CliRunner.RunAsync(["inspect", layout, "--expect", failing, "--format", "junit"]);
        fail.ExitCode.ShouldBe(1, fail.ToString());
        fail.StandardOutput.ShouldContain("file /etc/app.conf excludes /listen=/");
        fail.StandardOutput.ShouldContain("<failure");
        fail.StandardOutput.ShouldContain("matches at line 2");
        fail.StandardOutput.ShouldContain("metadata workdir /srv");
    }

    [Fact]
    public async Task A_dive_ci_in_the_working_directory_supplies_thresholds_and_can_be_the_expect_file()
    {
        var layout = await WriteLayoutAsync();
        var work = Path.Combine(_directory, "work");
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, ".dive-ci"), "rules:\n  lowestEfficiency: 0.99\n  highestWastedBytes: disabled\n");
        var expect = Write("files.yml", "files: [{path: /bin/tool}]\n");
        var withDiveCi = await CliRunner.RunAsync(["inspect", layout, "--expect", expect], workingDirectory: work);
        withDiveCi.ExitCode.ShouldBe(1, withDiveCi.ToString());
        withDiveCi.StandardOutput.ShouldContain("efficiency >= 0.99 (.dive-ci)");

        // The file's own efficiency: key wins over .dive-ci's.
        var own = Write("own.yml", "efficiency: {lowest_efficiency: 0.1}\n");
        (await CliRunner.RunAsync(["inspect", layout, "--expect", own], workingDirectory: work)).ExitCode.ShouldBe(0);

        var diveCiOnly = await CliRunner.RunAsync(["inspect", layout, "--expect", Path.Combine(work, ".dive-ci")]);
        diveCiOnly.ExitCode.ShouldBe(1, diveCiOnly.ToString());
    }

    [Fact]
    public async Task A_bad_expect_file_exits_2_with_file_line_and_column()
    {
        var layout = await WriteLayoutAsync();
        var bad = Write("bad.yml", "files:\n  - path: /x\n    mode: rwx\n");
        var result = await CliRunner.RunAsync(["inspect", layout, "--expect", bad]);
        result.ExitCode.ShouldBe(2, result.ToString());
        result.StandardError.ShouldContain("bad.yml:3:11");
        (await CliRunner.RunAsync(["inspect", layout, "--expect", Path.Combine(_directory, "missing.yml")])).ExitCode.ShouldBe(2);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<string> WriteLayoutAsync()
    {
        var config = JsonSerializer.SerializeToUtf8Bytes(LayerTars.Config(Container, ("base", false), ("app", false)), ImageJsonContext.Default.ImageConfigFile);
        var layers = LayerTarsOfImage;
        var files = await ImageArchives.OciLayoutAsync(config, layers, [.. layers.Select(_ => BlobCompression.None)], withSaveManifest: false);
        var layout = Path.Combine(_directory, "layout");
        ImageArchives.WriteDirectory(layout, files);
        return layout;
    }
}
