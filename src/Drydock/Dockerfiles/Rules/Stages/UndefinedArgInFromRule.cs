using Drydock.Dockerfiles.Stages;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Stages;

/// <summary>DF018: FROM uses a variable that no ARG before the first FROM declares (BuildKit: UndefinedArgInFrom).</summary>
public sealed class UndefinedArgInFromRule() : DockerfileRule(Describe(
    "DF018", "Undeclared ARG in FROM", RuleCategories.Correctness, Severity.Warning,
    "FROM uses '{0}', which is not declared by an ARG before the first FROM{1}",
    "FROM lines only see ARGs declared before the first FROM (and the predefined platform ARGs). Add 'ARG NAME=default' at the top of the file, or fix the name.",
    "UndefinedArgInFrom"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        var global = analysis.Resolution.GlobalScope;
        var declared = global.Bindings.Select(b => b.Name).ToList();
        foreach (var stage in analysis.Document.Stages)
        {
            var values = new List<ValueAt> { new(stage.From.Image.Value, stage.From.Image.Span) };
            if (stage.From.Platform is { Value: { } platform } flag)
            {
                values.Add(new ValueAt(platform, flag.Span));
            }
            foreach (var (raw, span, _) in values)
            {
                foreach (var name in References(raw))
                {
                    if (!global.IsDeclared(name))
                    {
                        var suggestion = RuleText.Suggest(name, declared);
                        yield return Report(span, name, suggestion is null ? string.Empty : $" (did you mean {suggestion}?)");
                    }
                }
            }
        }
    }

    internal static IEnumerable<string> References(string raw)
    {
        if (!raw.Contains('$', StringComparison.Ordinal))
        {
            return [];
        }
        var result = new Shell.ShellLexer().ProcessWord(raw, VariableScope.Empty);
        return result.Matched.Concat(result.Unmatched).Distinct().Order(StringComparer.Ordinal);
    }
}
