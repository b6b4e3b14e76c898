using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Scripts;

/// <summary>DF057: both wget and curl in one stage.</summary>
public sealed class WgetAndCurlRule() : DockerfileRule(Describe(
    "DF057", "Both wget and curl", RuleCategories.Maintainability, Severity.Info,
    "Stage {0} uses both wget (line {1}) and curl (line {2}): pick one",
    "Using both download tools means installing and maintaining both. Use one of them throughout the stage.",
    "DL4001", "DS-0014"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var group in analysis.Commands.GroupBy(item => item.Stage))
        {
            var wget = group.FirstOrDefault(item => item.Command.Is("wget"));
            var curl = group.FirstOrDefault(item => item.Command.Is("curl"));
            if (wget is null || curl is null)
            {
                continue;
            }
            var wgetSpan = wget.Script.SpanOf(wget.Command);
            var curlSpan = curl.Script.SpanOf(curl.Command);
            var later = wgetSpan.Line >= curlSpan.Line ? wgetSpan : curlSpan;
            yield return Report(later, group.Key.Stage.DisplayName, wgetSpan.Line, curlSpan.Line);
        }
    }
}
