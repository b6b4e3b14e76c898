using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Runtime;

/// <summary>DF040: CMD or ENTRYPOINT in shell form, so the process is not PID 1 and misses SIGTERM (BuildKit: JSONArgsRecommended).</summary>
public sealed class ShellFormCommandRule() : DockerfileRule(Describe(
    "DF040", "Shell-form CMD or ENTRYPOINT", RuleCategories.Reliability, Severity.Warning,
    "JSON arguments recommended for {0} to prevent unintended behavior related to OS signals: '{1}'",
    "In shell form the container's main process is /bin/sh -c, which does not forward SIGTERM: 'docker stop' waits for the timeout and then kills the service. Use exec form: CMD [\"program\", \"arg\"]. If you need a shell, end the script with exec.",
    "JSONArgsRecommended", "DL3025"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var stage in analysis.Stages)
        {
            var shellChanged = stage.Parent?.ShellInstruction is not null;
            foreach (var instruction in stage.Stage.Instructions)
            {
                if (instruction.Kind == InstructionKind.Shell)
                {
                    shellChanged = true;
                }
                // A line starting with '[' is broken exec form: DF008 says so more precisely.
                if (!shellChanged && instruction is CommandInstruction { Kind: InstructionKind.Cmd or InstructionKind.Entrypoint, IsExecForm: false, ShellCommand: { } line } && !line.Value.TrimStart().StartsWith('['))
                {
                    yield return Report(instruction.Span, instruction.Keyword.ToUpperInvariant(), RuleText.Excerpt(line.Value));
                }
            }
        }
    }
}
