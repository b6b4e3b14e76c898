using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules;

/// <summary>A Dockerfile rule: a descriptor plus a pure check over a <see cref="DockerfileAnalysis"/>.</summary>
public abstract class DockerfileRule(RuleDescriptor descriptor) : Rule<DockerfileAnalysis>(descriptor)
{
    protected static RuleDescriptor Describe(string id, string title, string category, Severity severity, string message, string help, params string[] aliases) =>
        new(id, title, category, severity, message, help) { Aliases = aliases };
}
