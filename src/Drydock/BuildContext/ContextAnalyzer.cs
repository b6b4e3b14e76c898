using System.Text;
using Drydock.BuildContext.IgnoreFile;
using Drydock.BuildContext.Rules;
using Drydock.BuildContext.Walker;
using Drydock.Findings;
using Drydock.Text;
using Drydock.Files;

namespace Drydock.BuildContext;

/// <summary>A COPY/ADD source read from the context (not <c>--from</c>, not a URL), with the instruction's place.</summary>
public sealed record ContextSource(string Pattern, string? Stage, SourceSpan Span);

/// <summary>Settings of the context rules (drydock.yml <c>context:</c>, or command-line options).</summary>
public sealed record ContextRuleSettings
{
    public const long DefaultMaxBytes = 100_000_000;

    /// <summary>CX001 fires above this many bytes sent (decimal units: 100 MB = 100,000,000 bytes).</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>CX005 fires when there is no ignore file and more files than this are sent.</summary>
    public int NoIgnoreFileThreshold { get; init; } = 300;
}

public sealed record ContextAnalysisOptions
{
    /// <summary>The Dockerfile (absolute, or relative to the current directory); null means DIR/Dockerfile.</summary>
    public string? DockerfilePath { get; init; }

    public ContextBuilder Builder { get; init; } = ContextBuilder.BuildKit;

    /// <summary>Walk excluded directories too, to count what is excluded.</summary>
    public bool MeasureExcluded { get; init; } = true;

    /// <summary>COPY/ADD sources of the Dockerfile (from a Dockerfile parser) for CX006.</summary>
    public IReadOnlyList<ContextSource> Sources { get; init; } = [];

    public ContextRuleSettings Settings { get; init; } = new();
}

/// <summary>Which ignore file applies, and why.</summary>
public sealed record IgnoreFileSelection(string? Path, string Reason, string? Note);

/// <summary>How one COPY/ADD source resolves in the context: what exists on disk, and what of it is sent.</summary>
public sealed record ResolvedSource(ContextSource Source, IReadOnlyList<string> OnDisk, IReadOnlyList<string> Sent);

/// <summary>What the rules see: the walk, the ignore file, resolved sources and the few small files whose content matters.</summary>
public sealed record ContextModel(
    string Root,
    DockerIgnoreFile? IgnoreFile,
    ContextWalkResult Walk,
    IReadOnlyList<ResolvedSource> Sources,
    IReadOnlyDictionary<string, string> SmallFileContents,
    ContextRuleSettings Settings);

public sealed record ContextAnalysis(
    string Root,
    ContextBuilder Builder,
    IgnoreFileSelection IgnoreFile,
    ContextWalkResult? Walk,
    IReadOnlyList<Finding> Findings);

/// <summary>
/// The build-context analysis <c>drydock context</c> and <c>drydock check</c> share: choose the ignore file as the
/// builder would, walk the context as it would be sent, and run the CX rules. No engine needed.
/// </summary>
/// <remarks>
/// For <c>drydock check</c>: per build context (directory plus Dockerfile), call
/// <c>Analyze(directory, new ContextAnalysisOptions { DockerfilePath = dockerfile, Sources = sources, MeasureExcluded = false,
/// Settings = ContextSettingsSection.Read(config) ?? new() })</c> and report <see cref="ContextAnalysis.Findings"/>.
/// <c>sources</c> are the Dockerfile's COPY/ADD sources read from the context: not <c>--from</c>, not URLs or git
/// sources, not heredocs; with ARG/ENV expanded; each with its stage name and the instruction's span (CX006 points there).
/// An invalid ignore file is one CX008 finding, not an exception.
/// </remarks>
public static class ContextAnalyzer
{
    /// <summary>Files whose content a rule reads (credentials in package-manager configs); small ones only.</summary>
    private static readonly string[] ContentFileNames = [".npmrc", ".pypirc"];

    public static ContextAnalysis Analyze(string contextDirectory, ContextAnalysisOptions options, CancellationToken cancellationToken = default)
    {
        var root = ResolveRoot(contextDirectory);
        var dockerfile = ResolveDockerfile(root, options.DockerfilePath);
        var selection = SelectIgnoreFile(root, dockerfile, options.Builder);
        DockerIgnoreFile? ignoreFile = null;
        IgnoreMatcher matcher;
        try
        {
            ignoreFile = selection.Path is { } path ? DockerIgnoreFile.Read(path) : null;
            matcher = ignoreFile is null ? IgnoreMatcher.Empty : IgnoreMatcher.Create(ignoreFile);
            matcher.Validate();
        }
        catch (IgnorePatternException ex)
        {
            var finding = new Finding(InvalidPatternRule.Rule, Severity.Error, ex.Span ?? SourceSpan.WholeFile(selection.Path ?? root), ex.Message) { FixHint = ex.Fix };
            return new ContextAnalysis(root, options.Builder, selection, null, [finding]);
        }

        var walkOptions = new ContextWalkOptions { Builder = options.Builder, MeasureExcluded = options.MeasureExcluded, MeasureSizes = true, KeepEntries = true };
        (matcher, walkOptions) = ForBuilder(matcher, walkOptions, root, dockerfile);
        var walk = ContextWalker.Walk(root, matcher, walkOptions, cancellationToken);
        var model = new ContextModel(root, ignoreFile, walk, ResolveSources(root, walk, options.Sources), ReadSmallFiles(root, walk), options.Settings);
        var findings = ContextRules.All.SelectMany(rule => rule.Check(model)).Order(FindingOrder.Instance).ToList();
        return new ContextAnalysis(root, options.Builder, selection, walk, findings);
    }

    /// <summary>
    /// Lists what would be sent, in ordinal byte order, without reading metadata (the fast path of
    /// <c>drydock context --list</c>). Invalid patterns throw <see cref="IgnorePatternException"/>.
    /// </summary>
    public static ContextWalkResult List(string contextDirectory, string? dockerfilePath, ContextBuilder builder, SentPathHandler onSentPath, CancellationToken cancellationToken = default)
    {
        var root = ResolveRoot(contextDirectory);
        var dockerfile = ResolveDockerfile(root, dockerfilePath);
        var selection = SelectIgnoreFile(root, dockerfile, builder);
        var matcher = selection.Path is { } path ? IgnoreMatcher.Create(DockerIgnoreFile.Read(path)) : IgnoreMatcher.Empty;
        var options = new ContextWalkOptions { Builder = builder, MeasureSizes = false, MeasureExcluded = false, KeepEntries = false, OnSentPath = onSentPath };
        (matcher, options) = ForBuilder(matcher, options, root, dockerfile);
        return ContextWalker.Walk(root, matcher, options, cancellationToken);
    }

    /// <summary>
    /// BuildKit reads <c>&lt;Dockerfile name&gt;.dockerignore</c> beside the Dockerfile first, then the context's
    /// <c>.dockerignore</c>. The classic builder reads only the context's.
    /// </summary>
    public static IgnoreFileSelection SelectIgnoreFile(string root, string? dockerfile, ContextBuilder builder)
    {
        var contextIgnore = Path.Combine(root, ".dockerignore");
        var specific = dockerfile is null ? null : dockerfile + ".dockerignore";
        var specificExists = specific is not null && File.Exists(specific);
        if (builder == ContextBuilder.BuildKit && specificExists)
        {
            return new IgnoreFileSelection(specific, $"{Path.GetFileName(specific)} beside the Dockerfile takes precedence", File.Exists(contextIgnore) ? $"{contextIgnore} is not used" : null);
        }
        var note = builder == ContextBuilder.Classic && specificExists ? $"the classic builder ignores {specific}; BuildKit would use it" : null;
        return File.Exists(contextIgnore)
            ? new IgnoreFileSelection(contextIgnore, "the context's .dockerignore", note)
            : new IgnoreFileSelection(null, "no ignore file: everything is sent", note);
    }

    private static string ResolveRoot(string contextDirectory)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(contextDirectory));
        if (!Directory.Exists(root))
        {
            throw new DrydockException($"the build context {contextDirectory} is not a directory", SourceSpan.WholeFile(contextDirectory), "pass the directory you give to docker build.");
        }
        return root;
    }

    private static string? ResolveDockerfile(string root, string? dockerfilePath)
    {
        if (dockerfilePath is null)
        {
            var defaultPath = Path.Combine(root, "Dockerfile");
            return File.Exists(defaultPath) ? defaultPath : null;
        }
        var full = Path.GetFullPath(dockerfilePath);
        if (!File.Exists(full))
        {
            throw new DrydockException($"the Dockerfile {dockerfilePath} does not exist", SourceSpan.WholeFile(dockerfilePath), "pass the file you give to docker build -f.");
        }
        return full;
    }

    /// <summary>
    /// The classic builder: the docker CLI re-includes the Dockerfile and .dockerignore when the patterns exclude
    /// them (appending exceptions, which also keeps their directories walked), and the daemon then removes them again
    /// when the original patterns match them (with its older single-parent check).
    /// </summary>
    private static (IgnoreMatcher, ContextWalkOptions) ForBuilder(IgnoreMatcher matcher, ContextWalkOptions options, string root, string? dockerfile)
    {
        if (options.Builder != ContextBuilder.Classic || matcher.Patterns.Count == 0)
        {
            return (matcher, options);
        }
        var extended = new List<string>();
        var dropped = new List<string>();
        var buildFiles = new List<string> { ".dockerignore" };
        if (dockerfile is not null && Path.GetRelativePath(root, dockerfile) is var relative && !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
        {
            buildFiles.Add(relative.Replace('\\', '/'));
        }
        foreach (var file in buildFiles)
        {
            if (matcher.MatchesLegacy(file))
            {
                extended.Add("!" + file);
                dropped.Add(file);
            }
        }
        return dropped.Count == 0 ? (matcher, options) : (matcher.Extend(extended), options with { DroppedPaths = dropped });
    }

    private static Dictionary<string, string> ReadSmallFiles(string root, ContextWalkResult walk)
    {
        var contents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in walk.Entries)
        {
            if (entry.Kind != ContextEntryKind.File || entry.Size > 64 * 1024 || !ContentFileNames.Contains(FileName(entry.Path), StringComparer.Ordinal))
            {
                continue;
            }
            try
            {
                contents[entry.Path] = UserFiles.ReadAllText(Path.Combine(root, entry.Path), 64 * 1024);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Unreadable files are reported by the walk.
            }
        }
        return contents;
    }

    private static IReadOnlyList<ResolvedSource> ResolveSources(string root, ContextWalkResult walk, IReadOnlyList<ContextSource> sources)
    {
        if (sources.Count == 0)
        {
            return [];
        }
        var sentFiles = walk.Entries.Select(entry => entry.Path).ToHashSet(StringComparer.Ordinal);
        var sentDirectories = walk.SentDirectories.ToHashSet(StringComparer.Ordinal);
        var implicitDirectories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in sentFiles)
        {
            for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
            {
                if (!implicitDirectories.Add(path[..slash]))
                {
                    break;
                }
            }
        }
        bool IsSent(string path) => sentFiles.Contains(path) || sentDirectories.Contains(path) || implicitDirectories.Contains(path);

        var resolved = new List<ResolvedSource>();
        foreach (var source in sources)
        {
            var cleaned = Encoding.UTF8.GetString(GoText.CleanPath(Encoding.UTF8.GetBytes("/" + source.Pattern.Replace('\\', '/'))))[1..];
            if (cleaned.Length == 0 || source.Pattern.Contains('$', StringComparison.Ordinal))
            {
                continue; // The whole context, or an unexpanded variable: nothing to check.
            }
            var onDisk = SourceGlob.Expand(root, cleaned);
            resolved.Add(new ResolvedSource(source, onDisk, [.. onDisk.Where(IsSent)]));
        }
        return resolved;
    }

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];
}
