using Drydock.Findings;

namespace Drydock.Verification.Posture.Rules;

/// <summary>RT002: the root filesystem is writable.</summary>
public sealed class WritableRootFilesystemRule() : Rule<RuntimePostureModel>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "RT002",
        "Writable root filesystem",
        RuleCategories.Security,
        Severity.Info,
        "service '{0}' runs with a writable root filesystem (ReadonlyRootfs is false)",
        "With 'read_only: true' an intruder can neither drop tools nor change the application. Give the paths the service writes a tmpfs ('tmpfs: [/tmp]') or a volume.")
    {
        Aliases = ["CIS-5.12"],
    };

    public override IEnumerable<Finding> Check(RuntimePostureModel model)
    {
        if (!model.ReadOnlyRootfs)
        {
            yield return Report(model.ServiceSpan, model.Service).WithFix("read_only: true");
        }
    }
}
