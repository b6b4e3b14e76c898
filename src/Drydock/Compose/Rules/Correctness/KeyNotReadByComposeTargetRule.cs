using Drydock.Findings;
using Drydock.Yaml;

namespace Drydock.Compose.Rules.Correctness;

/// <summary>
/// DC049: a key the Compose implementation <c>drydock verify</c> would drive cannot read. docker-compose 1.29 validates
/// files against its own copy of the Compose Specification of early 2021 and refuses every key added since (the
/// top-level <c>name</c>, <c>develop</c>, <c>depends_on</c>'s <c>required</c> and <c>restart</c>, …): <c>verify</c>
/// then fails before building anything. The keys it reads are listed here; anything else (but <c>x-</c> extensions) is
/// reported where it is written, in every file of the project.
/// </summary>
public sealed class KeyNotReadByComposeTargetRule() : ComposeRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC049",
        "Key the Compose implementation cannot read",
        RuleCategories.Correctness,
        Severity.Warning,
        "{0} does not read {1}; 'drydock verify' with it fails to load this file",
        "drydock verify drives the Compose implementation 'drydock engine' shows. docker-compose 1.x (the Python tool, 1.29 in Debian and Ubuntu) validates files against the Compose Specification of early 2021 and refuses keys added later, such as the top-level 'name', 'develop', 'include', depends_on's 'required' and 'restart', and long-syntax env_file. Remove the key, or install Compose v2 (the docker-compose-plugin package). When verify runs on another machine, say which Compose it has with check.compose_target (or --compose-target) in drydock.yml.");

    // docker-compose 1.29.2's schema (compose/config/compose_spec.json), as facts: the keys it accepts at each level.
    private static readonly HashSet<string> TopLevel = new(StringComparer.Ordinal) { "version", "services", "networks", "volumes", "secrets", "configs" };

    private static readonly HashSet<string> ServiceKeys = new(StringComparer.Ordinal)
    {
        "blkio_config", "build", "cap_add", "cap_drop", "cgroup_parent", "command", "configs", "container_name", "cpu_count",
        "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares", "cpus", "cpuset",
        "credential_spec", "depends_on", "deploy", "device_cgroup_rules", "devices", "dns", "dns_opt", "dns_search",
        "domainname", "entrypoint", "env_file", "environment", "expose", "extends", "external_links", "extra_hosts",
        "group_add", "healthcheck", "hostname", "image", "init", "ipc", "isolation", "labels", "links", "logging",
        "mac_address", "mem_limit", "mem_reservation", "mem_swappiness", "memswap_limit", "network_mode", "networks",
        "oom_kill_disable", "oom_score_adj", "pid", "pids_limit", "platform", "ports", "privileged", "profiles",
        "pull_policy", "read_only", "restart", "runtime", "scale", "secrets", "security_opt", "shm_size", "stdin_open",
        "stop_grace_period", "stop_signal", "storage_opt", "sysctls", "tmpfs", "tty", "ulimits", "user", "userns_mode",
        "volumes", "volumes_from", "working_dir",
    };

    private static readonly HashSet<string> BuildKeys = new(StringComparer.Ordinal) { "args", "cache_from", "context", "dockerfile", "extra_hosts", "isolation", "labels", "network", "shm_size", "target" };

    private static readonly HashSet<string> HealthcheckKeys = new(StringComparer.Ordinal) { "disable", "interval", "retries", "start_period", "test", "timeout" };

    public override IEnumerable<Finding> Check(ComposeAnalysis model)
    {
        if (model.Target != ComposeTarget.V1)
        {
            yield break;
        }
        const string v1 = "docker-compose 1.x";
        foreach (var document in model.Project.SourceDocuments)
        {
            foreach (var (key, value) in document.Root.Entries.Select(entry => (entry.Key, entry.Value)))
            {
                if (!TopLevel.Contains(key.Value) && !IsExtension(key.Value))
                {
                    yield return Report(key.Span, v1, $"the top-level '{key.Value}'").WithFix(key.Value == "name" ? "remove 'name:' and pass the project name with -p or COMPOSE_PROJECT_NAME" : $"remove '{key.Value}:'");
                }
            }
            if (document.Root["services"] is not YamlMapping services)
            {
                continue;
            }
            foreach (var service in services.Entries)
            {
                if (service.Value is not YamlMapping definition)
                {
                    continue;
                }
                var name = service.Key.Value;
                foreach (var finding in Unknown(definition, ServiceKeys, v1, $"services.{name}"))
                {
                    yield return finding;
                }
                if (definition["build"] is YamlMapping build)
                {
                    foreach (var finding in Unknown(build, BuildKeys, v1, $"services.{name}.build"))
                    {
                        yield return finding;
                    }
                }
                if (definition["healthcheck"] is YamlMapping healthcheck)
                {
                    foreach (var finding in Unknown(healthcheck, HealthcheckKeys, v1, $"services.{name}.healthcheck"))
                    {
                        yield return finding;
                    }
                }
                if (definition["depends_on"] is YamlMapping dependsOn)
                {
                    foreach (var dependency in dependsOn.Entries)
                    {
                        if (dependency.Value is not YamlMapping options)
                        {
                            continue;
                        }
                        foreach (var option in options.Entries.Where(option => option.Key.Value != "condition"))
                        {
                            yield return Report(option.Key.Span, v1, $"depends_on's '{option.Key.Value}' (services.{name}.depends_on.{dependency.Key.Value})").WithFix($"remove '{option.Key.Value}:'");
                        }
                        if (options["condition"] is null)
                        {
                            yield return Report(dependency.Key.Span, v1, $"a depends_on entry without 'condition' (services.{name}.depends_on.{dependency.Key.Value})").WithFix("add 'condition: service_started'");
                        }
                    }
                }
                if (definition["env_file"] is YamlSequence envFiles)
                {
                    foreach (var entry in envFiles.Items.OfType<YamlMapping>())
                    {
                        yield return Report(entry.Span, v1, $"the long syntax of env_file (services.{name}.env_file)").WithFix("write the path alone, e.g. '- ./app.env'");
                    }
                }
            }
        }
    }

    private IEnumerable<Finding> Unknown(YamlMapping mapping, HashSet<string> known, string implementation, string path) =>
        mapping.Entries
            .Where(entry => !known.Contains(entry.Key.Value) && !IsExtension(entry.Key.Value))
            .Select(entry => Report(entry.Key.Span, implementation, $"'{entry.Key.Value}' ({path})").WithFix($"remove '{entry.Key.Value}:'"));

    private static bool IsExtension(string key) => key.StartsWith("x-", StringComparison.Ordinal);
}
