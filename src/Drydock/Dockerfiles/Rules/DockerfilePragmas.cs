using Drydock.Findings.Suppressions;
using Drydock.Dockerfiles.Parsing;
using Drydock.Dockerfiles.Stages;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules;

/// <summary>
/// Suppressions written in a Dockerfile: <c># drydock ignore=DF012,DF031 -- reason</c> for the next instruction,
/// <c># drydock global ignore=…</c> for the file, and the pragmas users already have: <c># hadolint ignore=DL3008</c>,
/// <c># hadolint global ignore=…</c>, and BuildKit's <c># check=skip=Rule</c> (as the top directive for the file, or
/// right above an instruction for it; <c>skip=all</c> covers every rule with a BuildKit name).
/// </summary>
public sealed class DockerfilePragmas
{
    private readonly List<string> _fileTokens = [];
    private readonly List<(int StartLine, int EndLine, string Token)> _instructionTokens = [];

    private DockerfilePragmas()
    {
    }

    public IReadOnlyList<string> FileTokens => _fileTokens;

    public static DockerfilePragmas Parse(DockerfileDocument document)
    {
        var pragmas = new DockerfilePragmas();
        var instructions = document.Instructions;
        foreach (var comment in document.Syntax.Comments)
        {
            if (!TryParse(comment.Text, out var global, out var tokens))
            {
                continue;
            }
            if (global)
            {
                pragmas._fileTokens.AddRange(tokens);
                continue;
            }
            var next = instructions.FirstOrDefault(instruction => instruction.StartLine > comment.Line);
            if (next is not null)
            {
                pragmas._instructionTokens.AddRange(tokens.Select(token => (next.StartLine, next.EndLine, token)));
            }
        }
        foreach (var directive in document.Syntax.Directives.Where(d => d.Name == "check"))
        {
            pragmas._fileTokens.AddRange(BuildKitSkips(directive.Value));
        }
        // BuildKit also reads "check=skip=…" from the comments right above an instruction.
        foreach (var instruction in instructions)
        {
            foreach (var comment in instruction.Comments)
            {
                var text = comment.TrimStart('#').Trim();
                if (text.StartsWith("check", StringComparison.OrdinalIgnoreCase) && text.Contains('=', StringComparison.Ordinal))
                {
                    var value = text[(text.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim();
                    pragmas._instructionTokens.AddRange(BuildKitSkips(value).Select(token => (instruction.StartLine, instruction.EndLine, token)));
                }
            }
        }
        return pragmas;
    }

    public bool IsSuppressed(Finding finding)
    {
        if (finding.Rule.Id == "DF001")
        {
            // A syntax error cannot be waved away: the build fails on it.
            return false;
        }
        if (_fileTokens.Any(token => Matches(token, finding)))
        {
            return true;
        }
        var line = finding.Span.Line;
        return line > 0 && _instructionTokens.Any(entry => line >= entry.StartLine && line <= entry.EndLine && Matches(entry.Token, finding));
    }

    private static bool Matches(string token, Finding finding) =>
        token == BuildKitAll ? finding.Rule.Aliases.Any(IsBuildKitName) : RuleSelector.Matches(token, finding);

    private const string BuildKitAll = "\0buildkit-all";

    /// <summary>BuildKit check names are CamelCase words (hadolint and Trivy ids are letters and digits).</summary>
    private static bool IsBuildKitName(string alias) => alias.Length > 4 && char.IsAsciiLetterUpper(alias[0]) && alias.Skip(1).Any(char.IsAsciiLetterLower);

    /// <summary><c>skip=A,B;error=true</c>: the skipped names (BuildKit's <c>ParseLintOptions</c>).</summary>
    private static IEnumerable<string> BuildKitSkips(string value)
    {
        var options = value.Split(' ')[0];
        foreach (var part in options.Split(';'))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0 || !part[..equals].Trim().Equals("skip", StringComparison.Ordinal))
            {
                continue;
            }
            var list = part[(equals + 1)..].Trim();
            if (list == "all")
            {
                yield return BuildKitAll;
                continue;
            }
            foreach (var name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return name;
            }
        }
    }

    /// <summary>Reads <c>drydock|hadolint [global] ignore=LIST [-- reason]</c> (see <see cref="PragmaComment"/>).</summary>
    internal static bool TryParse(string comment, out bool global, out IReadOnlyList<string> tokens) =>
        PragmaComment.TryParse(comment, out global, out tokens);
}
