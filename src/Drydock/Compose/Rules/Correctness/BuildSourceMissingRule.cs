using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Correctness;

/// <summary>
/// DC047: a service's <c>build:</c> names a context directory, a Dockerfile or a target stage that does not exist.
/// Cross-file: <c>docker compose config</c> accepts it, <c>docker compose build</c> (and <c>up</c>) fails on it.
/// </summary>
public sealed class BuildSourceMissingRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC047",
        "Build context, Dockerfile or target missing",
        RuleCategories.Correctness,
        Severity.Error,
        "service '{0}' {1}",
        "The build fails before it starts: 'unable to prepare context', 'failed to read dockerfile' or 'target stage could not be found'. Fix build.context (relative to the project directory), build.dockerfile (relative to the context) or build.target (a stage name: FROM … AS name).")
    {
        Aliases = [],
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        if (service.Build is not { IsRemote: false } build)
        {
            yield break;
        }
        if (model.Facts.BuildContexts.TryGetValue(build.Context, out var contextExists) && !contextExists)
        {
            yield return Report(build.ContextSpan, service.Name, $"builds from {RuleText.Display(build.Context, model.Project.WorkingDirectory)}, which is not a directory");
            yield break;
        }
        if (!model.Facts.Dockerfiles.TryGetValue(service.Name, out var dockerfile))
        {
            yield break;
        }
        if (!dockerfile.Exists)
        {
            yield return Report(build.DockerfileSpan ?? build.ContextSpan, service.Name, $"builds {RuleText.Display(dockerfile.Path, model.Project.WorkingDirectory)}, which does not exist");
        }
        else if (!dockerfile.TargetFound)
        {
            var file = build.DockerfileInline is null ? RuleText.Display(dockerfile.Path, model.Project.WorkingDirectory) : "dockerfile_inline";
            yield return Report(build.TargetSpan ?? build.Span, service.Name, $"builds target '{build.Target}', which is not a stage of {file}");
        }
    }
}
