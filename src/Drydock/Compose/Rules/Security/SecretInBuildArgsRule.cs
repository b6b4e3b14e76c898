using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Security;

/// <summary>DC013: a credential passed as a literal build arg.</summary>
public sealed class SecretInBuildArgsRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC013",
        "Hard-coded credential in build args",
        RuleCategories.Security,
        Severity.Error,
        "service '{0}' passes build arg {1} as a literal value ({2})",
        "Build args are stored in the image's history ('docker history') and in the Compose file. Use build secrets ('build: secrets:' with RUN --mount=type=secret) for credentials needed at build time.")
    {
        Aliases = [],
        MasksSourceValues = true,
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        foreach (var arg in service.Build?.Args ?? [])
        {
            var written = model.Project.WrittenText(arg.Span, arg.Value);
            if (SecretDetector.Classify(arg.Key, arg.Value, written) is { } why)
            {
                yield return Report(arg.Span, service.Name, arg.Key, why);
            }
        }
    }
}
