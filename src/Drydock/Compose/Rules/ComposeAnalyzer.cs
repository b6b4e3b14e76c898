using Drydock.Compose.Loading;
using Drydock.Compose.Model;
using Drydock.Findings;
using Drydock.Text;

namespace Drydock.Compose.Rules;

/// <summary>A service built from a local Dockerfile: what the Dockerfile and build-context analyzers need to check it as Compose builds it.</summary>
/// <param name="Service">The service name.</param>
/// <param name="Context">The build context directory.</param>
/// <param name="DockerfilePath">The Dockerfile (null for dockerfile_inline).</param>
/// <param name="Target">The build target stage, when set.</param>
/// <param name="Args">The build args with values (from the Compose file, .env or the shell).</param>
/// <param name="Span">Where the service's build: is written.</param>
public sealed record ComposeBuildTarget(string Service, string Context, string? DockerfilePath, string? Target, IReadOnlyDictionary<string, string> Args, SourceSpan Span);

/// <summary>The result of checking one Compose project.</summary>
/// <param name="Project">The loaded project; null when nothing could be loaded (then the findings say why).</param>
/// <param name="Findings">DC findings, sorted.</param>
/// <param name="Files">Every file that took part (Compose files, extends and include targets, env files).</param>
/// <param name="Builds">The services built from local Dockerfiles, for the cross-file checks.</param>
public sealed record ComposeCheckResult(ComposeProject? Project, IReadOnlyList<Finding> Findings, IReadOnlyList<string> Files, IReadOnlyList<ComposeBuildTarget> Builds);

/// <summary>
/// The entry point <c>drydock check</c> uses for Compose: find projects under a directory, load each, gather facts,
/// run the DC rules. Also lists each locally built service's Dockerfile, context and build args so the Dockerfile and
/// build-context rules can run on it exactly as Compose builds it.
/// </summary>
public static class ComposeAnalyzer
{
    /// <summary>Directories a scan never enters: version control and dependency caches.</summary>
    public static readonly IReadOnlySet<string> SkippedDirectories = new HashSet<string>(StringComparer.Ordinal)
    {
        ".git", ".hg", ".svn", "node_modules", "bower_components", "vendor", ".venv", "venv", "__pycache__", "bin", "obj", ".idea", ".vs", "target", ".terraform", ".drydock",
    };

    /// <summary>Checks the project that <paramref name="options"/> describe.</summary>
    public static Task<ComposeCheckResult> CheckAsync(ComposeLoadOptions options, ComposeCheckOptions? checkOptions = null, CancellationToken cancellationToken = default) =>
        CheckAsync(ComposeProjectLoader.Load(options), checkOptions, null, cancellationToken);

    /// <summary>
    /// Checks an already loaded project: for a check pipeline that loads first (to register <see cref="Builds"/> with
    /// the Dockerfile analyzer) and runs the rules later. <paramref name="dockerfileReader"/> lets that analyzer answer
    /// the Dockerfile questions (USER, HEALTHCHECK, base image) with its own parser.
    /// </summary>
    public static async Task<ComposeCheckResult> CheckAsync(
        ComposeLoadResult load,
        ComposeCheckOptions? checkOptions = null,
        Func<string, string?, IReadOnlyDictionary<string, string>, DockerfileFacts>? dockerfileReader = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (load.Project is not { } project)
        {
            var invalid = load.Problems.Select(problem => Finding.Create(InvalidComposeFileRule.Rule, problem.Span, problem.Message) with { FixHint = problem.Fix }).ToList();
            var files = load.Problems.Select(problem => problem.Span.File).Where(File.Exists).Distinct(StringComparer.Ordinal).ToList();
            return new ComposeCheckResult(null, invalid, files, []);
        }
        var facts = await ComposeFactsCollector.CollectAsync(project, dockerfileReader, cancellationToken).ConfigureAwait(false);
        var analysis = new ComposeAnalysis(project, facts) { Problems = load.Problems, Target = checkOptions?.Target ?? ComposeTarget.Any };
        var findings = ComposeChecker.Run(analysis, checkOptions);
        var allFiles = project.Files.Select(file => file.Path)
            .Concat(project.EnvFiles)
            .Concat(project.AllServices.SelectMany(service => service.EnvFiles).Where(file => file.Exists).Select(file => file.Path))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new ComposeCheckResult(project, findings, allFiles, Builds(project));
    }

    /// <summary>Checks the project in <paramref name="directory"/> (its compose.yaml and override, its .env).</summary>
    public static Task<ComposeCheckResult> CheckDirectoryAsync(string directory, Func<string, string?>? environment = null, ComposeCheckOptions? checkOptions = null, CancellationToken cancellationToken = default) =>
        CheckAsync(new ComposeLoadOptions
        {
            WorkingDirectory = directory,
            Files = ComposeFileDiscovery.FindIn(directory),
            EnvironmentLookup = environment,
        }, checkOptions, cancellationToken);

    /// <summary>Every directory under <paramref name="root"/> (itself included) that holds a Compose project, pruning skipped directories early.</summary>
    public static IReadOnlyList<string> FindProjects(string root)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(Path.GetFullPath(root));
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            if (ComposeFileDiscovery.FindIn(directory).Count > 0)
            {
                found.Add(directory);
            }
            IEnumerable<string> children;
            try
            {
                children = Directory.EnumerateDirectories(directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (var child in children.OrderDescending(StringComparer.Ordinal))
            {
                if (!SkippedDirectories.Contains(Path.GetFileName(child)))
                {
                    pending.Push(child);
                }
            }
        }
        return found;
    }

    /// <summary>The services of <paramref name="project"/> built from a local context.</summary>
    public static IReadOnlyList<ComposeBuildTarget> Builds(ComposeProject project) =>
        project.AllServices
            .Where(service => service.Build is { IsRemote: false })
            .Select(service => new ComposeBuildTarget(service.Name, service.Build!.Context, service.Build.DockerfilePath, service.Build.Target, service.Build.ArgValues, service.Build.Span))
            .ToList();
}
