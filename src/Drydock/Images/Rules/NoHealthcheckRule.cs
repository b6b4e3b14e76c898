using Drydock.Findings;

namespace Drydock.Images.Rules;

/// <summary>IM002: no HEALTHCHECK (or HEALTHCHECK NONE).</summary>
public sealed class NoHealthcheckRule() : Rule<ImageRuleContext>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "IM002",
        "Image has no health check",
        RuleCategories.Reliability,
        Severity.Info,
        "The image {0}.",
        "Without a health check the engine reports a hung service as running, and `depends_on: condition: service_healthy` cannot wait for it. Add `HEALTHCHECK CMD …` to the Dockerfile, or a `healthcheck:` in the compose file.")
    {
        Aliases = ["DS026", "CIS-DI-0006"],
    };

    public override IEnumerable<Finding> Check(ImageRuleContext context)
    {
        var healthcheck = context.Analysis.Config.Healthcheck;
        if (healthcheck is null)
        {
            yield return Report(context.Span, "defines no HEALTHCHECK");
        }
        else if (healthcheck.IsDisabled)
        {
            yield return Report(context.Span, "disables its health check (HEALTHCHECK NONE)");
        }
    }
}
