using Drydock.Dockerfiles.Parsing;
using Drydock.Text;
using Drydock.Files;

namespace Drydock.Dockerfiles.Stages;

/// <summary>A build stage: its FROM and the instructions up to the next FROM.</summary>
public sealed class Stage
{
    internal Stage(int index, FromInstruction from, IReadOnlyList<Instruction> instructions)
    {
        Index = index;
        From = from;
        Instructions = instructions;
        Name = from.StageName?.Value.ToLowerInvariant();
    }

    public int Index { get; }

    public FromInstruction From { get; }

    /// <summary>The stage name, lower-cased as BuildKit does; null for an unnamed stage.</summary>
    public string? Name { get; }

    /// <summary>The instructions after FROM (ONBUILD triggers stay inside their ONBUILD).</summary>
    public IReadOnlyList<Instruction> Instructions { get; }

    /// <summary>How findings and messages name the stage: <c>'build'</c> or <c>#2</c>.</summary>
    public string DisplayName => Name is null ? $"#{Index}" : $"'{Name}'";

    public IEnumerable<T> OfType<T>() where T : Instruction => Instructions.OfType<T>();

    public override string ToString() => DisplayName;
}

/// <summary>
/// A parsed Dockerfile: its instruction tree, the typed instructions, the stages, and every syntax problem found.
/// This is the model other features use (<see cref="Resolve"/> for ARG/ENV values, <see cref="CopySources"/> for
/// what COPY and ADD read, <see cref="ResolvedStage.EffectiveUser"/> for the user the final stage runs as).
/// </summary>
public sealed class DockerfileDocument
{
    private DockerfileDocument(string path, string text, ParsedDockerfile syntax, IReadOnlyList<Instruction> instructions, IReadOnlyList<DockerfileSyntaxError> errors)
    {
        Path = path;
        Text = text;
        Syntax = syntax;
        Instructions = instructions;
        Errors = errors;
        var globalArgs = new List<ArgInstruction>();
        var beforeFrom = new List<Instruction>();
        var stages = new List<Stage>();
        FromInstruction? current = null;
        var body = new List<Instruction>();
        foreach (var instruction in instructions)
        {
            if (instruction is FromInstruction from)
            {
                if (current is not null)
                {
                    stages.Add(new Stage(stages.Count, current, body));
                }
                current = from;
                body = [];
            }
            else if (current is null)
            {
                if (instruction is ArgInstruction arg)
                {
                    globalArgs.Add(arg);
                }
                else
                {
                    beforeFrom.Add(instruction);
                }
            }
            else
            {
                body.Add(instruction);
            }
        }
        if (current is not null)
        {
            stages.Add(new Stage(stages.Count, current, body));
        }
        GlobalArgs = globalArgs;
        InstructionsBeforeFirstFrom = beforeFrom;
        Stages = stages;
        foreach (var stage in stages)
        {
            if (stage.Name is { } name)
            {
                if (!_stagesByName.TryGetValue(name, out var indices))
                {
                    _stagesByName[name] = indices = [];
                }
                indices.Add(stage.Index);
            }
        }
    }

    /// <summary>Each stage name's stage indices, ascending: <see cref="FindStage"/> looks a name up instead of scanning.</summary>
    private readonly Dictionary<string, List<int>> _stagesByName = new(StringComparer.Ordinal);

    /// <summary>
    /// Lookups and stages <see cref="FindStage"/> has examined, for tests that keep resolution linear: every stage's FROM
    /// is looked up, and the scan of the stages before each that this replaced made 160,000 stages cost 12.8 billion
    /// steps (issue 15).
    /// </summary>
    public long StageLookupSteps { get; private set; }

    public string Path { get; }

    public string Text { get; }

    public ParsedDockerfile Syntax { get; }

    /// <summary>Every top-level instruction, in order.</summary>
    public IReadOnlyList<Instruction> Instructions { get; }

    /// <summary>ARGs before the first FROM: usable in FROM lines, and in stages that re-declare them.</summary>
    public IReadOnlyList<ArgInstruction> GlobalArgs { get; }

    /// <summary>Anything but ARG before the first FROM (an error).</summary>
    public IReadOnlyList<Instruction> InstructionsBeforeFirstFrom { get; }

    public IReadOnlyList<Stage> Stages { get; }

    /// <summary>Everything BuildKit would refuse: parser errors then instruction errors, in file order.</summary>
    public IReadOnlyList<DockerfileSyntaxError> Errors { get; }

    public char EscapeToken => Syntax.EscapeToken;

    public static DockerfileDocument Parse(string text, string path = "Dockerfile")
    {
        var syntax = DockerfileParser.Parse(text, path);
        var errors = new List<DockerfileSyntaxError>(syntax.Errors);
        var instructions = new List<Instruction>(syntax.Instructions.Count);
        foreach (var node in syntax.Instructions)
        {
            instructions.Add(InstructionBuilder.Build(node, path, errors));
        }
        errors.Sort((a, b) => a.Span.Line != b.Span.Line ? a.Span.Line.CompareTo(b.Span.Line) : a.Span.Column.CompareTo(b.Span.Column));
        return new DockerfileDocument(path, text, syntax, instructions, errors);
    }

    /// <summary>Reads and parses a file; an unreadable file is a <see cref="DrydockException"/>.</summary>
    public static DockerfileDocument Load(string path)
    {
        string text;
        try
        {
            text = UserFiles.ReadAllText(path);
        }
        catch (IOException error)
        {
            throw new DrydockException($"cannot read {path}: {error.Message}", SourceSpan.WholeFile(path), "check that the file exists and is readable.", error);
        }
        catch (UnauthorizedAccessException error)
        {
            throw new DrydockException($"cannot read {path}: permission denied", SourceSpan.WholeFile(path), "check the file's permissions.", error);
        }
        return Parse(text, path);
    }

    /// <summary>ARG and ENV values per stage, given build arguments; <paramref name="target"/> picks the final stage (the last one by default).</summary>
    public DockerfileResolution Resolve(IReadOnlyDictionary<string, string>? buildArgs = null, string? target = null) =>
        new(this, buildArgs ?? new Dictionary<string, string>(), target);

    /// <summary>Every COPY and ADD source of every stage, with its span and its expanded value.</summary>
    public IReadOnlyList<CopySource> CopySources(DockerfileResolution? resolution = null)
    {
        resolution ??= Resolve();
        var sources = new List<CopySource>();
        foreach (var stage in resolution.Stages)
        {
            foreach (var copy in stage.Stage.OfType<CopyInstruction>())
            {
                var from = copy.From?.Value is { } fromValue ? resolution.Expand(copy, fromValue).Text : null;
                foreach (var source in copy.Sources)
                {
                    sources.Add(new CopySource(stage, copy, source, source.Heredoc is null ? resolution.Expand(copy, source.Value) : ExpandedValue.Literal(source.Value), from));
                }
            }
        }
        return sources;
    }

    /// <summary>The stage whose name (case-insensitive) is <paramref name="name"/>, defined before <paramref name="before"/>.</summary>
    public Stage? FindStage(string name, int before = int.MaxValue)
    {
        StageLookupSteps++;
        if (!_stagesByName.TryGetValue(name.ToLowerInvariant(), out var indices))
        {
            return null;
        }
        // The last of the name's stages before `before` (a name defined twice refers to the nearest earlier one):
        // a binary search over its indices, each stage examined counted.
        var (low, high) = (0, indices.Count);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            StageLookupSteps++;
            if (indices[middle] < before)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low > 0 ? Stages[indices[low - 1]] : null;
    }

    public Stage? StageOf(Instruction instruction)
    {
        foreach (var stage in Stages)
        {
            if (stage.From.StartLine > instruction.StartLine)
            {
                break;
            }
            if (ReferenceEquals(stage.From, instruction) || stage.Instructions.Any(i => ReferenceEquals(i, instruction) || (i is OnbuildInstruction onbuild && ReferenceEquals(onbuild.Trigger, instruction))))
            {
                return stage;
            }
        }
        return null;
    }
}

/// <summary>
/// One COPY or ADD source. <see cref="From"/> is the expanded <c>--from</c> (a stage or an image), null when the
/// source is read from the build context; URLs and heredocs never come from the context either.
/// </summary>
public sealed record CopySource(ResolvedStage Stage, CopyInstruction Instruction, CopySourceArgument Argument, ExpandedValue Path, string? From)
{
    public SourceSpan Span => Argument.Span;

    public bool IsAdd => Instruction.IsAdd;

    public bool IsHeredoc => Argument.Heredoc is not null;

    public bool IsUrl => Argument.IsUrl;

    /// <summary>Read from the build context: no <c>--from</c>, not a URL, not a heredoc.</summary>
    public bool IsFromBuildContext => From is null && !IsUrl && !IsHeredoc;
}
