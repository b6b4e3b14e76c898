using Drydock.Compose.Model;
using Drydock.Findings;
using Drydock.Yaml;

namespace Drydock.Compose.Rules.Style;

/// <summary>DC044: quoted short-syntax volumes.</summary>
public sealed class VolumesQuotedRule() : StyleRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC044",
        "Volume quoted",
        RuleCategories.Style,
        Severity.Info,
        "service '{0}': the volume '{1}' needs no quotes",
        "Short-syntax volumes are plain strings; quotes add noise.")
    {
        Aliases = ["dclint:no-quotes-in-volumes"],
        EnabledByDefault = false,
    };

    protected override IEnumerable<Finding> Check(YamlMapping root, ComposeSourceDocument document)
    {
        foreach (var (name, service, _) in Services(root))
        {
            foreach (var volume in (service["volumes"] as YamlSequence)?.Items.OfType<YamlScalar>() ?? [])
            {
                if (volume.Style is YamlScalarStyle.SingleQuoted or YamlScalarStyle.DoubleQuoted && !volume.Value.Contains('$', StringComparison.Ordinal))
                {
                    yield return Report(volume.Span, name, volume.Value);
                }
            }
        }
    }
}
