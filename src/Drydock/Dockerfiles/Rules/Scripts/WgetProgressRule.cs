using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Scripts;

/// <summary>DF074 (off by default): wget's default progress output floods build logs.</summary>
public sealed class WgetProgressRule() : DockerfileRule(Describe(
    "DF074", "wget without --progress", RuleCategories.Style, Severity.Info,
    "wget of '{0}' without --progress or -q fills the build log with progress lines",
    "Use wget --progress=dot:giga, -nv or -q in builds.",
    "DL3047")
    with { EnabledByDefault = false })
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, script, command) in analysis.Commands)
        {
            if (command.Is("wget") && !command.HasFlag("--progress", "-q", "--quiet", "-nv", "--no-verbose", "-O-") && command.Positionals().FirstOrDefault() is { } url)
            {
                yield return Report(script.SpanOf(command), url.Value);
            }
        }
    }
}
