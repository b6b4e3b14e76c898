using Drydock.Dockerfiles.Parsing;
using Drydock.Dockerfiles.Rules.Stages;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Variables;

/// <summary>DF051: an ENV value refers to a variable set earlier in the same ENV, which it does not see yet.</summary>
public sealed class EnvSelfReferenceRule() : DockerfileRule(Describe(
    "DF051", "ENV refers to a variable set in the same instruction", RuleCategories.Correctness, Severity.Error,
    "ENV {0} uses ${1}, which this same ENV sets: it gets the value from before the instruction ({2})",
    "All values of one ENV are expanded with the variables as they were before the instruction. Split it into two ENV instructions so the second sees the first.",
    "DL3044"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, env) in analysis.All<KeyValueInstruction>())
        {
            if (env.Kind != InstructionKind.Env || env.Pairs.Count < 2)
            {
                continue;
            }
            var scope = analysis.Resolution.ScopeBefore(env);
            var defined = new HashSet<string>(StringComparer.Ordinal);
            foreach (var pair in env.Pairs)
            {
                foreach (var name in UndefinedArgInFromRule.References(pair.Value))
                {
                    if (defined.Contains(name))
                    {
                        var before = scope.Find(name) is { Value: { } old } ? $"'{old}'" : "unset";
                        yield return Report(pair.ValueSpan, pair.Key, name, before);
                        break;
                    }
                }
                defined.Add(pair.Key);
            }
        }
    }
}
