using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Runtime;

/// <summary>DF044: the image defines no HEALTHCHECK.</summary>
public sealed class MissingHealthcheckRule() : DockerfileRule(Describe(
    "DF044", "No HEALTHCHECK", RuleCategories.Reliability, Severity.Info,
    "The final stage {0} defines no HEALTHCHECK",
    "Without a health check, Docker and Compose only know whether the process is running, not whether it serves: depends_on: condition: service_healthy cannot work. Add one (HEALTHCHECK CMD [\"/app/healthcheck\"]) or define it in the compose file; HEALTHCHECK NONE states that there is none on purpose.",
    "DL3057", "DS-0026"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        if (analysis.Resolution.Target is not { } target)
        {
            yield break;
        }
        if (analysis.Resolution.ImageStages.Any(stage => stage.Stage.Instructions.Any(i => i.Kind == InstructionKind.Healthcheck)))
        {
            yield break;
        }
        yield return Report(target.Stage.From.KeywordSpan, target.Stage.DisplayName);
    }
}
