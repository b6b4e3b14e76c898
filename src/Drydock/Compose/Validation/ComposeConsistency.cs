using Drydock.Compose.Loading;
using Drydock.Compose.Model;
using Drydock.Yaml;

namespace Drydock.Compose.Validation;

/// <summary>
/// Checks that the merged project holds together, as Compose does before running it: every network, volume, secret
/// and config a service uses is defined, <c>depends_on</c> names existing services without cycles, mutually
/// exclusive settings are not combined, each service has an image or a build. All problems are reported.
/// </summary>
public static class ComposeConsistency
{
    public static void Check(ComposeProject project, Action<ComposeProblem> report)
    {
        ArgumentNullException.ThrowIfNull(project);
        var networks = project.Networks.Select(network => network.Key).ToHashSet(StringComparer.Ordinal);
        var volumes = project.Volumes.Select(volume => volume.Key).ToHashSet(StringComparer.Ordinal);
        var secrets = project.Secrets.Select(secret => secret.Key).ToHashSet(StringComparer.Ordinal);
        var configs = project.Configs.Select(config => config.Key).ToHashSet(StringComparer.Ordinal);
        var enabled = project.Services.Select(service => service.Name).ToHashSet(StringComparer.Ordinal);
        var disabled = project.DisabledServices.Select(service => service.Name).ToHashSet(StringComparer.Ordinal);

        foreach (var service in project.Services)
        {
            var name = service.Name;
            if (service.Build is null && service.Image is null && service.Node.Find("provider") is null)
            {
                report(new ComposeProblem(ComposeProblemKind.Consistency, service.Span, $"service \"{name}\" has neither an image nor a build context specified") { Fix = "Add 'image:' or 'build:'." });
            }
            if (service.Build is { DockerfileInline: not null } build && service.Node["build"] is YamlMapping buildNode && buildNode.Find("dockerfile") is { } dockerfile
                && dockerfile.Value.Span != build.Span)
            {
                report(new ComposeProblem(ComposeProblemKind.Consistency, dockerfile.Key.Span, $"service \"{name}\" declares mutually exclusive dockerfile and dockerfile_inline") { Fix = "Keep one of them." });
            }
            if (service.NetworkMode is { } networkMode && service.Node["networks"] is YamlMapping { Entries.Count: > 0 })
            {
                report(new ComposeProblem(ComposeProblemKind.Consistency, networkMode.Span, $"service {name} declares mutually exclusive `network_mode` and `networks`") { Fix = "Use either network_mode or networks." });
            }
            foreach (var network in service.Networks)
            {
                if (!networks.Contains(network.Name))
                {
                    report(new ComposeProblem(ComposeProblemKind.Consistency, network.Span, $"service \"{name}\" refers to undefined network {network.Name}") { Fix = $"Declare it under the top-level 'networks:' key ({network.Name}: {{}})." });
                }
            }
            if (service.Healthcheck?.Test is [var first, ..] && first is not ("CMD" or "CMD-SHELL" or "NONE"))
            {
                report(new ComposeProblem(ComposeProblemKind.Consistency, service.Healthcheck.TestSpan ?? service.Healthcheck.Span, "healthcheck.test must start either by \"CMD\", \"CMD-SHELL\" or \"NONE\"") { Fix = "Write test: [\"CMD\", \"program\", \"arg\"] or test: [\"CMD-SHELL\", \"command\"]." });
            }
            foreach (var dependency in service.DependsOn)
            {
                if (enabled.Contains(dependency.Service) || (disabled.Contains(dependency.Service) && !dependency.Required))
                {
                    continue;
                }
                var why = disabled.Contains(dependency.Service) ? " (its profile is not active)" : string.Empty;
                report(new ComposeProblem(ComposeProblemKind.Consistency, dependency.Span, $"service \"{name}\" depends on undefined service \"{dependency.Service}\"{why}")
                {
                    Fix = disabled.Contains(dependency.Service) ? $"Activate a profile of '{dependency.Service}' or mark the dependency 'required: false'." : "Fix the name or define the service.",
                });
            }
            if (service.NetworkMode?.Value is { } mode && mode.StartsWith("service:", StringComparison.Ordinal) && !enabled.Contains(mode["service:".Length..]))
            {
                report(new ComposeProblem(ComposeProblemKind.Consistency, service.NetworkMode.Value.Span, $"service \"{mode["service:".Length..]}\" not found for network_mode '{mode}'"));
            }
            foreach (var volume in service.Volumes)
            {
                if (volume.Type == ComposeVolumeMount.Volume && volume.Source is { Length: > 0 } source && !volumes.Contains(source))
                {
                    report(new ComposeProblem(ComposeProblemKind.Consistency, volume.Span, $"service \"{name}\" refers to undefined volume {source}") { Fix = $"Declare it under the top-level 'volumes:' key ({source}: {{}}), or write a path (./{source}) for a bind mount." });
                }
            }
            if (service.Node["build"] is YamlMapping buildMapping && buildMapping["secrets"] is YamlSequence buildSecrets)
            {
                foreach (var secret in buildSecrets.Items.OfType<YamlMapping>())
                {
                    if (ComposeNodes.TextOf(secret["source"]) is { } source && !secrets.Contains(source))
                    {
                        report(new ComposeProblem(ComposeProblemKind.Consistency, secret.Span, $"service \"{name}\" refers to undefined build secret {source}"));
                    }
                }
            }
            foreach (var config in service.Configs.Where(config => !configs.Contains(config.Source)))
            {
                report(new ComposeProblem(ComposeProblemKind.Consistency, config.Span, $"service \"{name}\" refers to undefined config {config.Source}") { Fix = "Declare it under the top-level 'configs:' key." });
            }
            foreach (var secret in service.Secrets.Where(secret => !secrets.Contains(secret.Source)))
            {
                report(new ComposeProblem(ComposeProblemKind.Consistency, secret.Span, $"service \"{name}\" refers to undefined secret {secret.Source}") { Fix = "Declare it under the top-level 'secrets:' key." });
            }
            CheckScaleAndLimits(service, report);
            CheckMounts(service, report);
        }
        foreach (var secret in project.Secrets.Where(secret => !secret.External && secret.File is null && secret.Environment is null))
        {
            report(new ComposeProblem(ComposeProblemKind.Consistency, secret.Span, $"secret \"{secret.Key}\" must declare either `file` or `environment`") { Fix = "Add 'file: ./path' or 'environment: VARIABLE'." });
        }
        CheckCycles(project, report);
    }

    private static void CheckScaleAndLimits(ComposeService service, Action<ComposeProblem> report)
    {
        var name = service.Name;
        var scale = ComposeNodes.TryInteger(service.Node["scale"], out var scaleValue) ? scaleValue : (long?)null;
        var replicas = service.Deploy?.Replicas;
        if (scale is { } s && replicas is { } r && s != r)
        {
            report(new ComposeProblem(ComposeProblemKind.Consistency, service.Node["scale"]!.Span, $"services.{name}: can't set distinct values on 'scale' and 'deploy.replicas'"));
        }
        if (scale < 0)
        {
            report(new ComposeProblem(ComposeProblemKind.Consistency, service.Node["scale"]!.Span, $"services.{name}.scale: must be greater than or equal to 0"));
        }
        if (replicas < 0)
        {
            report(new ComposeProblem(ComposeProblemKind.Consistency, service.Deploy!.Span, $"services.{name}.deploy.replicas: must be greater than or equal to 0"));
        }
        if ((scale ?? replicas ?? 1) > 1 && service.ContainerName is { } containerName)
        {
            report(new ComposeProblem(ComposeProblemKind.Consistency, containerName.Span, $"services.{name}: can't set container_name and {(scale is null ? "deploy.replicas" : "scale")} as container name must be unique") { Fix = "Remove container_name, or run one replica." });
        }
        var limits = service.Deploy?.Limits;
        if (service.Cpus is { } cpus && limits?.Cpus is { } limitCpus && (float)cpus.Value != (float)limitCpus)
        {
            report(new ComposeProblem(ComposeProblemKind.Consistency, cpus.Span, $"services.{name}: can't set distinct values on 'cpus' and 'deploy.resources.limits.cpus'"));
        }
        if (service.MemLimit is { } memory && limits?.MemoryBytes is { } limitMemory && memory.Value != limitMemory)
        {
            report(new ComposeProblem(ComposeProblemKind.Consistency, memory.Span, $"services.{name}: can't set distinct values on 'mem_limit' and 'deploy.resources.limits.memory'"));
        }
        if (service.MemReservation is { } reservation && service.Deploy?.Reservations?.MemoryBytes is { } reserved && reservation.Value != reserved)
        {
            report(new ComposeProblem(ComposeProblemKind.Consistency, reservation.Span, $"services.{name}: can't set distinct values on 'mem_reservation' and 'deploy.resources.reservations.memory'"));
        }
        if (service.PidsLimit is { } pids && limits?.Pids is { } limitPids && pids.Value != limitPids)
        {
            report(new ComposeProblem(ComposeProblemKind.Consistency, pids.Span, $"services.{name}: can't set distinct values on 'pids_limit' and 'deploy.resources.limits.pids'"));
        }
    }

    private static void CheckMounts(ComposeService service, Action<ComposeProblem> report)
    {
        var mounts = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < service.Tmpfs.Count; i++)
        {
            var path = service.Tmpfs[i].Value.Split(':')[0];
            var location = $"services.{service.Name}.tmpfs[{i}]";
            if (!mounts.TryAdd(path, location))
            {
                report(new ComposeProblem(ComposeProblemKind.Consistency, service.Tmpfs[i].Span, $"{location}: target {path} already mounted as {mounts[path]}"));
            }
        }
        for (var i = 0; i < service.Volumes.Count; i++)
        {
            var volume = service.Volumes[i];
            var location = $"services.{service.Name}.volumes[{i}]";
            if (!mounts.TryAdd(volume.Target, location))
            {
                report(new ComposeProblem(ComposeProblemKind.Consistency, volume.Span, $"{location}: target {volume.Target} already mounted as {mounts[volume.Target]}"));
            }
        }
    }

    /// <summary>Depth-first search for depends_on cycles, iterative so a long chain cannot exhaust the stack.</summary>
    private static void CheckCycles(ComposeProject project, Action<ComposeProblem> report)
    {
        var services = project.Services.ToDictionary(service => service.Name, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the current path, 2 done
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in project.Services)
        {
            if (state.ContainsKey(root.Name))
            {
                continue;
            }
            var path = new List<string> { root.Name };
            var next = new Stack<int>();
            next.Push(0);
            state[root.Name] = 1;
            while (path.Count > 0)
            {
                var current = services[path[^1]];
                var index = next.Pop();
                if (index >= current.DependsOn.Count)
                {
                    state[current.Name] = 2;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }
                next.Push(index + 1);
                var dependency = current.DependsOn[index];
                if (!services.ContainsKey(dependency.Service))
                {
                    continue;
                }
                if (state.TryGetValue(dependency.Service, out var seen))
                {
                    if (seen == 1)
                    {
                        var start = path.IndexOf(dependency.Service);
                        var members = path[start..];
                        if (reported.Add(string.Join(',', members.Order(StringComparer.Ordinal))))
                        {
                            report(new ComposeProblem(ComposeProblemKind.Consistency, dependency.Span, $"dependency cycle detected: {string.Join(" -> ", members)} -> {dependency.Service}")
                            {
                                Fix = "Remove one of the depends_on entries in the cycle.",
                            });
                        }
                    }
                    continue;
                }
                state[dependency.Service] = 1;
                path.Add(dependency.Service);
                next.Push(0);
            }
        }
    }
}
