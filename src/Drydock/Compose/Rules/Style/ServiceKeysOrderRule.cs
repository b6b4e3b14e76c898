using Drydock.Compose.Model;
using Drydock.Findings;
using Drydock.Yaml;

namespace Drydock.Compose.Rules.Style;

/// <summary>DC040: service keys in dclint's logical order (definition, dependencies, data, environment, network, runtime, metadata, security).</summary>
public sealed class ServiceKeysOrderRule() : StyleRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC040",
        "Service keys out of order",
        RuleCategories.Style,
        Severity.Info,
        "service '{0}': '{1}' should come before '{2}'",
        "Keys in a consistent order make services quick to scan: image, build, container_name; depends_on; volumes, volumes_from, configs, secrets; environment, env_file; ports, networks, network_mode, extra_hosts; command, entrypoint, working_dir, restart, healthcheck; logging, labels; user, isolation; then the rest.")
    {
        Aliases = ["dclint:service-keys-order"],
        EnabledByDefault = false,
    };

    private static readonly string[] Order =
    [
        "image", "build", "container_name",
        "depends_on",
        "volumes", "volumes_from", "configs", "secrets",
        "environment", "env_file",
        "ports", "networks", "network_mode", "extra_hosts",
        "command", "entrypoint", "working_dir", "restart", "healthcheck",
        "logging", "labels",
        "user", "isolation",
    ];

    protected override IEnumerable<Finding> Check(YamlMapping root, ComposeSourceDocument document)
    {
        foreach (var (name, service, _) in Services(root))
        {
            var keys = service.Entries.Select(entry => entry.Key).ToList();
            var rank = keys.Select(key => Array.IndexOf(Order, key.Value) is var index and >= 0 ? index : Order.Length).ToList();
            for (var i = 1; i < keys.Count; i++)
            {
                var earlier = Enumerable.Range(0, i).FirstOrDefault(j => rank[j] > rank[i], -1);
                if (earlier >= 0)
                {
                    yield return Report(keys[i].Span, name, keys[i].Value, keys[earlier].Value);
                    break;
                }
            }
        }
    }
}
