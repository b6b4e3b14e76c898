using Drydock.Compose.Model;
using Drydock.Findings;
using Drydock.Text;

namespace Drydock.Compose.Rules;

/// <summary>
/// A Compose rule: its descriptor plus a pure check over a <see cref="ComposeAnalysis"/>. Per-service rules look at
/// every service, including those behind an inactive profile (they ship too); rules across services look at the
/// enabled ones, as Compose would run them.
/// </summary>
public abstract class ComposeRule(RuleDescriptor descriptor) : Rule<ComposeAnalysis>(descriptor)
{
    /// <summary>The services a per-service rule checks.</summary>
    protected static IEnumerable<ComposeService> Services(ComposeAnalysis model) => model.Project.AllServices;
}

/// <summary>A rule that looks at one service at a time.</summary>
public abstract class ServiceRule(RuleDescriptor descriptor) : ComposeRule(descriptor)
{
    public sealed override IEnumerable<Finding> Check(ComposeAnalysis model) => Services(model).SelectMany(service => Check(service, model));

    protected abstract IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model);
}

/// <summary>What Compose findings add to a finding.</summary>
internal static class ComposeFindings
{
    /// <summary>Names the service the finding is about, so grouped rules (DC048) can gather one service's findings.</summary>
    public static Finding About(this Finding finding, ComposeService service, ComposeAnalysis model) =>
        finding with { Subject = new FindingSubject(service.Name, model.Project.WorkingDirectory) };
}
