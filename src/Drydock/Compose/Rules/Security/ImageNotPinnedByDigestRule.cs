using Drydock.Compose.Model;
using Drydock.Findings;
using Drydock.Text;

namespace Drydock.Compose.Rules.Security;

/// <summary>DC019: an image pulled by tag, not by digest (off by default).</summary>
public sealed class ImageNotPinnedByDigestRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC019",
        "Image not pinned by digest",
        RuleCategories.Security,
        Severity.Info,
        "service '{0}' pulls {1} by tag; the tag can be moved to other content",
        "A tag can be re-pushed; a digest cannot. Pin pulled images as 'name:tag@sha256:…' for reproducible, tamper-evident deployments.")
    {
        Aliases = ["CL-0019", "CIS-4.7"],
        EnabledByDefault = false,
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        if (service.Build is null && service.Image is { } image && ImageReferenceParts.Split(image.Value).Digest is null)
        {
            yield return Report(image.Span, service.Name, image.Value);
        }
    }
}
