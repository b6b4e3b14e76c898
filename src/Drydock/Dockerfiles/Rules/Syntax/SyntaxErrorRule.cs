using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Syntax;

/// <summary>DF001: what BuildKit's parser or instruction parser would refuse. Reported once each; the rest of the file is still checked.</summary>
public sealed class SyntaxErrorRule() : DockerfileRule(Describe(
    "DF001", "Dockerfile syntax error", RuleCategories.Syntax, Severity.Error,
    "{0}",
    "BuildKit stops the build at this instruction. Fix it as the message says; Drydock keeps checking the rest of the file, so the other findings are still valid."))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis) =>
        analysis.Document.Errors.Select(error => Report(error.Span, error.Message));
}
