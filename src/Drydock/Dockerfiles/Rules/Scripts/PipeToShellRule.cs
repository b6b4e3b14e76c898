using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Scripts;

/// <summary>DF075: a download piped straight into an interpreter.</summary>
public sealed class PipeToShellRule() : DockerfileRule(Describe(
    "DF075", "Download piped into a shell", RuleCategories.Security, Severity.Warning,
    "RUN pipes a download by {0} into '{1}': the script runs without any check",
    "Whatever the server returns runs in the build, and the next build may get something else. Download to a file, verify its checksum (sha256sum -c), then run it; or use ADD --checksum.")
)
{
    private static readonly string[] Interpreters = ["sh", "bash", "dash", "ash", "zsh", "ksh", "python", "python3", "perl", "ruby", "node", "php"];

    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, script) in analysis.AllScripts)
        {
            foreach (var pipeline in script.Script.Pipelines)
            {
                var download = pipeline.FirstOrDefault(c => c.Is("curl", "wget"));
                if (download is null)
                {
                    continue;
                }
                var interpreter = pipeline.Skip(download.PipelineIndex + 1).FirstOrDefault(c => c.Is(Interpreters) || c.Is("sudo") && c.Arguments.FirstOrDefault()?.Value is { } next && Interpreters.Contains(next));
                if (interpreter is not null)
                {
                    yield return Report(script.SpanOf(download), download.Name, interpreter.Is("sudo") ? interpreter.Arguments.First().Value : interpreter.Name);
                }
            }
        }
    }
}
