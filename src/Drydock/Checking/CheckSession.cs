using System.Collections.Concurrent;
using Drydock.Dockerfiles.Rules.Shellcheck;
using Drydock.Dockerfiles.Stages;

namespace Drydock.Checking;

/// <summary>
/// A Dockerfile to check with a given set of build arguments. The Dockerfile analyzer registers every discovered
/// Dockerfile with the configured arguments (<see cref="IsDefault"/>); another analyzer (a compose service's
/// <c>build:</c>) registers it with its own arguments, which then replace the default registration, so each
/// Dockerfile is reported once per distinct set of arguments and findings are de-duplicated across them.
/// </summary>
public sealed record DockerfileTarget(string Path, IReadOnlyDictionary<string, string> BuildArgs, string? Target, string Origin)
{
    public bool IsDefault { get; init; }
}

/// <summary>Parsed Dockerfiles by absolute path: each file is read and parsed once per run, whoever asks first.</summary>
public sealed class DockerfileCache
{
    private readonly ConcurrentDictionary<string, Lazy<DockerfileDocument>> _documents = new(StringComparer.Ordinal);

    /// <summary>The parsed file; throws <see cref="DrydockException"/> when it cannot be read.</summary>
    public DockerfileDocument Get(string path) =>
        _documents.GetOrAdd(System.IO.Path.GetFullPath(path), full => new Lazy<DockerfileDocument>(() => DockerfileDocument.Load(full))).Value;

    public IReadOnlyCollection<string> Paths => _documents.Keys.ToList();
}

/// <summary>
/// Everything one <c>drydock check</c> run shares between analyzers: the discovered inputs, the configuration, the
/// effective build arguments, the Dockerfile cache and the Dockerfile targets. See docs/design.md, "Checking".
/// </summary>
public sealed class CheckSession
{
    private readonly List<DockerfileTarget> _targets = [];
    private readonly List<BuildContextInput> _contexts = [];
    private readonly object _gate = new();

    public CheckSession(CheckInputs inputs, CheckConfiguration configuration, IReadOnlyDictionary<string, string> commandLineBuildArgs, ShellcheckOptions? shellcheck, string workingDirectory, CancellationToken cancellationToken = default)
    {
        Inputs = inputs;
        Configuration = configuration;
        CommandLineBuildArgs = commandLineBuildArgs;
        Shellcheck = shellcheck;
        WorkingDirectory = workingDirectory;
        CancellationToken = cancellationToken;
        BuildArgs = MergeBuildArgs(null);
    }

    public CheckInputs Inputs { get; }

    public CheckConfiguration Configuration { get; }

    /// <summary>--build-arg values; they win over everything else.</summary>
    public IReadOnlyDictionary<string, string> CommandLineBuildArgs { get; }

    /// <summary>check.build_args overlaid with --build-arg.</summary>
    public IReadOnlyDictionary<string, string> BuildArgs { get; }

    /// <summary>ShellCheck to run on RUN scripts, or null (not installed, or turned off).</summary>
    public ShellcheckOptions? Shellcheck { get; }

    public string WorkingDirectory { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>The shell environment (the CLI's, injectable in tests): Compose files are interpolated with it, as <c>docker compose</c> would.</summary>
    public Func<string, string?> EnvironmentLookup { get; init; } = Environment.GetEnvironmentVariable;

    public DockerfileCache Dockerfiles { get; } = new();

    /// <summary>The private file standard input was written to (<c>drydock check -</c>), or null.</summary>
    public string? StandardInputFile { get; init; }

    /// <summary>The Compose implementation the Compose files are held to (DC049).</summary>
    public Drydock.Compose.Rules.ComposeTarget ComposeTarget { get; init; }

    /// <summary>Build arguments for a Dockerfile built with <paramref name="specific"/> (a compose service's args): configuration, then those, then --build-arg.</summary>
    public IReadOnlyDictionary<string, string> MergeBuildArgs(IReadOnlyDictionary<string, string>? specific)
    {
        var merged = new Dictionary<string, string>(Configuration.BuildArgs, StringComparer.Ordinal);
        foreach (var source in new[] { specific, CommandLineBuildArgs })
        {
            if (source is null)
            {
                continue;
            }
            foreach (var (name, value) in source)
            {
                merged[name] = value;
            }
        }
        return merged;
    }

    /// <summary>Asks for a Dockerfile to be checked (during <see cref="ICheckAnalyzer.Prepare"/>).</summary>
    public void AddDockerfileTarget(DockerfileTarget target)
    {
        lock (_gate)
        {
            var normalized = target with { Path = System.IO.Path.GetFullPath(target.Path, WorkingDirectory) };
            if (!_targets.Contains(normalized))
            {
                _targets.Add(normalized);
            }
        }
    }

    /// <summary>
    /// Asks for a build context to be checked (during <see cref="ICheckAnalyzer.Prepare"/>): a directory and the
    /// Dockerfile built from it. Discovery adds each Dockerfile with its own directory (<see cref="BuildContextInput.IsDefault"/>);
    /// a compose service with <c>build:</c> adds its own context, Dockerfile, build arguments and target, which replace
    /// the default registration of that Dockerfile.
    /// </summary>
    public void AddBuildContext(BuildContextInput context)
    {
        lock (_gate)
        {
            var normalized = context with
            {
                Directory = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(context.Directory, WorkingDirectory)),
                Dockerfile = context.Dockerfile is null ? null : System.IO.Path.GetFullPath(context.Dockerfile, WorkingDirectory),
            };
            if (!_contexts.Contains(normalized))
            {
                _contexts.Add(normalized);
            }
        }
    }

    /// <summary>
    /// The build contexts to check: every specific registration, and the default ones whose Dockerfile no specific
    /// registration names (a Dockerfile is built from the context Compose says, not from the directory it is in).
    /// </summary>
    public IReadOnlyList<BuildContextInput> BuildContexts
    {
        get
        {
            lock (_gate)
            {
                var named = _contexts.Where(context => !context.IsDefault && context.Dockerfile is not null).Select(context => context.Dockerfile!).ToHashSet(StringComparer.Ordinal);
                return _contexts.Where(context => !context.IsDefault || context.Dockerfile is null || !named.Contains(context.Dockerfile)).ToList();
            }
        }
    }

    /// <summary>The Dockerfiles to check: per path, the specific registrations if any, else the default one.</summary>
    public IReadOnlyList<DockerfileTarget> DockerfileTargets
    {
        get
        {
            lock (_gate)
            {
                return _targets.GroupBy(target => target.Path, StringComparer.Ordinal)
                    .SelectMany(group => group.Any(t => !t.IsDefault) ? group.Where(t => !t.IsDefault) : group.Take(1))
                    .ToList();
            }
        }
    }
}
