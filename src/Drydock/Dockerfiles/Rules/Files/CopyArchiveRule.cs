using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Files;

/// <summary>DF032: COPY of a tar archive that a later RUN extracts; ADD does both in one layer.</summary>
public sealed class CopyArchiveRule() : DockerfileRule(Describe(
    "DF032", "COPY then extract an archive", RuleCategories.Performance, Severity.Info,
    "COPY of the archive '{0}' is extracted by the RUN at line {1}: ADD extracts it in one step",
    "Copying an archive and then running tar keeps the archive in a layer of its own. ADD extracts local tar archives directly into the destination.",
    "DL3010"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var stage in analysis.Stages)
        {
            var instructions = stage.Stage.Instructions;
            for (var i = 0; i < instructions.Count; i++)
            {
                if (instructions[i] is not CopyInstruction { IsAdd: false, From: null } copy)
                {
                    continue;
                }
                foreach (var source in copy.Sources)
                {
                    var path = analysis.Expand(copy, source.Value).Text;
                    if (!path.Contains(".tar", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }
                    var file = Path.GetFileName(path);
                    var extractor = instructions.Skip(i + 1).OfType<RunInstruction>().FirstOrDefault(run => analysis.Scripts(run).Any(script =>
                        script.Commands.Any(command => command.Is("tar") && command.Arguments.Any(argument => argument.Value.EndsWith(file, StringComparison.Ordinal)))));
                    if (extractor is not null)
                    {
                        yield return Report(source.Span, path, extractor.StartLine);
                    }
                }
            }
        }
    }
}
