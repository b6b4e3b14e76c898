using Drydock.Compose.Model;
using Drydock.Findings;
using Drydock.Yaml;

namespace Drydock.Compose.Rules.Style;

/// <summary>DC043: unquoted port mappings (YAML 1.1 reads <c>22:22</c> as a base-60 number).</summary>
public sealed class PortsNotQuotedRule() : StyleRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC043",
        "Port not quoted",
        RuleCategories.Style,
        Severity.Info,
        "service '{0}': quote the port '{1}'",
        "YAML 1.1 parsers (docker-compose v1, PyYAML) read an unquoted 'xx:yy' with yy below 60 as a base-60 number. Quote every port mapping and exposed port.")
    {
        Aliases = ["dclint:require-quotes-in-ports"],
        EnabledByDefault = false,
    };

    protected override IEnumerable<Finding> Check(YamlMapping root, ComposeSourceDocument document)
    {
        foreach (var (name, service, _) in Services(root))
        {
            foreach (var key in new[] { "ports", "expose" })
            {
                foreach (var port in (service[key] as YamlSequence)?.Items.OfType<YamlScalar>() ?? [])
                {
                    if (port.Style == YamlScalarStyle.Plain)
                    {
                        yield return Report(port.Span, name, port.Value);
                    }
                }
            }
        }
    }
}
