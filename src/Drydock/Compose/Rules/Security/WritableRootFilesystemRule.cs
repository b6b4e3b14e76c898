using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Security;

/// <summary>DC018: the container's root filesystem is writable.</summary>
public sealed class WritableRootFilesystemRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC018",
        "Writable root filesystem",
        RuleCategories.Security,
        Severity.Info,
        "service '{0}' has a writable root filesystem (no read_only: true)",
        "With 'read_only: true' an intruder cannot drop tools or modify the application; give writable paths a tmpfs ('tmpfs: [/tmp]') or a volume.")
    {
        Aliases = ["CL-0007", "CIS-5.12"],
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        if (service.ReadOnly?.Value != true)
        {
            yield return Report(service.ReadOnly?.Span ?? service.Span, service.Name).WithFix("read_only: true, with tmpfs for the paths it writes");
        }
    }
}
