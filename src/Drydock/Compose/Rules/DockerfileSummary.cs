using System.Text;

namespace Drydock.Compose.Rules;

/// <summary>
/// Reads the few facts Compose rules need from a Dockerfile — the built stage's USER, HEALTHCHECK and base image —
/// with ARG and ENV substitution and stage inheritance. A small line scanner, enough for these facts; the full parser
/// belongs to the Dockerfile rules. The <c>dockerfileReader</c> of <see cref="ComposeFactsCollector.CollectAsync"/> lets a richer reader replace it.
/// </summary>
public static class DockerfileSummary
{
    private sealed class Stage
    {
        public string? Name { get; init; }

        public string From { get; init; } = string.Empty;

        public string? User { get; set; }

        public bool? Healthcheck { get; set; }

        public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>The facts for <paramref name="target"/> (or the last stage) with the given build args.</summary>
    public static DockerfileFacts Read(string path, string? target, IReadOnlyDictionary<string, string> buildArgs)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new DockerfileFacts(path, false);
        }
        return Parse(path, text, target, buildArgs);
    }

    public static DockerfileFacts Parse(string path, string text, string? target, IReadOnlyDictionary<string, string> buildArgs)
    {
        var globalArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new List<Stage>();
        foreach (var (keyword, arguments) in Instructions(text))
        {
            var stage = stages.Count > 0 ? stages[^1] : null;
            switch (keyword)
            {
                case "ARG":
                    foreach (var declaration in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        var equals = declaration.IndexOf('=', StringComparison.Ordinal);
                        var name = equals < 0 ? declaration : declaration[..equals];
                        var value = buildArgs.TryGetValue(name, out var given) ? given : equals < 0 ? null : Unquote(declaration[(equals + 1)..]);
                        var scope = stage?.Variables ?? globalArgs;
                        if (value is not null)
                        {
                            scope[name] = stage is null ? value : Expand(value, scope);
                        }
                        else if (stage is not null && globalArgs.TryGetValue(name, out var global))
                        {
                            scope[name] = global;
                        }
                    }
                    break;
                case "FROM":
                {
                    var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(word => !word.StartsWith("--", StringComparison.Ordinal)).ToArray();
                    if (words.Length == 0)
                    {
                        break;
                    }
                    var from = Expand(words[0], globalArgs);
                    var name = words.Length >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
                    var next = new Stage { Name = name, From = from };
                    if (stages.FirstOrDefault(previous => previous.Name is not null && previous.Name.Equals(from, StringComparison.OrdinalIgnoreCase)) is { } parent)
                    {
                        next.User = parent.User;
                        next.Healthcheck = parent.Healthcheck;
                        foreach (var (key, value) in parent.Variables)
                        {
                            next.Variables[key] = value;
                        }
                    }
                    stages.Add(next);
                    break;
                }
                case "ENV" when stage is not null:
                    foreach (var (name, value) in EnvPairs(arguments))
                    {
                        stage.Variables[name] = Expand(value, stage.Variables);
                    }
                    break;
                case "USER" when stage is not null:
                    stage.User = Expand(arguments.Trim(), stage.Variables);
                    break;
                case "HEALTHCHECK" when stage is not null:
                    stage.Healthcheck = !arguments.Trim().Equals("NONE", StringComparison.OrdinalIgnoreCase);
                    break;
            }
        }
        var built = target is null
            ? stages.LastOrDefault()
            : stages.LastOrDefault(stage => stage.Name is not null && stage.Name.Equals(target, StringComparison.OrdinalIgnoreCase)) ?? stages.LastOrDefault();
        if (built is null)
        {
            return new DockerfileFacts(path, true);
        }
        var isStage = stages.Any(stage => stage.Name is not null && stage.Name.Equals(built.From, StringComparison.OrdinalIgnoreCase));
        return new DockerfileFacts(path, true)
        {
            User = built.User,
            HasHealthcheck = built.Healthcheck == true,
            BaseImage = isStage ? null : built.From,
        };
    }

    /// <summary>Instructions with continuation lines joined, comments and parser directives skipped.</summary>
    private static IEnumerable<(string Keyword, string Arguments)> Instructions(string text)
    {
        var escape = '\\';
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var start = 0;
        // Parser directives: only at the very top, before anything else.
        for (; start < lines.Length; start++)
        {
            var line = lines[start].Trim();
            if (!line.StartsWith('#'))
            {
                break;
            }
            var directive = line.TrimStart('#').Trim();
            if (directive.StartsWith("escape=", StringComparison.OrdinalIgnoreCase) && directive.Length > 7)
            {
                escape = directive[7];
            }
            else if (!directive.Contains('=', StringComparison.Ordinal))
            {
                break;
            }
        }
        var current = new StringBuilder();
        for (var i = start; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (current.Length == 0 && (trimmed.Length == 0 || trimmed.StartsWith('#')))
            {
                continue;
            }
            if (current.Length > 0 && trimmed.StartsWith('#'))
            {
                continue; // a comment inside a continuation
            }
            var trimmedEnd = line.TrimEnd();
            if (trimmedEnd.EndsWith(escape))
            {
                current.Append(trimmedEnd[..^1]).Append(' ');
                continue;
            }
            current.Append(line);
            var instruction = current.ToString().Trim();
            current.Clear();
            var space = instruction.IndexOfAny([' ', '\t']);
            yield return space < 0
                ? (instruction.ToUpperInvariant(), string.Empty)
                : (instruction[..space].ToUpperInvariant(), instruction[(space + 1)..].Trim());
        }
        if (current.Length > 0)
        {
            var instruction = current.ToString().Trim();
            var space = instruction.IndexOfAny([' ', '\t']);
            yield return space < 0 ? (instruction.ToUpperInvariant(), string.Empty) : (instruction[..space].ToUpperInvariant(), instruction[(space + 1)..].Trim());
        }
    }

    private static IEnumerable<(string Name, string Value)> EnvPairs(string arguments)
    {
        if (!arguments.Contains('=', StringComparison.Ordinal))
        {
            var space = arguments.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                yield return (arguments[..space], arguments[(space + 1)..].Trim());
            }
            yield break;
        }
        foreach (var pair in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                yield return (pair[..equals], Unquote(pair[(equals + 1)..]));
            }
        }
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' && value[^1] == '"' || value[0] == '\'' && value[^1] == '\'') ? value[1..^1] : value;

    /// <summary>$VAR, ${VAR}, ${VAR:-default} and ${VAR-default} from the known variables.</summary>
    internal static string Expand(string value, IReadOnlyDictionary<string, string> variables)
    {
        if (!value.Contains('$', StringComparison.Ordinal))
        {
            return value;
        }
        var result = Interpolation.ComposeTemplate.Substitute(value, name => variables.TryGetValue(name, out var known) ? known : null);
        return result.Succeeded ? result.Value : value;
    }
}
