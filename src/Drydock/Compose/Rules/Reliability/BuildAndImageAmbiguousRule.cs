using Drydock.Compose.Model;
using Drydock.Findings;
using Drydock.Text;

namespace Drydock.Compose.Rules.Reliability;

/// <summary>DC027: <c>build</c> and an unversioned <c>image</c> both set, without a <c>pull_policy</c> saying which wins.</summary>
public sealed class BuildAndImageAmbiguousRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC027",
        "Build and image both set without intent",
        RuleCategories.Reliability,
        Severity.Warning,
        "service '{0}' has both build and image '{1}' and no pull_policy: Compose may pull that image instead of building",
        "With both keys, 'docker compose up' pulls the image when a registry has it and builds only otherwise. Name the built image with a version tag ('myapp/api:1.4.0'), or set 'pull_policy: build' to always build, or drop one of the keys.")
    {
        Aliases = ["dclint:no-build-and-image"],
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        if (service.Build is null || service.Image is not { } image || service.PullPolicy is not null)
        {
            yield break;
        }
        var tag = ImageReferenceParts.Split(image.Value).Tag;
        if (tag is null || tag.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            yield return Report(image.Span, service.Name, image.Value).WithFix("pull_policy: build");
        }
    }
}
