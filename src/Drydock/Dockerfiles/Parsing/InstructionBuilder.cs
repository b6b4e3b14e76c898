using Drydock.Text;

namespace Drydock.Dockerfiles.Parsing;

/// <summary>
/// Turns instruction nodes into typed <see cref="Instruction"/>s with spans, reporting what BuildKit's instruction
/// parser would reject (argument counts, unknown or malformed flags, invalid stage names) as syntax errors.
/// </summary>
public static class InstructionBuilder
{
    private enum FlagType
    {
        String,
        Strings,
        Bool,
    }

    private static readonly Dictionary<string, FlagType> FromFlags = new(StringComparer.Ordinal) { ["platform"] = FlagType.String };

    private static readonly Dictionary<string, FlagType> RunFlags = new(StringComparer.Ordinal)
    {
        ["mount"] = FlagType.Strings,
        ["network"] = FlagType.String,
        ["security"] = FlagType.String,
        ["device"] = FlagType.Strings,
    };

    private static readonly Dictionary<string, FlagType> CopyFlags = new(StringComparer.Ordinal)
    {
        ["chown"] = FlagType.String,
        ["from"] = FlagType.String,
        ["chmod"] = FlagType.String,
        ["link"] = FlagType.Bool,
        ["exclude"] = FlagType.Strings,
        ["parents"] = FlagType.Bool,
    };

    private static readonly Dictionary<string, FlagType> AddFlags = new(StringComparer.Ordinal)
    {
        ["chown"] = FlagType.String,
        ["chmod"] = FlagType.String,
        ["link"] = FlagType.Bool,
        ["keep-git-dir"] = FlagType.Bool,
        ["checksum"] = FlagType.String,
        ["unpack"] = FlagType.Bool,
        ["exclude"] = FlagType.Strings,
    };

    private static readonly Dictionary<string, FlagType> HealthcheckFlags = new(StringComparer.Ordinal)
    {
        ["interval"] = FlagType.String,
        ["timeout"] = FlagType.String,
        ["start-period"] = FlagType.String,
        ["start-interval"] = FlagType.String,
        ["retries"] = FlagType.String,
    };

    private static readonly Dictionary<string, FlagType> NoFlags = new(StringComparer.Ordinal);

    public static readonly IReadOnlyList<string> KnownKeywords =
    [
        "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck", "label", "maintainer",
        "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir",
    ];

    public static InstructionKind KindOf(string keyword) => keyword.ToLowerInvariant() switch
    {
        "from" => InstructionKind.From,
        "run" => InstructionKind.Run,
        "cmd" => InstructionKind.Cmd,
        "entrypoint" => InstructionKind.Entrypoint,
        "copy" => InstructionKind.Copy,
        "add" => InstructionKind.Add,
        "env" => InstructionKind.Env,
        "arg" => InstructionKind.Arg,
        "label" => InstructionKind.Label,
        "expose" => InstructionKind.Expose,
        "volume" => InstructionKind.Volume,
        "user" => InstructionKind.User,
        "workdir" => InstructionKind.Workdir,
        "shell" => InstructionKind.Shell,
        "healthcheck" => InstructionKind.Healthcheck,
        "onbuild" => InstructionKind.Onbuild,
        "stopsignal" => InstructionKind.StopSignal,
        "maintainer" => InstructionKind.Maintainer,
        _ => InstructionKind.Unknown,
    };

    /// <summary>Builds the typed instruction; problems BuildKit would reject are added to <paramref name="errors"/>.</summary>
    public static Instruction Build(DockerfileNode node, string file, List<DockerfileSyntaxError> errors, bool isTrigger = false)
    {
        var context = new BuildContext(node, file, errors, isTrigger);
        var kind = KindOf(node.Value);
        if (node.Error is not null)
        {
            // The parser already reported it; keep the instruction with whatever could be read.
            return new UnknownInstruction { Node = node, Kind = kind, File = file, IsOnbuildTrigger = isTrigger, Flags = context.RawFlags() };
        }
        return kind switch
        {
            InstructionKind.From => BuildFrom(context),
            InstructionKind.Run => BuildCommand(context, kind, RunFlags),
            InstructionKind.Cmd or InstructionKind.Entrypoint => BuildCommand(context, kind, NoFlags),
            InstructionKind.Shell => BuildShell(context),
            InstructionKind.Copy => BuildCopy(context, kind, CopyFlags),
            InstructionKind.Add => BuildCopy(context, kind, AddFlags),
            InstructionKind.Env or InstructionKind.Label => BuildKeyValues(context, kind),
            InstructionKind.Arg => BuildArg(context),
            InstructionKind.Expose or InstructionKind.Volume => BuildList(context, kind),
            InstructionKind.User or InstructionKind.Workdir or InstructionKind.StopSignal or InstructionKind.Maintainer => BuildSingle(context, kind),
            InstructionKind.Healthcheck => BuildHealthcheck(context),
            InstructionKind.Onbuild => BuildOnbuild(context),
            _ => new UnknownInstruction { Node = node, Kind = kind, File = file, IsOnbuildTrigger = isTrigger, Flags = context.RawFlags() },
        };
    }

    private static FromInstruction BuildFrom(BuildContext context)
    {
        var flags = context.Flags(FromFlags);
        var arguments = context.LocateAll(context.Node.ArgumentValues);
        InstructionArgument? asKeyword = null;
        InstructionArgument? name = null;
        if (arguments.Count == 3 && arguments[1].Value.Equals("as", StringComparison.OrdinalIgnoreCase))
        {
            asKeyword = arguments[1];
            name = arguments[2];
            if (!IsValidStageName(name.Value.ToLowerInvariant()))
            {
                context.Error($"invalid name for build stage: {GoQuote.Quote(name.Value)}, name can't start with a number or contain symbols", name.Span);
            }
        }
        else if (arguments.Count != 1)
        {
            context.Error("FROM requires either one or three arguments", context.Instruction);
        }
        var image = arguments.Count > 0 ? arguments[0] : new InstructionArgument(string.Empty, context.Instruction);
        return new FromInstruction
        {
            Node = context.Node,
            Kind = InstructionKind.From,
            File = context.File,
            Flags = flags,
            IsOnbuildTrigger = context.IsTrigger,
            Image = image,
            AsKeyword = asKeyword,
            StageName = name,
        };
    }

    /// <summary>BuildKit: <c>^[a-z][a-z0-9-_.]*$</c> after lower-casing.</summary>
    public static bool IsValidStageName(string name) =>
        name.Length > 0 && char.IsAsciiLetterLower(name[0]) && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.');

    private static CommandInstruction BuildCommand(BuildContext context, InstructionKind kind, Dictionary<string, FlagType> allowed)
    {
        var flags = context.Flags(allowed);
        var node = context.Node;
        if (kind == InstructionKind.Run)
        {
            var mounts = flags.Where(flag => flag.Name == "mount" && flag.Value is not null).Select(flag => ParseMount(flag.Value!)).ToList();
            return node.IsJson
                ? new RunInstruction { Node = node, Kind = kind, File = context.File, Flags = flags, IsOnbuildTrigger = context.IsTrigger, IsExecForm = true, ExecArguments = context.LocateAll(node.ArgumentValues), Mounts = mounts }
                : new RunInstruction { Node = node, Kind = kind, File = context.File, Flags = flags, IsOnbuildTrigger = context.IsTrigger, ShellCommand = context.ShellForm(), ShellCommandOffset = node.ArgumentsOffset, Mounts = mounts };
        }
        return node.IsJson
            ? new CommandInstruction { Node = node, Kind = kind, File = context.File, Flags = flags, IsOnbuildTrigger = context.IsTrigger, IsExecForm = true, ExecArguments = context.LocateAll(node.ArgumentValues) }
            : new CommandInstruction { Node = node, Kind = kind, File = context.File, Flags = flags, IsOnbuildTrigger = context.IsTrigger, ShellCommand = context.ShellForm(), ShellCommandOffset = node.ArgumentsOffset };
    }

    private static CommandInstruction BuildShell(BuildContext context)
    {
        var instruction = BuildCommand(context, InstructionKind.Shell, NoFlags);
        if (!instruction.IsExecForm)
        {
            context.Error("SHELL requires the arguments to be in JSON form", context.Instruction);
        }
        else if (instruction.ExecArguments.Count == 0)
        {
            context.Error("SHELL requires at least one argument", context.Instruction);
        }
        return instruction;
    }

    /// <summary>A <c>--mount</c> value: comma-separated <c>key=value</c> (a bare key means true).</summary>
    public static IReadOnlyDictionary<string, string> ParseMount(string value)
    {
        var mount = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            var key = (equals < 0 ? field : field[..equals]).ToLowerInvariant();
            mount[key] = equals < 0 ? "true" : field[(equals + 1)..].Trim('"');
        }
        return mount;
    }

    private static CopyInstruction BuildCopy(BuildContext context, InstructionKind kind, Dictionary<string, FlagType> allowed)
    {
        var flags = context.Flags(allowed);
        var node = context.Node;
        var arguments = context.LocateAll(node.ArgumentValues);
        var name = kind == InstructionKind.Add ? "ADD" : "COPY";
        if (arguments.Count < 2)
        {
            context.Error($"{name} requires at least two arguments, but only one was provided. Destination could not be determined", context.Instruction);
        }
        var heredocs = node.Heredocs.ToDictionary(heredoc => heredoc.Name, StringComparer.Ordinal);
        var sources = new List<CopySourceArgument>();
        for (var i = 0; i < arguments.Count - 1; i++)
        {
            Heredoc? heredoc = null;
            if (!node.IsJson && SafeParseHeredoc(arguments[i].Value) is { } word)
            {
                heredoc = heredocs.TryGetValue(word.Name, out var body) ? body : word;
            }
            sources.Add(new CopySourceArgument(arguments[i].Value, arguments[i].Span, heredoc));
        }
        var destination = arguments.Count >= 2 ? arguments[^1] : null;
        if (destination is not null && !node.IsJson && SafeParseHeredoc(destination.Value) is not null)
        {
            context.Error($"{name} cannot accept a heredoc as a destination", destination.Span);
        }
        return new CopyInstruction
        {
            Node = node,
            Kind = kind,
            File = context.File,
            Flags = flags,
            IsOnbuildTrigger = context.IsTrigger,
            Sources = sources,
            Destination = destination,
        };
    }

    private static Heredoc? SafeParseHeredoc(string word)
    {
        try
        {
            return HeredocParser.ParseWord(word);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static KeyValueInstruction BuildKeyValues(BuildContext context, InstructionKind kind)
    {
        var flags = context.Flags(NoFlags);
        var values = context.Node.ArgumentValues;
        var name = kind == InstructionKind.Env ? "ENV" : "LABEL";
        var pairs = new List<KeyValueArgument>();
        if (values.Count == 0)
        {
            context.Error($"{name} requires at least one argument", context.Instruction);
        }
        for (var i = 0; i + 2 < values.Count; i += 3)
        {
            var key = values[i];
            var value = values[i + 1];
            var legacy = values[i + 2].Length == 0;
            if (key.Length == 0)
            {
                context.Error($"{name} names can not be blank", context.Instruction);
            }
            SourceSpan keySpan;
            SourceSpan valueSpan;
            if (legacy)
            {
                keySpan = context.Locate(key).Span;
                valueSpan = context.Locate(value).Span;
            }
            else
            {
                var word = context.Locate(key + "=" + value);
                if (word.Offset < 0)
                {
                    keySpan = valueSpan = word.Span;
                }
                else
                {
                    keySpan = context.Span(word.Offset, word.Offset + key.Length);
                    valueSpan = context.Span(word.Offset + key.Length + 1, word.Offset + key.Length + 1 + value.Length);
                }
            }
            pairs.Add(new KeyValueArgument(key, value, legacy, keySpan, valueSpan));
        }
        return new KeyValueInstruction { Node = context.Node, Kind = kind, File = context.File, Flags = flags, IsOnbuildTrigger = context.IsTrigger, Pairs = pairs };
    }

    private static ArgInstruction BuildArg(BuildContext context)
    {
        var flags = context.Flags(NoFlags);
        var declarations = new List<ArgDeclaration>();
        var values = context.Node.ArgumentValues;
        if (values.Count == 0)
        {
            context.Error("ARG requires at least one argument", context.Instruction);
        }
        foreach (var word in values)
        {
            var located = context.Locate(word);
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? word : word[..equals];
            if (equals == 0)
            {
                context.Error("ARG names can not be blank", located.Span);
            }
            var nameSpan = located.Offset < 0 ? located.Span : context.Span(located.Offset, located.Offset + name.Length);
            declarations.Add(new ArgDeclaration(name, equals < 0 ? null : word[(equals + 1)..], located.Span, nameSpan));
        }
        return new ArgInstruction { Node = context.Node, Kind = InstructionKind.Arg, File = context.File, Flags = flags, IsOnbuildTrigger = context.IsTrigger, Declarations = declarations };
    }

    private static ListInstruction BuildList(BuildContext context, InstructionKind kind)
    {
        var flags = context.Flags(NoFlags);
        var values = context.LocateAll(context.Node.ArgumentValues);
        if (values.Count == 0)
        {
            context.Error($"{kind.ToString().ToUpperInvariant()} requires at least one argument", context.Instruction);
        }
        if (kind == InstructionKind.Volume && values.Any(value => value.Value.Trim().Length == 0))
        {
            context.Error("VOLUME specified can not be an empty string", context.Instruction);
        }
        return new ListInstruction { Node = context.Node, Kind = kind, File = context.File, Flags = flags, IsOnbuildTrigger = context.IsTrigger, Values = values };
    }

    private static SingleValueInstruction BuildSingle(BuildContext context, InstructionKind kind)
    {
        var flags = kind == InstructionKind.StopSignal ? context.RawFlags() : context.Flags(NoFlags);
        var values = context.LocateAll(context.Node.ArgumentValues);
        if (values.Count != 1)
        {
            context.Error($"{kind.ToString().ToUpperInvariant()} requires exactly one argument", context.Instruction);
        }
        return new SingleValueInstruction { Node = context.Node, Kind = kind, File = context.File, Flags = flags, IsOnbuildTrigger = context.IsTrigger, Value = values.FirstOrDefault() };
    }

    private static HealthcheckInstruction BuildHealthcheck(BuildContext context)
    {
        var node = context.Node;
        var arguments = node.ArgumentValues;
        if (arguments.Count == 0)
        {
            context.Error("HEALTHCHECK requires at least one argument", context.Instruction);
            return new HealthcheckInstruction { Node = node, Kind = InstructionKind.Healthcheck, File = context.File, Flags = context.RawFlags(), IsOnbuildTrigger = context.IsTrigger };
        }
        var flags = context.Flags(HealthcheckFlags);
        var type = context.Locate(arguments[0]);
        var typeArgument = new InstructionArgument(arguments[0], type.Span);
        if (node.IsJson)
        {
            var exec = context.LocateAll(arguments.Skip(1).ToList());
            return new HealthcheckInstruction { Node = node, Kind = InstructionKind.Healthcheck, File = context.File, Flags = flags, IsOnbuildTrigger = context.IsTrigger, Type = typeArgument, IsExecForm = true, ExecArguments = exec };
        }
        InstructionArgument? shell = null;
        var shellOffset = 0;
        if (arguments.Count > 1)
        {
            var located = context.Locate(arguments[1]);
            shell = new InstructionArgument(arguments[1], located.Span);
            shellOffset = Math.Max(located.Offset, 0);
        }
        return new HealthcheckInstruction { Node = node, Kind = InstructionKind.Healthcheck, File = context.File, Flags = flags, IsOnbuildTrigger = context.IsTrigger, Type = typeArgument, ShellCommand = shell, ShellCommandOffset = shellOffset };
    }

    private static OnbuildInstruction BuildOnbuild(BuildContext context)
    {
        var flags = context.Flags(NoFlags);
        Instruction? trigger = null;
        if (context.Node.Next is { Children.Count: > 0 } holder)
        {
            var child = holder.Children[0];
            child.StartLine = context.Node.StartLine;
            child.EndLine = context.Node.EndLine;
            child.Heredocs = context.Node.Heredocs;
            trigger = Build(child, context.File, context.Errors, isTrigger: true);
        }
        else
        {
            context.Error("ONBUILD requires at least one argument", context.Instruction);
        }
        return new OnbuildInstruction { Node = context.Node, Kind = InstructionKind.Onbuild, File = context.File, Flags = flags, IsOnbuildTrigger = context.IsTrigger, Trigger = trigger };
    }

    private readonly record struct Located(InstructionArgument Argument, int Offset)
    {
        public SourceSpan Span => Argument.Span;
    }

    /// <summary>Per-instruction helpers: locating arguments in the logical line, flags, errors.</summary>
    private sealed class BuildContext(DockerfileNode node, string file, List<DockerfileSyntaxError> errors, bool isTrigger)
    {
        private int _cursor = node.ArgumentsOffset;

        public DockerfileNode Node => node;

        public string File => file;

        public List<DockerfileSyntaxError> Errors => errors;

        public bool IsTrigger => isTrigger;

        public SourceSpan Instruction => node.Map is { } map ? map.Span(0, map.Length) : SourceSpan.Lines(file, node.StartLine, node.EndLine);

        public SourceSpan Span(int start, int end) => node.Map is { } map ? map.Span(start, end) : Instruction;

        public void Error(string message, SourceSpan span) => errors.Add(new DockerfileSyntaxError(message, span));

        /// <summary>Finds the next occurrence of <paramref name="value"/> at or after the cursor; the whole arguments when absent.</summary>
        public Located Locate(string value)
        {
            var index = value.Length == 0 ? -1 : node.Original.IndexOf(value, _cursor, StringComparison.Ordinal);
            if (index < 0)
            {
                return new Located(new InstructionArgument(value, Span(node.ArgumentsOffset, node.Original.Length)), -1);
            }
            _cursor = index + value.Length;
            return new Located(new InstructionArgument(value, Span(index, index + value.Length)), index);
        }

        public List<InstructionArgument> LocateAll(IReadOnlyList<string> values) => values.Select(value => Locate(value).Argument).ToList();

        public InstructionArgument? ShellForm() =>
            node.Next is { } next ? new InstructionArgument(next.Value, Span(node.ArgumentsOffset, node.ArgumentsOffset + next.Value.Length)) : null;

        public List<InstructionFlag> RawFlags()
        {
            var flags = new List<InstructionFlag>();
            for (var i = 0; i < node.Flags.Count; i++)
            {
                var text = node.Flags[i];
                var body = text.StartsWith("--", StringComparison.Ordinal) ? text[2..] : text;
                var equals = body.IndexOf('=', StringComparison.Ordinal);
                var (start, end) = i < node.FlagOffsets.Count ? node.FlagOffsets[i] : (0, 0);
                flags.Add(new InstructionFlag(equals < 0 ? body : body[..equals], equals < 0 ? null : body[(equals + 1)..], Span(start, end)));
            }
            return flags;
        }

        /// <summary>BuildKit's BFlags: only the instruction's flags, string flags need a value, booleans true/false, no repeats.</summary>
        public List<InstructionFlag> Flags(Dictionary<string, FlagType> allowed)
        {
            var flags = RawFlags();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var keyword = node.Value.ToUpperInvariant();
            for (var i = 0; i < flags.Count; i++)
            {
                var flag = flags[i];
                var raw = node.Flags[i];
                if (!raw.StartsWith("--", StringComparison.Ordinal))
                {
                    Error($"arg should start with -- : {raw}", flag.Span);
                    continue;
                }
                if (!allowed.TryGetValue(flag.Name, out var type))
                {
                    var known = allowed.Count == 0 ? $"{keyword} takes no flags" : $"{keyword} accepts {string.Join(", ", allowed.Keys.Select(k => "--" + k))}";
                    Error($"unknown flag: {flag.Name} ({known})", flag.Span);
                    continue;
                }
                if (!seen.Add(flag.Name) && type != FlagType.Strings)
                {
                    Error($"duplicate flag specified: {flag.Name}", flag.Span);
                }
                switch (type)
                {
                    case FlagType.Bool when flag.Value is not null && flag.Value.Length == 0:
                        Error($"missing a value on flag: {flag.Name}", flag.Span);
                        break;
                    case FlagType.Bool when flag.Value is not null && !flag.Value.Equals("true", StringComparison.OrdinalIgnoreCase) && !flag.Value.Equals("false", StringComparison.OrdinalIgnoreCase):
                        Error($"expecting boolean value for flag {flag.Name}, not: {flag.Value}", flag.Span);
                        break;
                    case FlagType.String or FlagType.Strings when flag.Value is null:
                        Error($"missing a value on flag: {flag.Name}", flag.Span);
                        break;
                }
            }
            return flags;
        }
    }
}
