using System.Globalization;
using Drydock.Compose.DotEnv;
using Drydock.Compose.Model;
using Drydock.Text;
using Drydock.Yaml;
using static Drydock.Compose.Loading.ComposeNodes;

namespace Drydock.Compose.Loading;

/// <summary>
/// Turns the resolved tree into the typed <see cref="ComposeProject"/>: values parsed (durations, sizes, CPUs),
/// services split by the active profiles, env_file entries read into each enabled service's environment.
/// Values that do not parse are reported with their span and left out of the model.
/// </summary>
public sealed class ComposeModelBuilder(Action<ComposeProblem> report, IReadOnlyDictionary<string, string> environment, bool resolveEnvFiles, IReadOnlyDictionary<SourceSpan, string>? originals = null)
{
    public ComposeProject Build(YamlMapping model, string name, string workingDirectory, IReadOnlyList<string> profiles)
    {
        var enabled = new List<ComposeService>();
        var disabled = new List<ComposeService>();
        if (model["services"] is YamlMapping services)
        {
            foreach (var entry in services.Entries.OrderBy(entry => entry.Key.Value, StringComparer.Ordinal))
            {
                if (entry.Value is not YamlMapping node)
                {
                    continue;
                }
                var service = Service(entry.Key.Value, entry.Key.Span, node);
                if (HasProfile(service, profiles))
                {
                    enabled.Add(resolveEnvFiles ? ResolveEnvFiles(service) : service);
                }
                else
                {
                    disabled.Add(service);
                }
            }
        }
        return new ComposeProject(name, workingDirectory)
        {
            Node = model,
            Services = enabled,
            DisabledServices = disabled,
            ActiveProfiles = profiles,
            Networks = Resources(model, "networks", (key, node, span) => new ComposeNetwork(key, TextOf(node["name"]) ?? key, span)
            {
                Driver = TextOf(node["driver"]),
                External = Flag(node["external"]),
                Internal = Flag(node["internal"]),
                Labels = KeyValues(node["labels"]),
                IsImplicit = key == "default" && node.Entries.Count <= 1 && node.Find("name")?.Key.Span == span,
            }),
            Volumes = Resources(model, "volumes", (key, node, span) => new ComposeVolume(key, TextOf(node["name"]) ?? key, span)
            {
                Driver = TextOf(node["driver"]),
                External = Flag(node["external"]),
                DriverOptions = KeyValues(node["driver_opts"]),
                Labels = KeyValues(node["labels"]),
            }),
            Secrets = Resources(model, "secrets", FileObject),
            Configs = Resources(model, "configs", FileObject),
        };
    }

    private static ComposeFileObject FileObject(string key, YamlMapping node, SourceSpan span) => new(key, TextOf(node["name"]) ?? key, span)
    {
        File = TextOf(node["file"]),
        Environment = TextOf(node["environment"]),
        Content = TextOf(node["content"]),
        External = Flag(node["external"]),
    };

    private static List<T> Resources<T>(YamlMapping model, string section, Func<string, YamlMapping, SourceSpan, T> create)
    {
        if (model[section] is not YamlMapping resources)
        {
            return [];
        }
        return resources.Entries
            .OrderBy(entry => entry.Key.Value, StringComparer.Ordinal)
            .Select(entry => create(entry.Key.Value, entry.Value as YamlMapping ?? new YamlMapping([], entry.Key.Span), entry.Key.Span))
            .ToList();
    }

    /// <summary>A service with no profiles is always on; one with profiles is on when one of them is active (or '*').</summary>
    public static bool HasProfile(ComposeService service, IReadOnlyList<string> profiles) =>
        service.Profiles.Count == 0 || profiles.Any(profile => profile == "*" || service.Profiles.Any(own => own.Value == profile));

    private ComposeService Service(string name, SourceSpan span, YamlMapping node)
    {
        var path = ComposePath.Of("services", name);
        return new ComposeService(name, span)
        {
            Node = node,
            Build = Build(node["build"], path.Next("build")),
            Image = String(node, "image"),
            Command = Command(node["command"], path.Next("command")),
            Entrypoint = Command(node["entrypoint"], path.Next("entrypoint")),
            Environment = Environment(node["environment"], originals),
            EnvFiles = EnvFiles(node["env_file"]),
            Ports = Ports(node["ports"], path.Next("ports")),
            Expose = Strings(node["expose"]),
            Healthcheck = Healthcheck(node["healthcheck"], path.Next("healthcheck")),
            DependsOn = DependsOn(node["depends_on"]),
            Profiles = Strings(node["profiles"]),
            Volumes = Volumes(node["volumes"]),
            VolumesFrom = Strings(node["volumes_from"]),
            Networks = Networks(node["networks"]),
            NetworkMode = String(node, "network_mode"),
            User = String(node, "user"),
            ReadOnly = Boolean(node, "read_only", path),
            Tmpfs = Strings(node["tmpfs"]),
            CapAdd = Strings(node["cap_add"]),
            CapDrop = Strings(node["cap_drop"]),
            SecurityOpt = Strings(node["security_opt"]),
            Privileged = Boolean(node, "privileged", path),
            Restart = String(node, "restart"),
            Deploy = Deploy(node["deploy"], path.Next("deploy")),
            Cpus = Number(node, "cpus", path),
            MemLimit = Bytes(node, "mem_limit", path),
            MemReservation = Bytes(node, "mem_reservation", path),
            ShmSize = Bytes(node, "shm_size", path),
            PidsLimit = Integer(node, "pids_limit", path),
            Labels = KeyValues(node["labels"]),
            ContainerName = String(node, "container_name"),
            Hostname = String(node, "hostname"),
            Pid = String(node, "pid"),
            Ipc = String(node, "ipc"),
            Uts = String(node, "uts"),
            UsernsMode = String(node, "userns_mode"),
            WorkingDir = String(node, "working_dir"),
            Init = Boolean(node, "init", path),
            StopGracePeriod = Duration(node, "stop_grace_period", path),
            PullPolicy = String(node, "pull_policy"),
            Devices = (node["devices"] as YamlSequence)?.Items.OfType<YamlMapping>()
                .Select(device => new Located<string>($"{TextOf(device["source"])}:{TextOf(device["target"])}:{TextOf(device["permissions"]) ?? "rwm"}", device.Span)).ToList() ?? [],
            Secrets = FileReferences(node["secrets"]),
            Configs = FileReferences(node["configs"]),
            Sysctls = KeyValues(node["sysctls"]),
            Platform = String(node, "platform"),
        };
    }

    private ComposeBuild? Build(YamlNode? node, ComposePath path)
    {
        if (node is not YamlMapping build)
        {
            return null;
        }
        var context = build["context"];
        return new ComposeBuild(TextOf(context) ?? ".", build.Span)
        {
            ContextSpan = context?.Span ?? build.Span,
            Dockerfile = TextOf(build["dockerfile"]),
            DockerfileSpan = build["dockerfile"]?.Span,
            DockerfileInline = TextOf(build["dockerfile_inline"]),
            Args = KeyValues(build["args"]),
            Target = TextOf(build["target"]),
            TargetSpan = build["target"]?.Span,
            Labels = KeyValues(build["labels"]),
            CacheFrom = Strings(build["cache_from"]).Select(value => value.Value).ToList(),
            Tags = Strings(build["tags"]).Select(value => value.Value).ToList(),
            Platforms = Strings(build["platforms"]).Select(value => value.Value).ToList(),
            Network = TextOf(build["network"]),
            Privileged = Flag(build["privileged"]),
        };
    }

    private ComposeCommand? Command(YamlNode? node, ComposePath path)
    {
        switch (node)
        {
            case YamlScalar scalar when IsNull(scalar):
                return null;
            case YamlScalar scalar:
            {
                var text = GoText(scalar);
                if (!ShellWords.TryParse(text, out var words, out var error))
                {
                    report(new ComposeProblem(ComposeProblemKind.Schema, scalar.Span, $"{path}: {error}") { Fix = "Close every quote, or write the command as a list." });
                    words = [text];
                }
                return new ComposeCommand(words, true, text, scalar.Span) { WordSpans = words.Select(_ => scalar.Span).ToList() };
            }
            case YamlSequence sequence:
            {
                var items = sequence.Items.OfType<YamlScalar>().ToList();
                return new ComposeCommand(items.Select(GoText).ToList(), false, null, sequence.Span) { WordSpans = items.Select(item => item.Span).ToList() };
            }
            default:
                return null;
        }
    }

    private static List<ComposeEnvironmentVariable> Environment(YamlNode? node, IReadOnlyDictionary<SourceSpan, string>? originals)
    {
        if (node is not YamlMapping variables)
        {
            return [];
        }
        return variables.Entries
            .Select(entry => entry.Value is YamlScalar { Tag: ComposeNormalizer.FromEnvironmentTag } fromShell
                ? new ComposeEnvironmentVariable(entry.Key.Value, fromShell.Value, entry.Key.Span, EnvironmentSource.Shell)
                : IsNull(entry.Value)
                    ? new ComposeEnvironmentVariable(entry.Key.Value, null, entry.Key.Span, EnvironmentSource.Shell)
                    : new ComposeEnvironmentVariable(entry.Key.Value, TextOf(entry.Value) ?? string.Empty, entry.Value.Span, EnvironmentSource.Inline)
                    {
                        RawValue = originals is not null && originals.TryGetValue(entry.Value.Span, out var written) ? written : TextOf(entry.Value),
                    })
            .OrderBy(variable => variable.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static List<ComposeEnvFile> EnvFiles(YamlNode? node) =>
        (node as YamlSequence)?.Items.OfType<YamlMapping>()
            .Where(file => TextOf(file["path"]) is not null)
            .Select(file => new ComposeEnvFile(TextOf(file["path"])!, !TryBoolean(file["required"], out var required) || required, TextOf(file["format"]), file["path"]!.Span))
            .ToList() ?? [];

    /// <summary>env_file values first, overridden by the explicit environment; a missing required file is a problem.</summary>
    private ComposeService ResolveEnvFiles(ComposeService service)
    {
        if (service.EnvFiles.Count == 0)
        {
            return service;
        }
        var fromFiles = new Dictionary<string, ComposeEnvironmentVariable>(StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in service.EnvFiles)
        {
            if (!File.Exists(file.Path))
            {
                if (file.Required)
                {
                    report(new ComposeProblem(ComposeProblemKind.File, file.Span, Directory.Exists(file.Path) ? $"{file.Path} is a directory" : $"env file {file.Path} not found: stat {file.Path}: no such file or directory")
                    {
                        Fix = "Create the file, fix the path, or mark it 'required: false'.",
                        Topic = ComposeProblem.EnvFileTopic,
                    });
                }
                continue;
            }
            try
            {
                // The project environment wins while expanding, then the service's own environment.
                var entries = DotEnvFile.Read(file.Path, name =>
                    environment.TryGetValue(name, out var projectValue) ? projectValue
                    : service.Environment.LastOrDefault(variable => variable.Name == name)?.Value, values);
                foreach (var entry in entries)
                {
                    fromFiles[entry.Key] = new ComposeEnvironmentVariable(entry.Key, entry.Value, entry.Span, EnvironmentSource.EnvFile) { EnvFile = file.Path };
                }
            }
            catch (DrydockException ex)
            {
                report(new ComposeProblem(ComposeProblemKind.File, ex.Span ?? file.Span, ex.Message) { Fix = ex.Fix });
            }
        }
        foreach (var explicitVariable in service.Environment)
        {
            fromFiles[explicitVariable.Name] = explicitVariable;
        }
        return service with { Environment = fromFiles.Values.OrderBy(variable => variable.Name, StringComparer.Ordinal).ToList() };
    }

    private List<ComposePort> Ports(YamlNode? node, ComposePath path)
    {
        var ports = new List<ComposePort>();
        if (node is not YamlSequence sequence)
        {
            return ports;
        }
        foreach (var item in sequence.Items.OfType<YamlMapping>())
        {
            var targetNode = item["target"];
            if (!TryInteger(targetNode, out var target) || target is < 0 or > 65535)
            {
                if (targetNode is not null)
                {
                    report(new ComposeProblem(ComposeProblemKind.Schema, targetNode.Span, $"{path}: invalid container port {GoStrings.Quote(TextOf(targetNode) ?? string.Empty)}: ports are 0-65535") { Fix = "Use a port number between 0 and 65535." });
                }
                else
                {
                    report(new ComposeProblem(ComposeProblemKind.Schema, item.Span, $"{path}: a port needs a target (the container port)"));
                }
                continue;
            }
            var published = TextOf(item["published"]);
            if (published is { Length: > 0 } && !ShortSyntax.TryParseRange(published, out _, out _, out var rangeError))
            {
                report(new ComposeProblem(ComposeProblemKind.Schema, item["published"]!.Span, $"{path}: invalid published port {GoStrings.Quote(published)}: {rangeError}") { Fix = "Publish a port or range within 0-65535, e.g. 8080 or 8000-8010." });
                continue;
            }
            ports.Add(new ComposePort((int)target, string.IsNullOrEmpty(published) ? null : published, TextOf(item["host_ip"]) is { Length: > 0 } ip ? ip : null, TextOf(item["protocol"]) ?? "tcp", TextOf(item["mode"]) ?? "ingress", item.Span)
            {
                Name = TextOf(item["name"]),
                AppProtocol = TextOf(item["app_protocol"]),
            });
        }
        return ports;
    }

    private ComposeHealthcheck? Healthcheck(YamlNode? node, ComposePath path)
    {
        if (node is not YamlMapping healthcheck)
        {
            return null;
        }
        IReadOnlyList<string>? test = healthcheck["test"] switch
        {
            YamlScalar single when !IsNull(single) => ["CMD-SHELL", GoText(single)],
            YamlSequence list => list.Items.OfType<YamlScalar>().Select(GoText).ToList(),
            _ => null,
        };
        return new ComposeHealthcheck(healthcheck.Span)
        {
            Test = test,
            TestSpan = healthcheck["test"]?.Span,
            Interval = Duration(healthcheck, "interval", path)?.Value,
            Timeout = Duration(healthcheck, "timeout", path)?.Value,
            StartPeriod = Duration(healthcheck, "start_period", path)?.Value,
            StartInterval = Duration(healthcheck, "start_interval", path)?.Value,
            Retries = Integer(healthcheck, "retries", path)?.Value,
            Disable = Flag(healthcheck["disable"]),
        };
    }

    private static List<ComposeDependency> DependsOn(YamlNode? node) =>
        (node as YamlMapping)?.Entries.Select(entry =>
        {
            var dependency = entry.Value as YamlMapping;
            return new ComposeDependency(
                entry.Key.Value,
                TextOf(dependency?["condition"]) ?? ComposeDependency.Started,
                !TryBoolean(dependency?["required"], out var required) || required,
                TryBoolean(dependency?["restart"], out var restart) && restart,
                entry.Key.Span);
        }).ToList() ?? [];

    private List<ComposeVolumeMount> Volumes(YamlNode? node)
    {
        var mounts = new List<ComposeVolumeMount>();
        if (node is not YamlSequence sequence)
        {
            return mounts;
        }
        foreach (var item in sequence.Items.OfType<YamlMapping>())
        {
            var bind = item["bind"] as YamlMapping;
            var volume = item["volume"] as YamlMapping;
            var tmpfs = item["tmpfs"] as YamlMapping;
            long? tmpfsSize = tmpfs?["size"] is { } sizeNode && TryBytes(sizeNode, out var size) ? size : null;
            mounts.Add(new ComposeVolumeMount(TextOf(item["type"]) ?? ComposeVolumeMount.Volume, TextOf(item["source"]) is { Length: > 0 } source ? source : null, TextOf(item["target"]) ?? string.Empty, Flag(item["read_only"]), item.Span)
            {
                IsShortSyntax = Flag(item[Canonicalizer.ShortSyntaxMarker]),
                Consistency = TextOf(item["consistency"]),
                BindPropagation = TextOf(bind?["propagation"]),
                BindCreateHostPath = bind is null ? null : !TryBoolean(bind["create_host_path"], out var create) || create,
                BindSelinux = TextOf(bind?["selinux"]),
                VolumeNoCopy = Flag(volume?["nocopy"]),
                VolumeSubpath = TextOf(volume?["subpath"]),
                TmpfsSize = tmpfsSize,
            });
        }
        return mounts;
    }

    private static List<ComposeServiceNetwork> Networks(YamlNode? node) =>
        (node as YamlMapping)?.Entries.Select(entry =>
        {
            var network = entry.Value as YamlMapping;
            return new ComposeServiceNetwork(entry.Key.Value, entry.Key.Span)
            {
                Aliases = Strings(network?["aliases"]).Select(alias => alias.Value).ToList(),
                Ipv4Address = TextOf(network?["ipv4_address"]),
                Ipv6Address = TextOf(network?["ipv6_address"]),
                Priority = TryInteger(network?["priority"], out var priority) ? (int)priority : 0,
            };
        }).ToList() ?? [];

    private static List<ComposeFileReference> FileReferences(YamlNode? node) =>
        (node as YamlSequence)?.Items.OfType<YamlMapping>().Where(item => TextOf(item["source"]) is not null).Select(item => new ComposeFileReference(TextOf(item["source"])!, item.Span)
        {
            Target = TextOf(item["target"]),
            Uid = TextOf(item["uid"]),
            Gid = TextOf(item["gid"]),
            Mode = item["mode"] is YamlScalar mode && ParseMode(mode) is { } value ? value : null,
        }).ToList() ?? [];

    /// <summary>File modes: an integer (YAML reads 0440 as octal) or an octal string.</summary>
    internal static int? ParseMode(YamlScalar mode)
    {
        if (Kind(mode) == ScalarKind.Integer && TryParseInteger(mode.Value, out var integer))
        {
            return (int)integer;
        }
        try
        {
            return Convert.ToInt32(mode.Value, 8);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            return null;
        }
    }

    private ComposeDeploy? Deploy(YamlNode? node, ComposePath path)
    {
        if (node is not YamlMapping deploy)
        {
            return null;
        }
        var resources = deploy["resources"] as YamlMapping;
        var restartPolicy = deploy["restart_policy"] as YamlMapping;
        return new ComposeDeploy(deploy.Span)
        {
            Mode = TextOf(deploy["mode"]),
            Replicas = Integer(deploy, "replicas", path)?.Value,
            Limits = Resources(resources?["limits"], path.Next("resources").Next("limits")),
            Reservations = Resources(resources?["reservations"], path.Next("resources").Next("reservations")),
            RestartPolicyCondition = TextOf(restartPolicy?["condition"]),
            RestartPolicyMaxAttempts = restartPolicy is null ? null : Integer(restartPolicy, "max_attempts", path.Next("restart_policy"))?.Value,
            Labels = KeyValues(deploy["labels"]),
        };
    }

    private ComposeResources? Resources(YamlNode? node, ComposePath path)
    {
        if (node is not YamlMapping resources)
        {
            return null;
        }
        return new ComposeResources(resources.Span)
        {
            Cpus = Number(resources, "cpus", path)?.Value,
            MemoryBytes = Bytes(resources, "memory", path)?.Value,
            Pids = Integer(resources, "pids", path)?.Value,
        };
    }

    internal static List<ComposeKeyValue> KeyValues(YamlNode? node) => node switch
    {
        YamlMapping mapping => mapping.Entries.Select(entry => new ComposeKeyValue(entry.Key.Value, TextOf(entry.Value), IsNull(entry.Value) ? entry.Key.Span : entry.Value.Span)).ToList(),
        YamlSequence sequence => sequence.Items.OfType<YamlScalar>().Select(item =>
        {
            var text = GoText(item);
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            return new ComposeKeyValue(equals < 0 ? text : text[..equals], equals < 0 ? null : text[(equals + 1)..], item.Span);
        }).ToList(),
        _ => [],
    };

    private static List<Located<string>> Strings(YamlNode? node) => node switch
    {
        YamlSequence sequence => sequence.Items.OfType<YamlScalar>().Where(item => !IsNull(item)).Select(item => new Located<string>(GoText(item), item.Span)).ToList(),
        YamlScalar scalar when !IsNull(scalar) => [new Located<string>(GoText(scalar), scalar.Span)],
        _ => [],
    };

    private static Located<string>? String(YamlMapping node, string key) =>
        node[key] is YamlScalar scalar && !IsNull(scalar) ? new Located<string>(GoText(scalar), scalar.Span) : null;

    private static bool Flag(YamlNode? node) => TryBoolean(node, out var value) && value;

    private delegate bool Parser<T>(YamlNode node, out T value);

    /// <summary>A typed value at <paramref name="key"/>, or null when absent; a value that does not parse is reported.</summary>
    private Located<T>? Typed<T>(YamlMapping node, string key, ComposePath path, Parser<T> parse, string expected, string fix)
        where T : struct
    {
        if (node[key] is not { } value || IsNull(value))
        {
            return null;
        }
        if (parse(value, out var parsed))
        {
            return new Located<T>(parsed, value.Span);
        }
        report(new ComposeProblem(ComposeProblemKind.Schema, value.Span, $"{path}.{key} {expected} {GoStrings.Quote(TextOf(value) ?? value.Kind)}") { Fix = fix });
        return null;
    }

    private Located<bool>? Boolean(YamlMapping node, string key, ComposePath path) =>
        Typed<bool>(node, key, path, TryBoolean, "must be a boolean, not", "Write true or false.");

    private Located<long>? Integer(YamlMapping node, string key, ComposePath path) =>
        Typed<long>(node, key, path, TryInteger, "must be an integer, not", "Write a whole number.");

    private Located<double>? Number(YamlMapping node, string key, ComposePath path) =>
        Typed<double>(node, key, path, TryNumber, "must be a number, not", "Write a number such as 0.5 or 2.");

    private Located<long>? Bytes(YamlMapping node, string key, ComposePath path) =>
        Typed<long>(node, key, path, TryBytes, "is not a valid size:", "Write bytes or a size with a unit: 512m, 1g, 256MiB.");

    internal static bool TryBytes(YamlNode node, out long bytes)
    {
        bytes = 0;
        return node is YamlScalar scalar && Kind(scalar) is ScalarKind.Integer or ScalarKind.String or ScalarKind.Float && ComposeUnits.TryParseBytes(GoText(scalar), out bytes);
    }

    private Located<TimeSpan>? Duration(YamlMapping node, string key, ComposePath path)
    {
        if (node[key] is not { } value || IsNull(value))
        {
            return null;
        }
        var text = TextOf(value) ?? string.Empty;
        if (ComposeUnits.TryParseDuration(text, out var duration, out var error))
        {
            return new Located<TimeSpan>(duration, value.Span);
        }
        report(new ComposeProblem(ComposeProblemKind.Schema, value.Span, $"{path}.{key}: {error}") { Fix = "Write a duration with a unit: 30s, 1m30s, 500ms." });
        return null;
    }

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
