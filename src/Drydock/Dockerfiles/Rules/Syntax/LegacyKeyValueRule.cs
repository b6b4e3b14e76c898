using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Syntax;

/// <summary>DF010: <c>ENV key value</c> instead of <c>ENV key=value</c> (BuildKit: LegacyKeyValueFormat).</summary>
public sealed class LegacyKeyValueRule() : DockerfileRule(Describe(
    "DF010", "Legacy key/value format", RuleCategories.Maintainability, Severity.Warning,
    "'{0} {1} {2}' uses the legacy whitespace form; write '{0} {1}={3}'",
    "The 'KEY value' form sets one variable whose value is the whole rest of the line, which is easy to misread (ENV A 1 B 2 sets A to \"1 B 2\"). Use KEY=value, quoting values with spaces.",
    "LegacyKeyValueFormat"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var instruction in analysis.Document.Instructions.OfType<KeyValueInstruction>())
        {
            foreach (var pair in instruction.Pairs.Where(p => p.IsLegacyForm))
            {
                var quoted = pair.Value.Contains(' ', StringComparison.Ordinal) && !pair.Value.StartsWith('"') ? $"\"{pair.Value}\"" : pair.Value;
                yield return Report(pair.Span, instruction.Keyword.ToUpperInvariant(), pair.Key, RuleText.Excerpt(pair.Value, 40), RuleText.Excerpt(quoted, 40));
            }
        }
    }
}
