using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Security;

/// <summary>
/// DC015: <c>user: root</c> (or 0), or a service built here whose Dockerfile never switches to another user.
/// Cross-file: the built stage's USER comes from the service's Dockerfile with the service's build args.
/// </summary>
public sealed class RunsAsRootRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC015",
        "Runs as root",
        RuleCategories.Security,
        Severity.Warning,
        "service '{0}' runs as root: {1}",
        "A process running as root in the container is root on the host's kernel, one escape away from the host. Set 'user: \"1000:1000\"' (or a named user the image defines), or add a USER instruction to the Dockerfile.")
    {
        Aliases = ["CL-0018", "CIS-4.1"],
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        if (service.User is { } user)
        {
            var name = user.Value.Split(':')[0].Trim();
            if (name is "root" or "0")
            {
                yield return Report(user.Span, service.Name, $"user: {user.Value}").WithFix("user: \"1000:1000\"");
            }
            yield break;
        }
        if (model.Facts.Dockerfiles.TryGetValue(service.Name, out var dockerfile) && dockerfile.Exists)
        {
            var dockerfileUser = dockerfile.User?.Split(':')[0].Trim();
            if (dockerfileUser is null)
            {
                yield return Report(service.Build!.Span, service.Name, $"no 'user:' here and {System.IO.Path.GetFileName(dockerfile.Path)} has no USER for the built stage");
            }
            else if (dockerfileUser is "root" or "0")
            {
                yield return Report(service.Build!.Span, service.Name, $"{System.IO.Path.GetFileName(dockerfile.Path)} ends with USER {dockerfile.User}");
            }
        }
    }
}
