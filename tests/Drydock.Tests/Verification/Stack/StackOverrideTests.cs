using Drydock.Tests.Compose;
using Drydock.Verification.Stack;
using Drydock.Yaml;

namespace Drydock.Tests.Verification.Stack;

public sealed class StackOverrideTests
{
    private const string Compose = """
        services:
          api:
            build: .
            networks: [front, default]
          worker:
            build: ./worker
            image: team/worker:1.2
          cache:
            image: drydock-base/redis:7.0
            network_mode: host
        networks:
          front: {}
          shared:
            external: true
        volumes:
          data: {}
          outside:
            external: true
        """;

    [Fact]
    public void Every_service_network_and_volume_the_run_creates_is_labelled_with_the_run()
    {
        using var project = new ComposeTestProject(Compose);
        var model = project.Load().GetProjectOrThrow();
        var yaml = StackOverride.Generate(model, "abc123", fileVersion: null);
        var root = (YamlMapping)YamlLoader.Load(yaml, "override.yaml").Root!;

        var services = (YamlMapping)root["services"]!;
        services.Entries.Select(entry => entry.Key.Value).ShouldBe(["api", "worker", "cache"], ignoreOrder: true);
        foreach (var entry in services.Entries)
        {
            ((YamlScalar)((YamlMapping)((YamlMapping)entry.Value)["labels"]!)["io.drydock.run"]!).Value.ShouldBe("abc123");
        }
        ((YamlMapping)root["networks"]!).Entries.Select(entry => entry.Key.Value).ShouldBe(["front", "default"], ignoreOrder: true, "external networks are not ours to label");
        ((YamlMapping)root["volumes"]!).Entries.Select(entry => entry.Key.Value).ShouldBe(["data"]);
        root["version"].ShouldBeNull();
    }

    [Fact]
    public void A_built_service_without_an_image_gets_a_stable_name_so_the_next_run_reuses_it()
    {
        using var project = new ComposeTestProject(Compose, directoryName: "My Shop");
        var model = project.Load().GetProjectOrThrow();
        var services = (YamlMapping)((YamlMapping)YamlLoader.Load(StackOverride.Generate(model, "run1", null), "o.yaml").Root!)["services"]!;

        ((YamlScalar)((YamlMapping)services["api"]!)["image"]!).Value.ShouldBe("drydock-verify/myshop-api:latest");
        ((YamlMapping)services["worker"]!)["image"].ShouldBeNull("an image: the user named is kept");
        StackOverride.Generate(model, "run2", null).ShouldContain("drydock-verify/myshop-api:latest");
    }

    [Fact]
    public void A_fixed_container_name_is_made_unique_to_the_run()
    {
        using var project = new ComposeTestProject("services:\n  db:\n    image: drydock-base/redis:7.0\n    container_name: shop-db\n  web:\n    image: drydock-base/busybox:1.35\n");
        var services = (YamlMapping)((YamlMapping)YamlLoader.Load(StackOverride.Generate(project.Load().GetProjectOrThrow(), "r42", null), "o.yaml").Root!)["services"]!;
        ((YamlScalar)((YamlMapping)services["db"]!)["container_name"]!).Value.ShouldBe("shop-db-ddr42");
        ((YamlMapping)services["web"]!)["container_name"].ShouldBeNull();
    }

    [Theory]
    [InlineData("2", false)]
    [InlineData("2.0", false)]
    [InlineData("2.1", true)]
    [InlineData("3.2", false)]
    [InlineData("3.8", true)]
    public void Old_file_formats_get_their_version_repeated_and_no_resource_labels_they_cannot_hold(string version, bool labelsNetworks)
    {
        using var project = new ComposeTestProject($"version: \"{version}\"\n" + Compose);
        var model = project.Load().GetProjectOrThrow();
        var root = (YamlMapping)YamlLoader.Load(StackOverride.Generate(model, "r", version), "o.yaml").Root!;
        ((YamlScalar)root["version"]!).Value.ShouldBe(version);
        (root["networks"] is not null).ShouldBe(labelsNetworks);
    }

    [Theory]
    [InlineData("notes", "a1b2c3", "notes-dda1b2c3")]
    [InlineData("My.App!", "r", "myapp-ddr")]
    [InlineData("---", "r", "drydock-r")]
    public void Run_project_names_follow_compose_rules_and_carry_the_run_id(string name, string runId, string expected) =>
        StackRun.UniqueProjectName(name, runId).ShouldBe(expected);
}
