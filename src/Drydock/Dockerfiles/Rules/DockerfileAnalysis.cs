using Drydock.Dockerfiles.Parsing;
using Drydock.Dockerfiles.Shell;
using Drydock.Dockerfiles.Stages;
using Drydock.Findings;
using Drydock.Text;

namespace Drydock.Dockerfiles.Rules;

/// <summary>Settings the Dockerfile rules read (from <c>drydock.yml</c>'s <c>check:</c> section).</summary>
public sealed record DockerfileRuleOptions
{
    public static DockerfileRuleOptions Default { get; } = new();

    /// <summary>Registries FROM images may come from (<c>*.example.com</c> matches subdomains); empty means any.</summary>
    public IReadOnlyList<string> TrustedRegistries { get; init; } = [];

    /// <summary>Build arguments the values are resolved with.</summary>
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>The stage that is built (<c>--target</c>); the last one when null.</summary>
    public string? Target { get; init; }
}

/// <summary>A shell script run by a RUN: its shell-form line, a heredoc body, or the exec form's <c>sh -c</c> script.</summary>
public sealed record RunScript(RunInstruction Run, ShellScript Script, Func<int, int, SourceSpan> Map, string? Heredoc)
{
    public SourceSpan SpanOf(ShellCommand command) => Map(command.Start, command.End);

    public SourceSpan SpanOf(ShellWord word) => Map(word.Start, word.End);

    public IEnumerable<ShellCommand> Commands => Script.Commands;
}

/// <summary>
/// What every Dockerfile rule receives: the document, its resolution for one set of build arguments, and parsed
/// RUN scripts (computed once, shared by all rules).
/// </summary>
public sealed class DockerfileAnalysis
{
    private readonly Dictionary<RunInstruction, IReadOnlyList<RunScript>> _scripts = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Instruction, ResolvedStage> _stageOf = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ShellCommand, string?> _verbs = new(ReferenceEqualityComparer.Instance);
    private List<ScriptAt>? _allScripts;
    private List<CommandAt>? _commands;
    private List<InstallAt>? _installs;

    public DockerfileAnalysis(DockerfileDocument document, DockerfileRuleOptions? options = null)
    {
        Document = document;
        Options = options ?? DockerfileRuleOptions.Default;
        Resolution = document.Resolve(Options.BuildArgs, Options.Target);
        foreach (var stage in Resolution.Stages)
        {
            _stageOf[stage.Stage.From] = stage;
            foreach (var instruction in stage.Stage.Instructions)
            {
                _stageOf[instruction] = stage;
                if (instruction is OnbuildInstruction { Trigger: { } trigger })
                {
                    _stageOf[trigger] = stage;
                }
            }
        }
    }

    public DockerfileDocument Document { get; }

    public DockerfileResolution Resolution { get; }

    public DockerfileRuleOptions Options { get; }

    public string Path => Document.Path;

    public IReadOnlyList<ResolvedStage> Stages => Resolution.Stages;

    public ResolvedStage? StageOf(Instruction instruction) => _stageOf.GetValueOrDefault(instruction);

    public ExpandedValue Expand(Instruction instruction, string raw) => Resolution.Expand(instruction, raw);

    // The helpers below return small classes rather than tuples: generic code over reference types is shared and
    // precompiled, while every tuple instantiation would be JIT-compiled when `drydock check` starts.

    /// <summary>Instructions of every stage, in order (ONBUILD triggers not included).</summary>
    public IEnumerable<StageInstruction<Instruction>> Instructions
    {
        get
        {
            foreach (var stage in Stages)
            {
                foreach (var instruction in stage.Stage.Instructions)
                {
                    yield return new StageInstruction<Instruction>(stage, instruction);
                }
            }
        }
    }

    public IEnumerable<StageInstruction<T>> All<T>() where T : Instruction
    {
        foreach (var stage in Stages)
        {
            foreach (var instruction in stage.Stage.Instructions)
            {
                if (instruction is T typed)
                {
                    yield return new StageInstruction<T>(stage, typed);
                }
            }
        }
    }

    /// <summary>RUN instructions of stages whose shell is POSIX (shell rules do not apply to pwsh or cmd).</summary>
    public IEnumerable<StageInstruction<RunInstruction>> ShellRuns => All<RunInstruction>().Where(pair => pair.Stage.HasPosixShell);

    /// <summary>Every script of every POSIX RUN, with its stage.</summary>
    public IReadOnlyList<ScriptAt> AllScripts
    {
        get
        {
            if (_allScripts is null)
            {
                var scripts = new List<ScriptAt>();
                foreach (var (stage, run) in ShellRuns)
                {
                    foreach (var script in Scripts(run))
                    {
                        scripts.Add(new ScriptAt(stage, script));
                    }
                }
                _allScripts = scripts;
            }
            return _allScripts;
        }
    }

    /// <summary>Every command of every POSIX RUN, with where it runs.</summary>
    public IReadOnlyList<CommandAt> Commands
    {
        get
        {
            if (_commands is null)
            {
                var commands = new List<CommandAt>();
                foreach (var (stage, script) in AllScripts)
                {
                    foreach (var command in script.Commands)
                    {
                        commands.Add(new CommandAt(stage, script, command));
                    }
                }
                _commands = commands;
            }
            return _commands;
        }
    }

    /// <summary>Every package install of every POSIX RUN.</summary>
    public IReadOnlyList<InstallAt> Installs
    {
        get
        {
            if (_installs is null)
            {
                var installs = new List<InstallAt>();
                foreach (var (stage, script, command) in Commands)
                {
                    if (PackageManagers.Install(command) is { } install)
                    {
                        installs.Add(new InstallAt(stage, script, install));
                    }
                }
                _installs = installs;
            }
            return _installs;
        }
    }

    /// <summary>A package manager command's subcommand (install, update…), computed once per command.</summary>
    public string? VerbOf(ShellCommand command)
    {
        if (!_verbs.TryGetValue(command, out var verb))
        {
            verb = PackageManagers.Verb(command);
            _verbs[command] = verb;
        }
        return verb;
    }

    /// <summary>The scripts a RUN executes, parsed with the variables visible to it.</summary>
    public IReadOnlyList<RunScript> Scripts(RunInstruction run)
    {
        if (!_scripts.TryGetValue(run, out var scripts))
        {
            scripts = BuildScripts(run);
            _scripts[run] = scripts;
        }
        return scripts;
    }

    private List<RunScript> BuildScripts(RunInstruction run)
    {
        var variables = Resolution.ScopeBefore(run);
        var scripts = new List<RunScript>();
        if (run.IsExecForm)
        {
            if (run.ExecArguments.Count == 0)
            {
                return scripts;
            }
            var whole = run.ArgumentsSpan;
            var arguments = run.ExecArguments.Select(argument => argument.Value).ToList();
            var program = ShellCommand.ProgramName(arguments[0]);
            var dashC = arguments.FindIndex(argument => argument.Length > 1 && argument[0] == '-' && argument[1] != '-' && argument.Contains('c', StringComparison.Ordinal));
            var text = program is "sh" or "bash" or "dash" or "ash" or "zsh" && dashC > 0 && dashC + 1 < arguments.Count
                ? arguments[dashC + 1]
                : string.Join(' ', arguments.Select(QuoteForShell));
            scripts.Add(new RunScript(run, ShellScriptParser.Parse(text, variables), (_, _) => whole, null));
            return scripts;
        }
        if (run.ShellCommand is not { } line)
        {
            return scripts;
        }
        var offset = run.ShellCommandOffset;
        var trimmed = line.Value.Trim();
        var onlyHeredoc = run.Heredocs.Count == 1 && !trimmed.Contains(' ', StringComparison.Ordinal) && HeredocParser.ParseWord(trimmed) is not null;
        if (!onlyHeredoc)
        {
            // With heredocs, the builder runs the line followed by each heredoc's body and terminator, as one script
            // (`RUN <<EOT bash` runs "<<EOT bash\n<body>EOT"): that script is what the shell, and ShellCheck, must see.
            var text = line.Value;
            var bodies = new List<(int Start, Heredoc Heredoc)>();
            foreach (var heredoc in run.Heredocs)
            {
                text += "\n";
                bodies.Add((text.Length, heredoc));
                text += heredoc.Content + (heredoc.Content.Length == 0 || heredoc.Content.EndsWith('\n') ? string.Empty : "\n") + heredoc.Name;
            }
            var lineLength = line.Value.Length;
            var script = ShellScriptParser.Parse(text, variables);
            scripts.Add(new RunScript(run, script, (start, end) =>
            {
                if (start <= lineLength)
                {
                    return run.SpanOf(offset + start, offset + Math.Min(end, lineLength));
                }
                var (bodyStart, body) = bodies.Last(candidate => candidate.Start <= start);
                return HeredocSpan(body, start - bodyStart, end - bodyStart);
            }, null));
        }
        foreach (var heredoc in run.Heredocs)
        {
            var feedsShell = onlyHeredoc || scripts.Count > 0 && scripts[0].Commands.Any(command =>
                command.Is("sh", "bash", "dash", "ash", "zsh") && !command.Arguments.Any(argument => argument.Value.StartsWith('-') && argument.Value.Contains('c', StringComparison.Ordinal))
                && command.Redirections.Any(redirection => redirection.Operator is "<<" or "<<-" && redirection.Target?.Value == heredoc.Name));
            if (!feedsShell || !IsShellScript(heredoc.Content))
            {
                continue;
            }
            var body = heredoc;
            scripts.Add(new RunScript(run, ShellScriptParser.Parse(body.Content, variables), (start, end) => HeredocSpan(body, start, end), heredoc.Name));
        }
        return scripts;
    }

    private SourceSpan HeredocSpan(Heredoc heredoc, int start, int end)
    {
        var (line, column) = HeredocPosition(heredoc, start);
        var (endLine, endColumn) = HeredocPosition(heredoc, Math.Max(start, end));
        return new SourceSpan(Path, line, column, endLine, endColumn);
    }

    private static (int Line, int Column) HeredocPosition(Heredoc heredoc, int offset)
    {
        offset = Math.Clamp(offset, 0, heredoc.Content.Length);
        var line = heredoc.BodyStartLine;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (heredoc.Content[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return (line, offset - lineStart + 1);
    }

    /// <summary>A heredoc body is a shell script unless its shebang names another interpreter.</summary>
    private static bool IsShellScript(string content)
    {
        if (!content.StartsWith("#!", StringComparison.Ordinal))
        {
            return true;
        }
        var firstLine = content.Split('\n')[0];
        return firstLine.Contains("sh", StringComparison.Ordinal) && !firstLine.Contains("python", StringComparison.Ordinal) && !firstLine.Contains("node", StringComparison.Ordinal) && !firstLine.Contains("perl", StringComparison.Ordinal);
    }

    private static string QuoteForShell(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ':' or '@' or '+' or ',')
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>An instruction and the stage it is in.</summary>
public sealed record StageInstruction<T>(ResolvedStage Stage, T Instruction) where T : Instruction;

/// <summary>A value written somewhere in the file (a label says where, for messages).</summary>
public sealed record ValueAt(string Value, SourceSpan Span, string Label = "");

/// <summary>A RUN script and the stage it runs in.</summary>
public sealed record ScriptAt(ResolvedStage Stage, RunScript Script);

/// <summary>A shell command, its script and stage.</summary>
public sealed record CommandAt(ResolvedStage Stage, RunScript Script, ShellCommand Command);

/// <summary>A package install, its script and stage.</summary>
public sealed record InstallAt(ResolvedStage Stage, RunScript Script, PackageInstall Install);
