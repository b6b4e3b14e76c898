using Drydock.Compose.Model;
using Drydock.Findings;
using Drydock.Text;

namespace Drydock.Compose.Rules.Reliability;

/// <summary>DC026: a pulled image without a tag, or with <c>latest</c>.</summary>
public sealed class ImageTagMissingOrLatestRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC026",
        "Image without a version",
        RuleCategories.Reliability,
        Severity.Warning,
        "service '{0}' uses {1}, {2}: the next pull may bring another version",
        "'latest' (and no tag, which means latest) moves with every release, so the stack you tested is not the one you will deploy. Pin a version tag ('postgres:16.4'), or better a digest.")
    {
        Aliases = ["CL-0004", "dclint:service-image-require-explicit-tag"],
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        if (service.Build is not null || service.Image is not { } image)
        {
            yield break;
        }
        var (_, _, tag, digest) = ImageReferenceParts.Split(image.Value);
        if (digest is not null)
        {
            yield break;
        }
        if (tag is null)
        {
            yield return Report(image.Span, service.Name, image.Value, "with no tag (latest)");
        }
        else if (tag.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            yield return Report(image.Span, service.Name, image.Value, "the 'latest' tag");
        }
    }
}
