using Drydock.Compose.DotEnv;
using Drydock.Compose.Loading;
using Drydock.Compose.Model;

namespace Drydock.Compose.Rules;

/// <summary>
/// What the Compose rules look at: the loaded project, the loader's problems, and the facts about the files around it
/// that were gathered before the rules ran (rules themselves do no I/O).
/// </summary>
public sealed record ComposeAnalysis(ComposeProject Project, ComposeFacts Facts)
{
    /// <summary>Problems the loader found; each becomes a DC001 finding.</summary>
    public IReadOnlyList<ComposeProblem> Problems { get; init; } = [];

    /// <summary>The Compose implementation the project will run with (DC049); <see cref="ComposeTarget.Any"/> when unknown.</summary>
    public ComposeTarget Target { get; init; }
}

/// <summary>Facts about the files a project refers to, gathered once by <see cref="ComposeFactsCollector"/>.</summary>
public sealed record ComposeFacts
{
    public static readonly ComposeFacts Empty = new();

    /// <summary>Host paths of bind mounts and whether they exist.</summary>
    public IReadOnlyDictionary<string, bool> HostPaths { get; init; } = new Dictionary<string, bool>(StringComparer.Ordinal);

    /// <summary>The project's .env files (and env_file files), with their entries and their git status.</summary>
    public IReadOnlyList<EnvFileFacts> EnvFiles { get; init; } = [];

    /// <summary>The .env.example (or .env.sample, .env.template, .env.dist) beside the project, when there is one.</summary>
    public EnvFileFacts? EnvExample { get; init; }

    /// <summary>Local build contexts (absolute) and whether each is an existing directory.</summary>
    public IReadOnlyDictionary<string, bool> BuildContexts { get; init; } = new Dictionary<string, bool>(StringComparer.Ordinal);

    /// <summary>What each built service's Dockerfile says, by service name.</summary>
    public IReadOnlyDictionary<string, DockerfileFacts> Dockerfiles { get; init; } = new Dictionary<string, DockerfileFacts>(StringComparer.Ordinal);
}

/// <summary>An env file: its entries, and whether git would commit it.</summary>
/// <param name="Path">Absolute path.</param>
/// <param name="Entries">Its variables (empty when it could not be parsed).</param>
/// <param name="InGitRepository">The file is inside a git work tree.</param>
/// <param name="IgnoredByGit">git ignores it (a .gitignore rule matches); null outside a repository.</param>
/// <param name="TrackedByGit">git already tracks it (it was committed).</param>
public sealed record EnvFileFacts(string Path, IReadOnlyList<DotEnvEntry> Entries, bool InGitRepository, bool? IgnoredByGit, bool TrackedByGit)
{
    /// <summary>The project's own .env (read for interpolation), rather than a service's env_file.</summary>
    public bool IsProjectDotEnv { get; init; }
}

/// <summary>What a service's Dockerfile declares for the stage Compose builds.</summary>
/// <param name="Path">The Dockerfile.</param>
/// <param name="Exists">Whether it exists.</param>
public sealed record DockerfileFacts(string Path, bool Exists)
{
    /// <summary>The last USER of the built stage (after ARG substitution); null when the stage sets none.</summary>
    public string? User { get; init; }

    /// <summary>The built stage (or one it derives from) has a HEALTHCHECK other than NONE.</summary>
    public bool HasHealthcheck { get; init; }

    /// <summary>The image the built stage starts from (after ARG substitution, through the stages it is built FROM).</summary>
    public string? BaseImage { get; init; }

    /// <summary>False when the service's <c>build.target</c> names no stage of the Dockerfile (the build fails).</summary>
    public bool TargetFound { get; init; } = true;
}
