using Drydock.Findings;

namespace Drydock.Images.Rules;

/// <summary>IM001: the container's process runs as root.</summary>
public sealed class RunsAsRootRule() : Rule<ImageRuleContext>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "IM001",
        "Image runs as root",
        RuleCategories.Security,
        Severity.Warning,
        "The image runs as root ({0}).",
        "A process running as root in the container is root on the host's kernel: one escape away from the host. Create a user and end the Dockerfile with `USER app` (or a numeric `USER 1000:1000`).")
    {
        Aliases = ["DL3002", "DS002", "CIS-DI-0001"],
    };

    public override IEnumerable<Finding> Check(ImageRuleContext context)
    {
        var user = context.Analysis.Config.User;
        if (user.IsRoot)
        {
            yield return Report(context.Span, user.Configured.Length == 0 ? "no USER is set" : $"USER {user.Configured}");
        }
    }
}
