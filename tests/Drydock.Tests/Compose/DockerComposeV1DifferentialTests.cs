using Drydock.Compose.Loading;
using Drydock.Compose.Model;
using Drydock.Processes;
using Drydock.Tests.TestSupport;
using Drydock.Yaml;

namespace Drydock.Tests.Compose;

/// <summary>
/// Differential test against Debian's docker-compose 1.29 (<c>docker-compose config</c>, which prints YAML): for every
/// project of the test corpus and every example, the fields both tools agree on — each service's image, environment,
/// ports, volumes, command and depends_on — must be the same. Cases that use what 1.29 cannot read say so in their
/// case.json, and the test checks that 1.29 really refuses them. docker-compose is installed by CI (setup-engine.sh);
/// without it the test fails.
/// </summary>
public sealed class DockerComposeV1DifferentialTests
{
    public static TheoryData<string> Projects
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in ComposeCorpus.CaseNames())
            {
                data.Add("corpus/" + name);
            }
            foreach (var example in Directory.GetDirectories(RepoPaths.Examples).Order(StringComparer.Ordinal))
            {
                if (ComposeFileDiscovery.FindIn(example).Count > 0)
                {
                    data.Add("examples/" + Path.GetFileName(example));
                }
            }
            return data;
        }
    }

    [Fact]
    public async Task Docker_compose_1_29_is_installed()
    {
        var result = await ProcessRunner.RunAsync("docker-compose", ["version", "--short"], new ProcessRunOptions { Timeout = TimeSpan.FromSeconds(60) });
        result.StandardOutput.Trim().ShouldStartWith("1.29");
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public async Task Services_agree_with_docker_compose_v1(string project)
    {
        string directory;
        ComposeCorpus.CaseOptions options;
        if (project.StartsWith("corpus/", StringComparison.Ordinal))
        {
            var name = project["corpus/".Length..];
            directory = ComposeCorpus.Directory(name);
            options = ComposeCorpus.Options(name);
        }
        else
        {
            directory = Path.Combine(RepoPaths.Examples, project["examples/".Length..]);
            options = new ComposeCorpus.CaseOptions([], [], new Dictionary<string, string>(StringComparer.Ordinal), null);
        }

        var arguments = new List<string>();
        foreach (var file in options.Files)
        {
            arguments.AddRange(["-f", file]);
        }
        foreach (var profile in options.Profiles)
        {
            arguments.AddRange(["--profile", profile]);
        }
        arguments.Add("config");
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // Nothing of this machine's Compose settings may leak into either side.
            ["COMPOSE_FILE"] = null,
            ["COMPOSE_PROJECT_NAME"] = null,
            ["COMPOSE_PROFILES"] = null,
            ["HOME"] = "/nonexistent-home",
        };
        foreach (var (key, value) in options.Environment)
        {
            environment[key] = value;
        }
        var ours = ComposeProjectLoader.Load(new ComposeLoadOptions
        {
            WorkingDirectory = directory,
            Files = options.Files,
            Profiles = options.Profiles,
            Environment = new Dictionary<string, string>(options.Environment, StringComparer.Ordinal) { ["HOME"] = "/nonexistent-home" },
        });
        // Variables the files use but the case does not set are unset for docker-compose too, whatever this machine has.
        foreach (var variable in ours.Project?.Variables ?? [])
        {
            environment.TryAdd(variable.Name, null);
        }
        var v1 = await ProcessRunner.RunAsync("docker-compose", arguments, new ProcessRunOptions
        {
            WorkingDirectory = directory,
            Environment = environment,
            Timeout = TimeSpan.FromSeconds(120),
        });

        if (options.V1Limitation is { } limitation)
        {
            v1.Succeeded.ShouldBeFalse($"case.json says '{limitation}', but docker-compose 1.29 accepted the project; remove the 'v1' note.");
            return;
        }
        v1.Succeeded.ShouldBeTrue($"docker-compose config failed: {v1.StandardError}");

        ours.Problems.ShouldBeEmpty(string.Join("\n", ours.Problems));

        // docker-compose 1.29's config lists every service whatever the profiles; keep those the profiles enable.
        var theirs = FromV1(YamlLoader.Load(v1.StandardOutput, "docker-compose-config.yaml").Root as YamlMapping
            ?? throw new InvalidOperationException("docker-compose config printed no mapping"), options.Profiles);
        var mine = ours.Project!.Services.ToDictionary(service => service.Name, FromModel, StringComparer.Ordinal);

        mine.Keys.ShouldBe(theirs.Keys, ignoreOrder: true);
        foreach (var (name, expected) in theirs)
        {
            var actual = mine[name];
            actual.Image.ShouldBe(expected.Image, $"{name}.image");
            actual.Environment.ShouldBe(expected.Environment, ignoreOrder: true, $"{name}.environment");
            actual.Ports.ShouldBe(expected.Ports, ignoreOrder: true, $"{name}.ports");
            actual.Volumes.ShouldBe(expected.Volumes, ignoreOrder: true, $"{name}.volumes");
            actual.Command.ShouldBe(expected.Command, $"{name}.command");
            actual.DependsOn.ShouldBe(expected.DependsOn, ignoreOrder: true, $"{name}.depends_on");
        }
    }

    /// <summary>The fields both tools agree on, in one comparable form.</summary>
    private sealed record Comparable(string? Image, List<string> Environment, List<string> Ports, List<string> Volumes, List<string>? Command, List<string> DependsOn);

    private static Comparable FromModel(ComposeService service) => new(
        service.Image?.Value,
        service.Environment.Select(variable => $"{variable.Name}={variable.Value ?? "<unset>"}").ToList(),
        service.Ports.Select(port => Port(port.HostIp, port.Published, port.Target, port.Protocol)).ToList(),
        service.Volumes.Select(volume => Volume(volume.Type, volume.Source, volume.Target, volume.ReadOnly)).ToList(),
        service.Command?.Words.ToList(),
        service.DependsOn.Select(dependency => $"{dependency.Service}:{dependency.Condition}").ToList());

    private static Dictionary<string, Comparable> FromV1(YamlMapping root, IReadOnlyList<string> activeProfiles)
    {
        var services = new Dictionary<string, Comparable>(StringComparer.Ordinal);
        foreach (var entry in ((YamlMapping)root["services"]!).Entries)
        {
            var service = (YamlMapping)entry.Value;
            var profiles = (service["profiles"] as YamlSequence)?.Items.Select(ComposeNodes.TextOf).ToList() ?? [];
            if (profiles.Count > 0 && !profiles.Any(profile => activeProfiles.Contains(profile!)))
            {
                continue;
            }
            var environment = service["environment"] switch
            {
                YamlMapping map => map.Entries.Select(variable => $"{variable.Key.Value}={Unescape(ComposeNodes.TextOf(variable.Value)) ?? (ComposeNodes.IsNull(variable.Value) ? "<unset>" : string.Empty)}").ToList(),
                _ => [],
            };
            var ports = new List<string>();
            foreach (var port in (service["ports"] as YamlSequence)?.Items ?? [])
            {
                if (port is YamlMapping longPort)
                {
                    ComposeNodes.TryInteger(longPort["target"], out var target);
                    ports.Add(Port(ComposeNodes.TextOf(longPort["host_ip"]), ComposeNodes.TextOf(longPort["published"]), (int)target, ComposeNodes.TextOf(longPort["protocol"]) ?? "tcp"));
                }
                else
                {
                    ports.AddRange(ShortSyntax.ParsePort(ComposeNodes.TextOf(port)!).Select(parsed => Port(parsed.HostIp, parsed.HostPort, parsed.Target, parsed.Protocol)));
                }
            }
            var volumes = new List<string>();
            foreach (var volume in (service["volumes"] as YamlSequence)?.Items ?? [])
            {
                if (volume is YamlMapping longVolume)
                {
                    volumes.Add(Volume(ComposeNodes.TextOf(longVolume["type"])!, ComposeNodes.TextOf(longVolume["source"]), ComposeNodes.TextOf(longVolume["target"])!, ComposeNodes.TryBoolean(longVolume["read_only"], out var readOnly) && readOnly));
                }
                else
                {
                    var parsed = ShortSyntax.ParseVolume(ComposeNodes.TextOf(volume)!);
                    volumes.Add(Volume(parsed.Type, parsed.Source, parsed.Target, parsed.ReadOnly));
                }
            }
            List<string>? command = service["command"] switch
            {
                YamlSequence words => words.Items.Select(word => Unescape(ComposeNodes.TextOf(word)) ?? string.Empty).ToList(),
                YamlScalar text when ShellWords.TryParse(Unescape(ComposeNodes.GoText(text))!, out var split, out _) => split.ToList(),
                _ => null,
            };
            var dependsOn = service["depends_on"] switch
            {
                YamlSequence names => names.Items.Select(name => $"{ComposeNodes.TextOf(name)}:{ComposeDependency.Started}").ToList(),
                YamlMapping map => map.Entries.Select(dependency => $"{dependency.Key.Value}:{ComposeNodes.TextOf((dependency.Value as YamlMapping)?["condition"]) ?? ComposeDependency.Started}").ToList(),
                _ => [],
            };
            services[entry.Key.Value] = new Comparable(Unescape(ComposeNodes.TextOf(service["image"])), environment, ports, volumes, command, dependsOn);
        }
        return services;
    }

    /// <summary>docker-compose writes '$' as '$$' so that its output reads back as a Compose file.</summary>
    private static string? Unescape(string? text) => text?.Replace("$$", "$", StringComparison.Ordinal);

    private static string Port(string? hostIp, string? published, int target, string protocol) =>
        $"{(hostIp is null or "0.0.0.0" ? string.Empty : hostIp)}|{published ?? string.Empty}|{target}|{protocol}";

    private static string Volume(string type, string? source, string target, bool readOnly) =>
        $"{type}|{source ?? string.Empty}|{target}|{(readOnly ? "ro" : "rw")}";
}
