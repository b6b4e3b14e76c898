using Drydock.Dockerfiles.Parsing;
using Drydock.Dockerfiles.Rules.Stages;
using Drydock.Dockerfiles.Stages;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Variables;

/// <summary>
/// DF052: a variable used in an instruction BuildKit expands, that the stage never declares (BuildKit: UndefinedVar).
/// Base-image ENV is unknown without pulling it, so only sure cases are reported: a near-miss of a declared name, a
/// predefined platform ARG not re-declared in the stage, or any name in a stage built FROM scratch.
/// </summary>
public sealed class UndefinedVariableRule() : DockerfileRule(Describe(
    "DF052", "Undefined variable", RuleCategories.Correctness, Severity.Warning,
    "'{0}' is not defined in stage {1}{2}",
    "Variables expand to an empty string when nothing defines them. Declare it (ARG NAME or ENV NAME=value) before use, or fix the name. Predefined ARGs such as TARGETARCH must be re-declared with 'ARG TARGETARCH' inside the stage.",
    "UndefinedVar"))
{
    private static readonly HashSet<string> ProxyArgs = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"];

    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var stage in analysis.Stages)
        {
            foreach (var instruction in stage.Stage.Instructions)
            {
                var scope = analysis.Resolution.ScopeBefore(instruction);
                foreach (var (raw, span, _) in ExpandedWords(instruction))
                {
                    foreach (var name in UndefinedArgInFromRule.References(raw))
                    {
                        if (scope.IsDeclared(name) || ProxyArgs.Contains(name) || name.All(char.IsAsciiDigit) || name.Length == 1 && !char.IsAsciiLetter(name[0]))
                        {
                            continue;
                        }
                        if (DockerfileResolution.PredefinedArgs.ContainsKey(name))
                        {
                            yield return Report(span, name, stage.Stage.DisplayName, $": add 'ARG {name}' in the stage to use the predefined value");
                            continue;
                        }
                        var suggestion = RuleText.Suggest(name, scope.Bindings.Select(b => b.Name));
                        if (suggestion is not null)
                        {
                            yield return Report(span, name, stage.Stage.DisplayName, $" (did you mean {suggestion}?)");
                        }
                        else if (stage.IsFromScratch)
                        {
                            yield return Report(span, name, stage.Stage.DisplayName, ", and a stage built FROM scratch inherits no environment");
                        }
                    }
                }
            }
        }
    }

    /// <summary>The words BuildKit expands in an instruction (RUN and CMD are expanded by the shell at run time, not here).</summary>
    private static IEnumerable<ValueAt> ExpandedWords(Instruction instruction) => instruction switch
    {
        KeyValueInstruction pairs => pairs.Pairs.Select(pair => new ValueAt(pair.Value, pair.ValueSpan)),
        ArgInstruction arg => arg.Declarations.Where(d => d.DefaultValue is not null).Select(d => new ValueAt(d.DefaultValue!, d.Span)),
        CopyInstruction copy => copy.Sources.Where(s => s.Heredoc is null).Select(s => new ValueAt(s.Value, s.Span))
            .Concat(copy.Destination is { } destination ? [new ValueAt(destination.Value, destination.Span)] : [])
            .Concat(copy.Flags.Where(f => f.Value is not null).Select(f => new ValueAt(f.Value!, f.Span))),
        SingleValueInstruction { Kind: not InstructionKind.Maintainer, Value: { } value } => [new ValueAt(value.Value, value.Span)],
        ListInstruction list => list.Values.Select(v => new ValueAt(v.Value, v.Span)),
        _ => [],
    };
}
