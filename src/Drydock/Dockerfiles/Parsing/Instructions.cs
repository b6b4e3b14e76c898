using Drydock.Text;

namespace Drydock.Dockerfiles.Parsing;

public enum InstructionKind
{
    Unknown,
    From,
    Run,
    Cmd,
    Entrypoint,
    Copy,
    Add,
    Env,
    Arg,
    Label,
    Expose,
    Volume,
    User,
    Workdir,
    Shell,
    Healthcheck,
    Onbuild,
    StopSignal,
    Maintainer,
}

/// <summary>A builder flag such as <c>--from=build</c> (<see cref="Value"/> null for a bare <c>--link</c>).</summary>
public sealed record InstructionFlag(string Name, string? Value, SourceSpan Span);

/// <summary>An argument as written (quotes and variables kept) and where it is.</summary>
public sealed record InstructionArgument(string Value, SourceSpan Span);

/// <summary>
/// A typed instruction over a <see cref="DockerfileNode"/>: the arguments BuildKit's instruction parser reads, each
/// with its span. Values are as written; <see cref="Stages.DockerfileResolution"/> expands them.
/// </summary>
public abstract record Instruction
{
    public required DockerfileNode Node { get; init; }

    public required InstructionKind Kind { get; init; }

    public required string File { get; init; }

    /// <summary>The keyword as written (<c>RUN</c>, <c>run</c>…).</summary>
    public string Keyword => Node.Value;

    public int StartLine => Node.StartLine;

    public int EndLine => Node.EndLine;

    /// <summary>The whole instruction (its logical line; heredoc bodies are not included).</summary>
    public SourceSpan Span => Node.Map is { } map ? map.Span(0, map.Length) : SourceSpan.Lines(File, StartLine, EndLine);

    public SourceSpan KeywordSpan => SpanOf(0, Keyword.Length);

    public IReadOnlyList<InstructionFlag> Flags { get; init; } = [];

    /// <summary>True for the trigger inside an ONBUILD (it runs in a later build, not this one).</summary>
    public bool IsOnbuildTrigger { get; init; }

    /// <summary>The comments right above the instruction (BuildKit's <c>PrevComment</c>).</summary>
    public IReadOnlyList<string> Comments => Node.PrevComment;

    public InstructionFlag? Flag(string name)
    {
        InstructionFlag? found = null;
        foreach (var flag in Flags)
        {
            if (flag.Name == name)
            {
                found = flag;
            }
        }
        return found;
    }

    /// <summary>The span of <c>[start, end)</c> in the logical line.</summary>
    public SourceSpan SpanOf(int start, int end) => Node.Map is { } map ? map.Span(start, end) : SourceSpan.Lines(File, StartLine, EndLine);

    /// <summary>The span of the arguments (after the keyword and flags).</summary>
    public SourceSpan ArgumentsSpan => SpanOf(Node.ArgumentsOffset, Node.Original.Length);
}

public sealed record FromInstruction : Instruction
{
    public required InstructionArgument Image { get; init; }

    public InstructionArgument? AsKeyword { get; init; }

    /// <summary>The stage name as written (BuildKit lower-cases it: see <see cref="Stages.Stage.Name"/>).</summary>
    public InstructionArgument? StageName { get; init; }

    public InstructionFlag? Platform => Flag("platform");
}

/// <summary>RUN, CMD, ENTRYPOINT and SHELL: a shell-form command line or an exec-form list.</summary>
public record CommandInstruction : Instruction
{
    public bool IsExecForm { get; init; }

    /// <summary>The shell-form command line as written (null in exec form or when empty).</summary>
    public InstructionArgument? ShellCommand { get; init; }

    /// <summary>Where <see cref="ShellCommand"/> starts in the logical line.</summary>
    public int ShellCommandOffset { get; init; }

    public IReadOnlyList<InstructionArgument> ExecArguments { get; init; } = [];

    /// <summary>The command as one line (exec form joined by spaces), for messages.</summary>
    public string CommandText => IsExecForm ? string.Join(' ', ExecArguments.Select(argument => argument.Value)) : ShellCommand?.Value ?? string.Empty;
}

public sealed record RunInstruction : CommandInstruction
{
    public IReadOnlyList<Heredoc> Heredocs => Node.Heredocs;

    /// <summary>Each <c>--mount</c> as its key/value pairs (<c>type=cache,target=/root/.cache</c>).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Mounts { get; init; } = [];

    public bool HasCacheMountOn(string path) =>
        Mounts.Any(mount => mount.TryGetValue("type", out var type) && type == "cache"
            && (mount.TryGetValue("target", out var target) || mount.TryGetValue("dst", out target) || mount.TryGetValue("destination", out target))
            && (target.TrimEnd('/') == path.TrimEnd('/') || path.StartsWith(target.TrimEnd('/') + "/", StringComparison.Ordinal)));
}

public sealed record HealthcheckInstruction : CommandInstruction
{
    /// <summary>CMD, NONE (or something invalid).</summary>
    public InstructionArgument? Type { get; init; }
}

/// <summary>A COPY or ADD source: a path, a URL, or a heredoc written inline.</summary>
public sealed record CopySourceArgument(string Value, SourceSpan Span, Heredoc? Heredoc)
{
    public bool IsUrl => Value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || Value.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || Value.StartsWith("git@", StringComparison.Ordinal) || Value.StartsWith("git://", StringComparison.OrdinalIgnoreCase);
}

/// <summary>COPY and ADD (<see cref="Instruction.Kind"/> tells which).</summary>
public sealed record CopyInstruction : Instruction
{
    public bool IsAdd => Kind == InstructionKind.Add;

    public IReadOnlyList<CopySourceArgument> Sources { get; init; } = [];

    public InstructionArgument? Destination { get; init; }

    public InstructionFlag? From => Flag("from");

    public InstructionFlag? Chmod => Flag("chmod");

    public InstructionFlag? Chown => Flag("chown");

    public InstructionFlag? Checksum => Flag("checksum");
}

public sealed record KeyValueArgument(string Key, string Value, bool IsLegacyForm, SourceSpan KeySpan, SourceSpan ValueSpan)
{
    public SourceSpan Span => new(KeySpan.File, KeySpan.Line, KeySpan.Column, ValueSpan.EndLine, ValueSpan.EndColumn);
}

/// <summary>ENV and LABEL.</summary>
public sealed record KeyValueInstruction : Instruction
{
    public IReadOnlyList<KeyValueArgument> Pairs { get; init; } = [];
}

/// <summary>One name of an ARG: <c>NAME</c> or <c>NAME=default</c>.</summary>
public sealed record ArgDeclaration(string Name, string? DefaultValue, SourceSpan Span, SourceSpan NameSpan);

public sealed record ArgInstruction : Instruction
{
    public IReadOnlyList<ArgDeclaration> Declarations { get; init; } = [];
}

/// <summary>EXPOSE, VOLUME: a list of values.</summary>
public sealed record ListInstruction : Instruction
{
    public IReadOnlyList<InstructionArgument> Values { get; init; } = [];
}

/// <summary>USER, WORKDIR, STOPSIGNAL, MAINTAINER: one value.</summary>
public sealed record SingleValueInstruction : Instruction
{
    public InstructionArgument? Value { get; init; }
}

public sealed record OnbuildInstruction : Instruction
{
    public Instruction? Trigger { get; init; }
}

public sealed record UnknownInstruction : Instruction;
