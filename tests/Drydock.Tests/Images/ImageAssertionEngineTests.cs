using Drydock.Images.Assertions;
using Drydock.Tests.TestSupport;
using Drydock.Verification.Config;

namespace Drydock.Tests.Images;

/// <summary><c>drydock inspect IMAGE --expect</c> through the real engine, and drydock.yml's <c>image:</c> assertions with a .dive-ci beside it.</summary>
[Trait("Category", EngineFixture.Category)]
public sealed class ImageAssertionEngineTests(EngineFixture engine, ImageFixtures images) : IClassFixture<EngineFixture>, IClassFixture<ImageFixtures>, IDisposable
{
    private readonly EngineFixture _engine = engine;
    private readonly string _directory = Directory.CreateTempSubdirectory("drydock-assert-engine-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Engine_images_pass_and_fail_their_assertions()
    {
        _ = _engine;
        var passing = Write("clean.yml", """
            metadata:
              user: app
              exposed_ports: [8080]
              unexposed_ports: [22]
              healthcheck: present
              entrypoint: [/bin/busybox, httpd, -f, -p, "8080"]
            files:
              - {path: /etc/passwd, contains: ['(?m)^app:x:1000:1000:'], excludes: ['^nobody']}
              - {path: /bin/busybox, mode: '0755', min_size: 100kB}
              - {path: /app, listing: [main.py]}
              - {path: /root, exists: false}
            """);
        var pass = await CliRunner.RunAsync(["inspect", images.CleanImage, "--expect", passing]);
        pass.ExitCode.ShouldBe(0, pass.ToString());

        // The waste image: root, no health check, a secret in ENV and 313 kB wasted.
        var failing = Write("waste.yml", """
            metadata:
              healthcheck: absent
              env: [{key: APP_MODE, value: production}]
            efficiency: {highest_wasted_bytes: 100kB}
            """);
        var fail = await CliRunner.RunAsync(["inspect", images.WasteImage, "--expect", failing, "--format", "json"]);
        fail.ExitCode.ShouldBe(1, fail.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(fail.StandardOutput);
        var failed = json.RootElement.GetProperty("probes").EnumerateArray()
            .Where(probe => probe.GetProperty("status").GetString() == "failed")
            .Select(probe => probe.GetProperty("name").GetString()!).ToList();
        failed.ShouldHaveSingleItem().ShouldStartWith("wasted bytes <= "); // only the waste threshold fails
    }

    [Fact]
    public void Drydock_yml_image_section_reads_assertions_and_the_dive_ci_beside_it()
    {
        File.WriteAllText(Path.Combine(_directory, ".dive-ci"), "rules:\n  lowestEfficiency: 0.9\n  highestUserWastedPercent: 0.2\n");
        var path = Write("drydock.yml", """
            services:
              api:
                image:
                  user: non-root
                  metadata: {healthcheck: present}
                  files: [{path: /app/server, mode: '0755'}]
                  efficiency: {lowest_efficiency: 0.5}
            """);
        var image = VerifyConfigParser.Load(path).FindService("api")!.Image!;
        var assertions = image.Assertions.ShouldNotBeNull();
        assertions.Metadata!.Healthcheck.ShouldBe(HealthcheckExpectation.Present);
        assertions.Files.Single().Mode.ShouldBe(Convert.ToInt32("755", 8));
        assertions.Efficiency!.LowestEfficiency.ShouldBe(0.5); // drydock.yml wins over .dive-ci
        assertions.Efficiency.HighestUserWastedPercent.ShouldBe(0.2);
        assertions.Efficiency.HighestWastedBytes.ShouldBeNull();
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
