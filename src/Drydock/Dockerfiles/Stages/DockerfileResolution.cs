using System.Runtime.InteropServices;
using Drydock.Dockerfiles.Parsing;
using Drydock.Text;

namespace Drydock.Dockerfiles.Stages;

/// <summary>The user a stage runs as: the last USER of the stage, or of the stage it is built FROM.</summary>
public sealed record UserSetting(string Raw, ExpandedValue Value, SingleValueInstruction Instruction, Stage Stage)
{
    /// <summary>The user part (before ':'), e.g. <c>root</c> or <c>1000</c>.</summary>
    public string User => Value.Text.Split(':')[0];

    /// <summary>root, by name or uid 0 (an unresolved value is not known to be root).</summary>
    public bool IsRoot => Value.IsResolved && User is "root" or "0";
}

/// <summary>
/// Variable resolution over a whole Dockerfile for one set of build arguments, following BuildKit: predefined
/// platform ARGs and global ARGs for FROM lines; per stage, ARGs (build arguments override defaults, a bare
/// <c>ARG NAME</c> takes the global value), ENV (expanded with what precedes it, inherited by stages built FROM it).
/// </summary>
public sealed class DockerfileResolution
{
    private readonly Dictionary<Instruction, VariableScope> _scopes = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Stage, ResolvedStage> _byStage = new(ReferenceEqualityComparer.Instance);

    internal DockerfileResolution(DockerfileDocument document, IReadOnlyDictionary<string, string> buildArgs, string? target)
    {
        Document = document;
        BuildArgs = buildArgs;
        GlobalScope = BuildGlobalScope();
        var stages = new List<ResolvedStage>();
        foreach (var stage in document.Stages)
        {
            var resolved = ResolveStage(stage);
            stages.Add(resolved);
            _byStage[stage] = resolved;
        }
        Stages = stages;
        Target = target is null
            ? stages.LastOrDefault()
            : stages.FirstOrDefault(s => string.Equals(s.Stage.Name, target, StringComparison.OrdinalIgnoreCase));
        MarkReachable();
    }

    public DockerfileDocument Document { get; }

    public IReadOnlyDictionary<string, string> BuildArgs { get; }

    /// <summary>Predefined and global ARGs: what FROM lines see.</summary>
    public VariableScope GlobalScope { get; }

    public IReadOnlyList<ResolvedStage> Stages { get; }

    /// <summary>The stage that is built (the target, or the last one); null when there is no stage or no such target.</summary>
    public ResolvedStage? Target { get; }

    /// <summary>The predefined platform ARGs: the machine's platform stands in for the build's.</summary>
    public static IReadOnlyDictionary<string, string> PredefinedArgs { get; } = CreatePredefined();

    public ResolvedStage? For(Stage stage) => _byStage.GetValueOrDefault(stage);

    /// <summary>The variables visible to an instruction (global ARGs for a FROM or an instruction before it).</summary>
    public VariableScope ScopeBefore(Instruction instruction) => _scopes.TryGetValue(instruction, out var scope) ? scope : GlobalScope;

    /// <summary>Expands a word written in <paramref name="instruction"/> with the variables visible there.</summary>
    public ExpandedValue Expand(Instruction instruction, string raw) => ScopeBefore(instruction).Expand(raw, Document.EscapeToken);

    /// <summary>The stages whose filesystem ends up in the target image: the target and the stages it is built FROM.</summary>
    public IEnumerable<ResolvedStage> ImageStages
    {
        get
        {
            for (var stage = Target; stage is not null; stage = stage.Parent)
            {
                yield return stage;
            }
        }
    }

    private VariableScope BuildGlobalScope()
    {
        var scope = VariableScope.Empty.With(PredefinedArgs.Select(pair => new VariableBinding(pair.Key, pair.Value, VariableSource.Predefined, null)));
        foreach (var arg in Document.GlobalArgs)
        {
            _scopes[arg] = scope;
            scope = scope.With(arg.Declarations.Select(declaration => BindArg(declaration, scope, VariableSource.GlobalArg, global: null)).ToList());
        }
        foreach (var instruction in Document.InstructionsBeforeFirstFrom)
        {
            _scopes[instruction] = scope;
        }
        return scope;
    }

    private VariableBinding BindArg(ArgDeclaration declaration, VariableScope scope, VariableSource source, VariableScope? global)
    {
        if (BuildArgs.TryGetValue(declaration.Name, out var provided))
        {
            return new VariableBinding(declaration.Name, provided, source, declaration.NameSpan) { FromBuildArgument = true };
        }
        if (declaration.DefaultValue is { } defaultValue)
        {
            var expanded = scope.Expand(defaultValue, Document.EscapeToken);
            return new VariableBinding(declaration.Name, expanded.IsResolved ? expanded.Text : null, source, declaration.NameSpan);
        }
        // A bare ARG in a stage takes the value of the global ARG (or predefined ARG) of the same name.
        if (global?.Find(declaration.Name) is { } inherited)
        {
            return new VariableBinding(declaration.Name, inherited.Value, source, declaration.NameSpan) { FromBuildArgument = inherited.FromBuildArgument };
        }
        return new VariableBinding(declaration.Name, null, source, declaration.NameSpan);
    }

    private ResolvedStage ResolveStage(Stage stage)
    {
        _scopes[stage.From] = GlobalScope;
        var baseName = GlobalScope.Expand(stage.From.Image.Value, Document.EscapeToken);
        ResolvedStage? parent = null;
        if (baseName.IsResolved && Document.FindStage(baseName.Text, stage.Index) is { } parentStage)
        {
            parent = _byStage[parentStage];
        }
        // A stage built FROM another inherits its ENV, user, working directory and shell (not its ARGs).
        var scope = parent is null ? VariableScope.Empty : parent.FinalScope.Where(binding => binding.Source == VariableSource.Env);
        var user = parent?.EffectiveUser;
        var workdir = parent?.Workdir;
        var shell = parent?.Shell ?? ResolvedStage.DefaultShell;
        var shellInstruction = parent?.ShellInstruction;
        foreach (var instruction in stage.Instructions)
        {
            _scopes[instruction] = scope;
            if (instruction is OnbuildInstruction { Trigger: { } trigger })
            {
                _scopes[trigger] = scope;
            }
            switch (instruction)
            {
                case ArgInstruction arg:
                    var argScope = scope;
                    scope = scope.With(arg.Declarations
                        .Select(declaration => BindArg(declaration, argScope, VariableSource.Arg, GlobalScope))
                        // An ENV of the same name keeps winning over the ARG.
                        .Where(binding => argScope.Find(binding.Name)?.Source != VariableSource.Env)
                        .ToList());
                    break;
                case KeyValueInstruction { Kind: InstructionKind.Env } env:
                    var envScope = scope;
                    scope = scope.With(env.Pairs.Select(pair =>
                    {
                        var value = envScope.Expand(pair.Value, Document.EscapeToken);
                        var name = envScope.Expand(pair.Key, Document.EscapeToken).Text;
                        return new VariableBinding(name, value.IsResolved ? value.Text : null, VariableSource.Env, pair.KeySpan);
                    }).ToList());
                    break;
                case SingleValueInstruction { Kind: InstructionKind.User, Value: { } userValue } userInstruction:
                    user = new UserSetting(userValue.Value, scope.Expand(userValue.Value, Document.EscapeToken), userInstruction, stage);
                    break;
                case SingleValueInstruction { Kind: InstructionKind.Workdir, Value: { } path }:
                    var expanded = scope.Expand(path.Value, Document.EscapeToken).Text;
                    workdir = expanded.StartsWith('/') || workdir is null ? expanded : workdir.TrimEnd('/') + "/" + expanded;
                    break;
                case CommandInstruction { Kind: InstructionKind.Shell, IsExecForm: true, ExecArguments.Count: > 0 } shellCommand:
                    shell = shellCommand.ExecArguments.Select(argument => argument.Value).ToList();
                    shellInstruction = shellCommand;
                    break;
            }
        }
        ImageReference? image = null;
        if (parent is null && baseName.IsResolved && ImageReference.TryParse(baseName.Text, out var parsed))
        {
            image = parsed;
        }
        return new ResolvedStage(stage, baseName, parent, image, scope, user, workdir, shell, shellInstruction);
    }

    private void MarkReachable()
    {
        if (Target is null)
        {
            return;
        }
        var pending = new Stack<ResolvedStage>();
        pending.Push(Target);
        while (pending.Count > 0)
        {
            var stage = pending.Pop();
            if (stage.IsReachable)
            {
                continue;
            }
            stage.IsReachable = true;
            foreach (var dependency in Dependencies(stage))
            {
                pending.Push(dependency);
            }
        }
    }

    /// <summary>The stages a stage needs: the one it is built FROM, COPY --from and RUN --mount from= sources.</summary>
    public IEnumerable<ResolvedStage> Dependencies(ResolvedStage stage)
    {
        if (stage.Parent is { } parent)
        {
            yield return parent;
        }
        foreach (var instruction in stage.Stage.Instructions)
        {
            var references = instruction switch
            {
                CopyInstruction { From.Value: { } from } => [from],
                RunInstruction run => run.Mounts.Where(mount => mount.ContainsKey("from")).Select(mount => mount["from"]),
                _ => Enumerable.Empty<string>(),
            };
            foreach (var reference in references)
            {
                if (ResolveStageReference(instruction, reference, stage.Stage.Index) is { } dependency)
                {
                    yield return dependency;
                }
            }
        }
    }

    /// <summary>A <c>--from</c> value as a stage: a stage name or a stage index before <paramref name="before"/>.</summary>
    public ResolvedStage? ResolveStageReference(Instruction at, string raw, int before)
    {
        var value = Expand(at, raw);
        if (!value.IsResolved)
        {
            return null;
        }
        if (int.TryParse(value.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            return index >= 0 && index < before && index < Stages.Count ? Stages[index] : null;
        }
        return Document.FindStage(value.Text, before) is { } stage ? _byStage[stage] : null;
    }

    private static Dictionary<string, string> CreatePredefined()
    {
        var architecture = RuntimeInformation.OSArchitecture switch
        {
            Architecture.Arm64 => "arm64",
            Architecture.Arm => "arm",
            Architecture.X86 => "386",
            Architecture.S390x => "s390x",
            Architecture.Ppc64le => "ppc64le",
            _ => "amd64",
        };
        var platform = "linux/" + architecture;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TARGETPLATFORM"] = platform,
            ["TARGETOS"] = "linux",
            ["TARGETARCH"] = architecture,
            ["TARGETVARIANT"] = string.Empty,
            ["BUILDPLATFORM"] = platform,
            ["BUILDOS"] = "linux",
            ["BUILDARCH"] = architecture,
            ["BUILDVARIANT"] = string.Empty,
        };
    }
}

/// <summary>A stage with its variables resolved: base image, parent stage, and the settings it ends with.</summary>
public sealed class ResolvedStage
{
    public static readonly IReadOnlyList<string> DefaultShell = ["/bin/sh", "-c"];

    internal ResolvedStage(Stage stage, ExpandedValue baseName, ResolvedStage? parent, ImageReference? image, VariableScope finalScope, UserSetting? user, string? workdir, IReadOnlyList<string> shell, CommandInstruction? shellInstruction)
    {
        Stage = stage;
        BaseName = baseName;
        Parent = parent;
        Image = image;
        FinalScope = finalScope;
        EffectiveUser = user;
        Workdir = workdir;
        Shell = shell;
        ShellInstruction = shellInstruction;
    }

    public Stage Stage { get; }

    /// <summary>The FROM argument after expansion with the global ARGs.</summary>
    public ExpandedValue BaseName { get; }

    /// <summary>The earlier stage this one is built FROM, if any.</summary>
    public ResolvedStage? Parent { get; }

    /// <summary>The base image, when the stage is built from an image whose name is known.</summary>
    public ImageReference? Image { get; }

    /// <summary>The variables at the end of the stage.</summary>
    public VariableScope FinalScope { get; }

    /// <summary>The last USER of the stage or of the stages it is built FROM; null when none sets one (the base image's user applies).</summary>
    public UserSetting? EffectiveUser { get; }

    /// <summary>The working directory the stage ends with, when WORKDIR set one.</summary>
    public string? Workdir { get; }

    /// <summary>The shell for shell-form commands: SHELL, inherited, or <c>/bin/sh -c</c>.</summary>
    public IReadOnlyList<string> Shell { get; }

    public CommandInstruction? ShellInstruction { get; }

    /// <summary>Needed to build the target (the target itself, or a stage it depends on).</summary>
    public bool IsReachable { get; internal set; }

    /// <summary>The shell is a POSIX shell (sh, bash, dash, ash, zsh, ksh…), not PowerShell or cmd.</summary>
    public bool HasPosixShell
    {
        get
        {
            var program = Shell.Count > 0 ? Path.GetFileName(Shell[0].Replace('\\', '/')).ToLowerInvariant() : "sh";
            if (program.EndsWith(".exe", StringComparison.Ordinal))
            {
                program = program[..^4];
            }
            return program is "sh" or "bash" or "dash" or "ash" or "zsh" or "ksh" or "mksh" or "busybox";
        }
    }

    /// <summary>Built FROM <c>scratch</c> (directly or through its parent stages).</summary>
    public bool IsFromScratch => Parent?.IsFromScratch ?? Image?.IsScratch ?? false;

    public override string ToString() => Stage.DisplayName;
}
