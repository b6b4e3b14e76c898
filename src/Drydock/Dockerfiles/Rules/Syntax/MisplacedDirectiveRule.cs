using Drydock.Findings;
using Drydock.Text;

namespace Drydock.Dockerfiles.Rules.Syntax;

/// <summary>DF005: a <c># syntax=</c> or <c># escape=</c> line that is silently a comment because it is not at the very top.</summary>
public sealed class MisplacedDirectiveRule() : DockerfileRule(Describe(
    "DF005", "Parser directive ignored", RuleCategories.Correctness, Severity.Warning,
    "'# {0}={1}' is an ordinary comment here: parser directives only count at the very top of the file",
    "Parser directives (syntax, escape, check) are read only before the first instruction, comment or blank line. Move the line to the top of the file, above any other comment, without blank lines before it."))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        var directiveLines = analysis.Document.Syntax.Directives.Select(d => d.Line).ToHashSet();
        foreach (var comment in analysis.Document.Syntax.Comments)
        {
            if (directiveLines.Contains(comment.Line))
            {
                continue;
            }
            var text = comment.Text.Trim();
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }
            var name = text[..equals].Trim().ToLowerInvariant();
            if (name is "syntax" or "escape")
            {
                yield return Report(new SourceSpan(analysis.Path, comment.Line, Math.Max(1, comment.Column), comment.Line, comment.Column + comment.Text.Length + 1), name, text[(equals + 1)..].Trim());
            }
        }
    }
}
