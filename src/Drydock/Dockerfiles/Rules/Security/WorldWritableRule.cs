using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Security;

/// <summary>DF039: chmod (or COPY --chmod) that lets every user write, without the sticky bit.</summary>
public sealed class WorldWritableRule() : DockerfileRule(Describe(
    "DF039", "World-writable permissions", RuleCategories.Security, Severity.Warning,
    "{0} makes '{1}' writable by every user",
    "A world-writable file or directory lets any process in the container (or another container sharing the volume) change it. Give ownership to the user that needs it (chown, COPY --chown) and use 755/644 (or 1777 with the sticky bit for shared temp directories)."))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, copy) in analysis.All<CopyInstruction>())
        {
            if (copy.Chmod is { Value: { } mode } flag && IsWorldWritable(mode))
            {
                yield return Report(flag.Span, $"{copy.Keyword.ToUpperInvariant()} --chmod={mode}", copy.Destination?.Value ?? "the destination");
            }
        }
        foreach (var (_, script, command) in analysis.Commands)
        {
            if (!command.Is("chmod"))
            {
                continue;
            }
            var positionals = command.Positionals();
            var mode = command.Arguments.Select(a => a.Value).FirstOrDefault(value => !value.StartsWith("-", StringComparison.Ordinal) || IsSymbolic(value));
            if (mode is null || !IsWorldWritable(mode))
            {
                continue;
            }
            var targets = positionals.Select(p => p.Value).Where(v => v != mode).ToList();
            yield return Report(script.SpanOf(command), $"chmod {mode}", targets.Count == 0 ? "its arguments" : string.Join(' ', targets));
        }
    }

    private static bool IsSymbolic(string value) => value.Length > 1 && value[0] == '-' && value.Skip(1).All(c => c is 'r' or 'w' or 'x' or 'X' or 's' or 't');

    public static bool IsWorldWritable(string mode)
    {
        if (mode.Length > 0 && mode.All(c => c is >= '0' and <= '7'))
        {
            var others = mode[^1] - '0';
            var sticky = mode.Length == 4 && ((mode[0] - '0') & 1) == 1;
            return (others & 2) != 0 && !sticky;
        }
        foreach (var clause in mode.Split(','))
        {
            var operatorIndex = clause.IndexOfAny(['+', '=']);
            if (operatorIndex < 0)
            {
                continue;
            }
            var who = clause[..operatorIndex];
            var permissions = clause[(operatorIndex + 1)..];
            if ((who.Length == 0 || who.Contains('a', StringComparison.Ordinal) || who.Contains('o', StringComparison.Ordinal)) && permissions.Contains('w', StringComparison.Ordinal) && !permissions.Contains('t', StringComparison.Ordinal))
            {
                // '+w' with no "who" honours the umask (usually 022), so only explicit a/o count.
                return who.Length > 0;
            }
        }
        return false;
    }
}
