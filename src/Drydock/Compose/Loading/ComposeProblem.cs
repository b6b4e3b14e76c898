using Drydock.Text;

namespace Drydock.Compose.Loading;

/// <summary>What kind of problem the loader found; every kind makes <c>docker compose config</c> fail.</summary>
public enum ComposeProblemKind
{
    /// <summary>The file cannot be read or is not valid YAML.</summary>
    Syntax,

    /// <summary>A key or value the Compose Specification does not allow (unknown key, wrong type, bad duration or port).</summary>
    Schema,

    /// <summary>A variable reference that cannot be substituted.</summary>
    Interpolation,

    /// <summary>A file the project refers to is missing: an extends or include target, a required env_file.</summary>
    File,

    /// <summary>The merged model does not hold together: undefined networks, volumes, secrets or services, cycles.</summary>
    Consistency,
}

/// <summary>One problem in a Compose project, at the file, line and column it comes from.</summary>
public sealed record ComposeProblem(ComposeProblemKind Kind, SourceSpan Span, string Message)
{
    /// <summary>One sentence saying what to do about it.</summary>
    public string? Fix { get; init; }

    /// <summary>What the problem is about, when a dedicated rule reports it (<see cref="EnvFileTopic"/>).</summary>
    public string? Topic { get; init; }

    /// <summary>A required env_file that is missing (rule DC033 reports it).</summary>
    public const string EnvFileTopic = "env_file";

    public override string ToString() => $"{Span}: {Message}";

    public DrydockException ToException() => new(Message, Span, Fix);
}
