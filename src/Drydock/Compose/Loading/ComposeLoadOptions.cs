namespace Drydock.Compose.Loading;

/// <summary>
/// How to load a Compose project, the way <c>docker compose</c> takes it from its flags and environment:
/// <c>-f</c> (or <c>COMPOSE_FILE</c>, or discovery), <c>--project-directory</c>, <c>-p</c> (or <c>COMPOSE_PROJECT_NAME</c>),
/// <c>--profile</c> (or <c>COMPOSE_PROFILES</c>) and <c>--env-file</c>.
/// </summary>
public sealed record ComposeLoadOptions
{
    /// <summary>Compose files in order (later ones override earlier ones); empty means discover them.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Where relative paths in the files are resolved and .env is read; defaults to the first file's directory.</summary>
    public string? ProjectDirectory { get; init; }

    /// <summary>The directory discovery starts from (and walks up from) when no file is given.</summary>
    public string WorkingDirectory { get; init; } = System.Environment.CurrentDirectory;

    /// <summary><c>-p</c>: wins over <c>COMPOSE_PROJECT_NAME</c>, <c>name:</c> and the directory name.</summary>
    public string? ProjectName { get; init; }

    /// <summary><c>--profile</c>: when empty, <c>COMPOSE_PROFILES</c> applies.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];

    /// <summary><c>--env-file</c>: replaces the project's default .env.</summary>
    public IReadOnlyList<string> EnvFiles { get; init; } = [];

    /// <summary>The shell environment (it wins over .env). Null means <see cref="EnvironmentLookup"/>, else the process environment.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>The shell environment as a lookup (the CLI's injected environment); used when <see cref="Environment"/> is null.</summary>
    public Func<string, string?>? EnvironmentLookup { get; init; }

    /// <summary>Resolve relative paths to absolute ones, as <c>docker compose config</c> does by default.</summary>
    public bool ResolvePaths { get; init; } = true;

    /// <summary>Read <c>env_file</c> entries into each service's environment.</summary>
    public bool ResolveEnvFiles { get; init; } = true;

    /// <summary>The shell environment as a lookup: <see cref="Environment"/>, <see cref="EnvironmentLookup"/> or the process.</summary>
    public Func<string, string?> ShellLookup()
    {
        if (Environment is { } given)
        {
            return name => given.TryGetValue(name, out var value) ? value : null;
        }
        return EnvironmentLookup ?? System.Environment.GetEnvironmentVariable;
    }
}
