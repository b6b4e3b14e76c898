using Drydock.Compose.Model;
using Drydock.Yaml;
using static Drydock.Compose.Loading.ComposeNodes;

namespace Drydock.Compose.Loading;

/// <summary>
/// The steps after merging: default values (build context, secret targets, port protocol and mode), absolute paths
/// (build contexts, bind mounts, env files, secret and config files, against the project directory), and Compose's
/// normalization (implicit <c>default</c> network, Dockerfile default, build args and environment taken from the
/// shell, <c>depends_on</c> implied by links and <c>service:</c> namespaces, resource names prefixed by the project).
/// </summary>
public sealed class ComposeNormalizer(Action<ComposeProblem> report, string home)
{
    public YamlMapping SetDefaults(YamlMapping model)
    {
        if (model["services"] is not YamlMapping services)
        {
            return model;
        }
        var entries = services.Entries.Select(entry => entry.Value is YamlMapping service ? entry with { Value = ServiceDefaults(service) } : entry).ToList();
        return model.With("services", new YamlMapping(entries, services.Span));
    }

    private static YamlMapping ServiceDefaults(YamlMapping service)
    {
        if (service["build"] is YamlMapping build && build.Find("context") is null)
        {
            service = service.With("build", build.With("context", String(".", build.Span)));
        }
        if (service["secrets"] is YamlSequence secrets)
        {
            service = service.With("secrets", Sequence(secrets.Span, secrets.Items.Select(item =>
                item is YamlMapping secret && secret.Find("target") is null && TextOf(secret["source"]) is { } source
                    ? secret.With("target", String($"/run/secrets/{source}", secret.Span))
                    : item)));
        }
        if (service["ports"] is YamlSequence ports)
        {
            service = service.With("ports", Sequence(ports.Span, ports.Items.Select(item =>
            {
                if (item is not YamlMapping port)
                {
                    return item;
                }
                if (port.Find("protocol") is null)
                {
                    port = port.With("protocol", String("tcp", port.Span));
                }
                if (port.Find("mode") is null)
                {
                    port = port.With("mode", String("ingress", port.Span));
                }
                return port;
            })));
        }
        if (service["volumes"] is YamlSequence volumes)
        {
            service = service.With("volumes", Sequence(volumes.Span, volumes.Items.Select(item =>
                item is YamlMapping mount && mount["bind"] is YamlMapping bind && bind.Find("create_host_path") is null
                    ? mount.With("bind", bind.With("create_host_path", Boolean(true, bind.Span)))
                    : item)));
        }
        if (service["gpus"] is YamlSequence gpus)
        {
            service = service.With("gpus", Sequence(gpus.Span, gpus.Items.Select(DeviceRequestDefaults)));
        }
        if (service["deploy"] is YamlMapping deploy && deploy["resources"] is YamlMapping resources && resources["reservations"] is YamlMapping reservations && reservations["devices"] is YamlSequence devices)
        {
            service = service.With("deploy", deploy.With("resources", resources.With("reservations", reservations.With("devices", Sequence(devices.Span, devices.Items.Select(DeviceRequestDefaults))))));
        }
        return service;
    }

    private static YamlNode DeviceRequestDefaults(YamlNode item) =>
        item is YamlMapping request && request.Find("count") is null && request.Find("device_ids") is null
            ? request.With("count", String("all", request.Span))
            : item;

    public YamlMapping ResolvePaths(YamlMapping model, string workingDirectory)
    {
        if (model["services"] is YamlMapping services)
        {
            var entries = services.Entries.Select(entry => entry.Value is YamlMapping service ? entry with { Value = ServicePaths(service, workingDirectory) } : entry).ToList();
            model = model.With("services", new YamlMapping(entries, services.Span));
        }
        foreach (var section in new[] { "secrets", "configs" })
        {
            if (model[section] is YamlMapping objects)
            {
                var entries = objects.Entries.Select(entry =>
                    entry.Value is YamlMapping fileObject && fileObject["file"] is YamlScalar file && TextOf(file) is { } path
                        ? entry with { Value = fileObject.With("file", String(MaybeUnixPath(path, workingDirectory), file.Span)) }
                        : entry).ToList();
                model = model.With(section, new YamlMapping(entries, objects.Span));
            }
        }
        if (model["volumes"] is YamlMapping volumes)
        {
            var entries = volumes.Entries.Select(entry =>
            {
                if (entry.Value is YamlMapping volume && TextOf(volume["driver"]) == "local" && volume["driver_opts"] is YamlMapping driverOptions
                    && TextOf(driverOptions["o"]) == "bind" && driverOptions["device"] is YamlScalar device && TextOf(device) is { } path)
                {
                    return entry with { Value = volume.With("driver_opts", driverOptions.With("device", String(MaybeUnixPath(path, workingDirectory), device.Span))) };
                }
                return entry;
            }).ToList();
            model = model.With("volumes", new YamlMapping(entries, volumes.Span));
        }
        return model;
    }

    private YamlMapping ServicePaths(YamlMapping service, string workingDirectory)
    {
        if (service["build"] is YamlMapping build)
        {
            if (build["context"] is YamlScalar context && TextOf(context) is { } contextPath)
            {
                build = build.With("context", String(ContextPath(contextPath, workingDirectory), context.Span));
            }
            if (build["additional_contexts"] is YamlMapping contexts)
            {
                build = build.With("additional_contexts", new YamlMapping(contexts.Entries.Select(entry =>
                    entry.Value is YamlScalar value && TextOf(value) is { } path ? entry with { Value = String(ContextPath(path, workingDirectory), value.Span) } : entry).ToList(), contexts.Span));
            }
            if (build["ssh"] is YamlMapping keys)
            {
                build = build.With("ssh", new YamlMapping(keys.Entries.Select(entry =>
                    entry.Value is YamlScalar value && TextOf(value) is { } path ? entry with { Value = String(MaybeUnixPath(path, workingDirectory), value.Span) } : entry).ToList(), keys.Span));
            }
            service = service.With("build", build);
        }
        if (service["env_file"] is YamlSequence envFiles)
        {
            service = service.With("env_file", Sequence(envFiles.Span, envFiles.Items.Select(item =>
                item is YamlMapping file && file["path"] is YamlScalar path && TextOf(path) is { } value
                    ? file.With("path", String(AbsolutePath(value, workingDirectory), path.Span))
                    : item)));
        }
        if (service["label_file"] is YamlSequence labelFiles)
        {
            service = service.With("label_file", Sequence(labelFiles.Span, labelFiles.Items.Select(item =>
                item is YamlScalar path && TextOf(path) is { } value ? String(AbsolutePath(value, workingDirectory), path.Span) : item)));
        }
        if (service["volumes"] is YamlSequence volumes)
        {
            service = service.With("volumes", Sequence(volumes.Span, volumes.Items.Select(item =>
            {
                if (item is not YamlMapping mount || TextOf(mount["type"]) != ComposeVolumeMount.Bind)
                {
                    return item;
                }
                if (mount["source"] is not YamlScalar source || TextOf(source) is not { } path)
                {
                    report(new ComposeProblem(ComposeProblemKind.Schema, mount.Span, "invalid mount config for type \"bind\": field Source must not be empty") { Fix = "Give the bind mount a 'source:' path on the host." });
                    return item;
                }
                return mount.With("source", String(MaybeUnixPath(path, workingDirectory), source.Span));
            })));
        }
        if (service["develop"] is YamlMapping develop && develop["watch"] is YamlSequence watch)
        {
            service = service.With("develop", develop.With("watch", Sequence(watch.Span, watch.Items.Select(item =>
                item is YamlMapping rule && rule["path"] is YamlScalar path && TextOf(path) is { } value
                    ? rule.With("path", String(AbsolutePath(value, workingDirectory), path.Span))
                    : item))));
        }
        return service;
    }

    private string ContextPath(string context, string workingDirectory) =>
        context.Contains("://", StringComparison.Ordinal) || context.StartsWith("service:", StringComparison.Ordinal) || ComposePaths.IsRemoteContext(context)
            ? context
            : AbsolutePath(context, workingDirectory);

    private string AbsolutePath(string path, string workingDirectory)
    {
        path = ExpandUser(path);
        if (path.Length == 0 || Path.IsPathRooted(path))
        {
            return path;
        }
        return Clean(Path.Join(workingDirectory, path));
    }

    private string MaybeUnixPath(string path, string workingDirectory)
    {
        path = ExpandUser(path);
        if (path.StartsWith('/') || (path.Length >= 3 && char.IsLetter(path[0]) && path[1] == ':' && path[2] is '\\' or '/') || path.StartsWith(@"\\", StringComparison.Ordinal))
        {
            return path;
        }
        return Clean(Path.Join(workingDirectory, path));
    }

    private string ExpandUser(string path) => path.StartsWith('~') ? Clean(Path.Join(home, path[1..])) : path;

    /// <summary>Go's filepath.Join cleans the result: no '.', no '..' where it can be folded, no trailing '/'.</summary>
    private static string Clean(string path) => ShortSyntax.CleanPath(path.Replace('\\', '/'));

    public YamlMapping Normalize(YamlMapping model, IReadOnlyDictionary<string, string> environment, string projectName)
    {
        model = NormalizeNetworks(model);
        if (model["services"] is YamlMapping services)
        {
            var entries = services.Entries.Select(entry => entry.Value is YamlMapping service ? entry with { Value = NormalizeService(service, environment) } : entry).ToList();
            model = model.With("services", new YamlMapping(entries, services.Span));
        }
        model = model.With("name", String(projectName, model.Find("name")?.Value.Span ?? model.Span));
        foreach (var section in new[] { "networks", "volumes", "configs", "secrets" })
        {
            if (model[section] is not YamlMapping resources)
            {
                continue;
            }
            var entries = resources.Entries.Select(entry =>
            {
                var resource = entry.Value as YamlMapping ?? Mapping(entry.Key.Span);
                if (ComposeNodes.IsNull(resource["name"]))
                {
                    var external = TryBoolean(resource["external"], out var flag) && flag;
                    resource = resource.With("name", String(external ? entry.Key.Value : $"{projectName}_{entry.Key.Value}", entry.Key.Span));
                }
                return entry with { Value = resource };
            }).ToList();
            model = model.With(section, new YamlMapping(entries, resources.Span));
        }
        return model;
    }

    private static YamlMapping NormalizeNetworks(YamlMapping model)
    {
        if (model["services"] is not YamlMapping services)
        {
            return model;
        }
        var usesDefault = false;
        var entries = new List<YamlEntry>();
        foreach (var entry in services.Entries)
        {
            if (entry.Value is not YamlMapping service || service.Find("provider") is not null || service.Find("network_mode") is not null)
            {
                entries.Add(entry);
                continue;
            }
            if (service["networks"] is not YamlMapping networks || networks.Entries.Count == 0)
            {
                var span = service.Find("networks")?.Key.Span ?? entry.Key.Span;
                service = service.With("networks", Mapping(span, Entry("default", Null(span), span)));
                usesDefault = true;
            }
            else if (networks.Find("default") is not null)
            {
                usesDefault = true;
            }
            entries.Add(entry with { Value = service });
        }
        model = model.With("services", new YamlMapping(entries, services.Span));
        var declared = model["networks"] as YamlMapping;
        if (usesDefault && declared?.Find("default") is null)
        {
            var span = declared?.Span ?? model.Span;
            declared = declared is null ? Mapping(span, Entry("default", Null(span))) : declared.With("default", Null(span));
            model = model.With("networks", declared);
        }
        return model;
    }

    private static YamlMapping NormalizeService(YamlMapping service, IReadOnlyDictionary<string, string> environment)
    {
        if (TextOf(service["pull_policy"]) == "if_not_present")
        {
            service = service.With("pull_policy", String("missing", service["pull_policy"]!.Span));
        }
        if (service["build"] is YamlMapping build)
        {
            if (build.Find("context") is null)
            {
                build = build.With("context", String(".", build.Span));
            }
            if (ComposeNodes.IsNull(build["dockerfile"]) && ComposeNodes.IsNull(build["dockerfile_inline"]))
            {
                build = build.With("dockerfile", String("Dockerfile", build.Span));
            }
            if (build["args"] is YamlMapping args)
            {
                build = build.With("args", Resolve(args, environment, keepEmpty: false));
            }
            service = service.With("build", build);
        }
        if (service["environment"] is YamlMapping variables)
        {
            service = service.With("environment", Resolve(variables, environment, keepEmpty: true));
        }
        var dependsOn = service["depends_on"] as YamlMapping ?? Mapping(service.Span);
        var implied = dependsOn;
        if (service["links"] is YamlSequence links)
        {
            foreach (var link in links.Items.OfType<YamlScalar>())
            {
                var parts = GoText(link).Split(':');
                var target = parts.Length == 2 ? parts[0] : GoText(link);
                implied = Imply(implied, target, restart: true, link);
            }
        }
        foreach (var key in new[] { "network_mode", "ipc", "pid", "uts", "cgroup" })
        {
            if (service[key] is YamlScalar reference && TextOf(reference) is { } value && value.StartsWith("service:", StringComparison.Ordinal))
            {
                implied = Imply(implied, value["service:".Length..], restart: true, reference);
            }
        }
        if (service["volumes"] is YamlSequence volumes)
        {
            service = service.With("volumes", Sequence(volumes.Span, volumes.Items.Select(item =>
                item is YamlMapping mount && mount["target"] is YamlScalar target && TextOf(target) is { Length: > 0 } path
                    ? mount.With("target", String(ShortSyntax.CleanPath(path), target.Span))
                    : item)));
        }
        if (service["volumes_from"] is YamlSequence volumesFrom)
        {
            foreach (var source in volumesFrom.Items.OfType<YamlScalar>())
            {
                var value = GoText(source);
                if (!value.StartsWith("container:", StringComparison.Ordinal))
                {
                    implied = Imply(implied, value.Split(':')[0], restart: false, source);
                }
            }
        }
        if (!ReferenceEquals(implied, dependsOn) || implied.Entries.Count > 0)
        {
            service = service.With("depends_on", implied);
        }
        return service;
    }

    private static YamlMapping Imply(YamlMapping dependsOn, string service, bool restart, YamlScalar at)
    {
        if (dependsOn.Find(service) is not null)
        {
            return dependsOn;
        }
        return dependsOn.With(service, Mapping(at.Span,
            Entry("condition", String(ComposeDependency.Started, at.Span)),
            Entry("restart", Boolean(restart, at.Span)),
            Entry("required", Boolean(true, at.Span))), at.Span);
    }

    /// <summary>Entries without a value take it from the environment; without one there, they stay (keepEmpty) or go.</summary>
    private static YamlMapping Resolve(YamlMapping values, IReadOnlyDictionary<string, string> environment, bool keepEmpty)
    {
        var entries = new List<YamlEntry>();
        foreach (var entry in values.Entries)
        {
            if (!ComposeNodes.IsNull(entry.Value))
            {
                entries.Add(entry);
            }
            else if (environment.TryGetValue(entry.Key.Value, out var value))
            {
                entries.Add(entry with { Value = new YamlScalar(value, YamlScalarStyle.DoubleQuoted, entry.Value.Span) { Tag = FromEnvironmentTag } });
            }
            else if (keepEmpty)
            {
                entries.Add(entry);
            }
        }
        return new YamlMapping(entries, values.Span);
    }

    /// <summary>Marks a value taken from the shell for a bare <c>KEY</c> (the model reports its source as the shell).</summary>
    public const string FromEnvironmentTag = "!drydock-from-environment";
}
