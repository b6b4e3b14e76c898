namespace Drydock.Dockerfiles.Shell;

/// <summary>A word of a shell command: as written (<see cref="Raw"/>) and unquoted (<see cref="Value"/>), with its offsets in the script.</summary>
public sealed record ShellWord(string Raw, string Value, int Start, int End)
{
    /// <summary>The word holds a quote, so its value may contain blanks or shell characters.</summary>
    public bool IsQuoted => Raw.IndexOfAny(['\'', '"']) >= 0;

    /// <summary>The word holds an expansion the value could not resolve (<c>$VAR</c>, <c>$(…)</c>, backticks).</summary>
    public bool HasExpansion => Value.Contains('$', StringComparison.Ordinal) || Value.Contains('`', StringComparison.Ordinal);

    public override string ToString() => Value;
}

/// <summary>What follows a command: how it connects to the next one.</summary>
public enum ShellSeparator
{
    End,
    Semicolon,
    Newline,
    And,
    Or,
    Pipe,
    Background,
}

[Flags]
public enum ShellCommandContext
{
    None = 0,
    /// <summary>Inside <c>( … )</c>: a <c>cd</c> there does not leak out.</summary>
    Subshell = 1,
    /// <summary>Inside <c>$( … )</c> or backticks.</summary>
    Substitution = 2,
    /// <summary>The script of <c>sh -c '…'</c>.</summary>
    ShellDashC = 4,
    /// <summary>Run through a wrapper such as <c>sudo</c>, <c>env</c> or <c>xargs</c> (see <see cref="ShellCommand.WrappedBy"/>).</summary>
    Wrapped = 8,
    /// <summary>The condition of <c>if</c>, <c>while</c> or <c>until</c>, or a command after <c>!</c>.</summary>
    Condition = 16,
    /// <summary>Inside a <c>case</c> branch, a loop body or an <c>if</c> branch: it may not run.</summary>
    Conditional = 32,
}

public sealed record ShellRedirection(string Operator, ShellWord? Target);

/// <summary>One simple command: <c>NAME=v program args… &gt; file</c>.</summary>
public sealed class ShellCommand
{
    private static readonly IReadOnlyList<ShellWord> NoWords = [];

    internal ShellCommand()
    {
    }

    private IReadOnlyList<ShellWord> _words = NoWords;
    private IReadOnlyList<ShellWord> _arguments = NoWords;
    private string _name = string.Empty;

    /// <summary>The program and its arguments (assignments and redirections removed).</summary>
    public IReadOnlyList<ShellWord> Words
    {
        get => _words;
        internal set
        {
            _words = value;
            _name = value.Count == 0 ? string.Empty : ProgramName(value[0].Value);
            _arguments = value.Count <= 1 ? NoWords : value.Skip(1).ToArray();
        }
    }

    public IReadOnlyList<ShellWord> Assignments { get; internal set; } = NoWords;

    public IReadOnlyList<ShellRedirection> Redirections { get; internal set; } = [];

    public ShellSeparator Separator { get; internal set; }

    /// <summary>Commands joined by <c>|</c> share a pipeline number; <see cref="PipelineIndex"/> is the position in it.</summary>
    public int Pipeline { get; internal set; }

    public int PipelineIndex { get; internal set; }

    public int PipelineLength { get; internal set; } = 1;

    public ShellCommandContext Context { get; internal set; }

    /// <summary>The wrapper this command was found behind (<c>sudo</c>, <c>env</c>…), or null.</summary>
    public string? WrappedBy { get; internal set; }

    public int Start { get; internal set; }

    public int End { get; internal set; }

    /// <summary>The program's name without its directory (<c>/usr/bin/apt-get</c> → <c>apt-get</c>); empty when there is none.</summary>
    public string Name => _name;

    public IReadOnlyList<ShellWord> Arguments => _arguments;

    public bool Is(string name) => string.Equals(_name, name, StringComparison.Ordinal);

    public bool Is(params string[] names)
    {
        foreach (var name in names)
        {
            if (string.Equals(_name, name, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    public static string ProgramName(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }

    /// <summary>
    /// True when any of the flags is given: long ones (<c>--yes</c>, also as <c>--yes=…</c>) or short ones, also inside a
    /// cluster (<c>-y</c> in <c>-qy</c>). Scanning stops at <c>--</c>.
    /// </summary>
    public bool HasFlag(params string[] flags)
    {
        foreach (var argument in Arguments)
        {
            var value = argument.Value;
            if (value == "--")
            {
                return false;
            }
            if (flags.Contains(value, StringComparer.Ordinal))
            {
                return true;
            }
            if (value.StartsWith("--", StringComparison.Ordinal))
            {
                var name = value.Split('=')[0];
                if (flags.Contains(name, StringComparer.Ordinal))
                {
                    return true;
                }
            }
            else if (value.Length > 1 && value[0] == '-' && !char.IsAsciiDigit(value[1]))
            {
                foreach (var flag in flags)
                {
                    if (flag.Length == 2 && flag[0] == '-' && flag[1] != '-' && value.AsSpan(1).Contains(flag[1]))
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /// <summary>The value of an option given as <c>--name=v</c>, <c>--name v</c>, <c>-n v</c> or <c>-nv</c>.</summary>
    public string? OptionValue(params string[] names)
    {
        var arguments = _arguments;
        for (var i = 0; i < arguments.Count; i++)
        {
            var value = arguments[i].Value;
            if (value == "--")
            {
                break;
            }
            foreach (var name in names)
            {
                if (value == name)
                {
                    return i + 1 < arguments.Count ? arguments[i + 1].Value : null;
                }
                if (name.StartsWith("--", StringComparison.Ordinal) && value.StartsWith(name + "=", StringComparison.Ordinal))
                {
                    return value[(name.Length + 1)..];
                }
                if (name.Length == 2 && !name.StartsWith("--", StringComparison.Ordinal) && value.Length > 2 && value.StartsWith(name, StringComparison.Ordinal) && !value.StartsWith("--", StringComparison.Ordinal))
                {
                    return value[2..];
                }
            }
        }
        return null;
    }

    /// <summary>
    /// The arguments that are not options: words not starting with '-' and not the value of an option in
    /// <paramref name="optionsWithValue"/>; everything after <c>--</c>.
    /// </summary>
    public IReadOnlyList<ShellWord> Positionals(IReadOnlySet<string>? optionsWithValue = null)
    {
        var result = new List<ShellWord>();
        var arguments = _arguments;
        var afterDashDash = false;
        for (var i = 0; i < arguments.Count; i++)
        {
            var value = arguments[i].Value;
            if (afterDashDash)
            {
                result.Add(arguments[i]);
                continue;
            }
            if (value == "--")
            {
                afterDashDash = true;
                continue;
            }
            if (value.Length > 1 && value[0] == '-')
            {
                if (optionsWithValue is not null && !value.Contains('=', StringComparison.Ordinal) && optionsWithValue.Contains(value))
                {
                    i++;
                }
                continue;
            }
            result.Add(arguments[i]);
        }
        return result;
    }

    public override string ToString() => string.Join(' ', Words.Select(word => word.Raw));
}

public sealed record ShellSyntaxError(string Message, int Offset);

/// <summary>A parsed POSIX shell script: its simple commands in order, with their connections and contexts.</summary>
public sealed class ShellScript
{
    internal ShellScript(string source, IReadOnlyList<ShellCommand> commands, IReadOnlyList<ShellSyntaxError> errors)
    {
        Source = source;
        Commands = commands;
        Errors = errors;
    }

    public string Source { get; }

    public IReadOnlyList<ShellCommand> Commands { get; }

    public IReadOnlyList<ShellSyntaxError> Errors { get; }

    public IEnumerable<ShellCommand> Named(params string[] names) => Commands.Where(command => command.Is(names));

    /// <summary>The commands of each pipeline of two or more commands.</summary>
    public IEnumerable<IReadOnlyList<ShellCommand>> Pipelines =>
        Commands.Where(command => command.PipelineLength > 1 && command.WrappedBy is null)
            .GroupBy(command => command.Pipeline)
            .Select(group => (IReadOnlyList<ShellCommand>)group.OrderBy(command => command.PipelineIndex).ToList());
}
