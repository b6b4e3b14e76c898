using Drydock.Text;
using Drydock.Yaml;

namespace Drydock.Compose.Model;

/// <summary>A top-level network.</summary>
public sealed record ComposeNetwork(string Key, string Name, SourceSpan Span)
{
    public string? Driver { get; init; }

    public bool External { get; init; }

    public bool Internal { get; init; }

    public IReadOnlyList<ComposeKeyValue> Labels { get; init; } = [];

    /// <summary>The implicit <c>default</c> network Compose adds when a service uses it without declaring it.</summary>
    public bool IsImplicit { get; init; }
}

/// <summary>A top-level named volume.</summary>
public sealed record ComposeVolume(string Key, string Name, SourceSpan Span)
{
    public string? Driver { get; init; }

    public bool External { get; init; }

    public IReadOnlyList<ComposeKeyValue> DriverOptions { get; init; } = [];

    public IReadOnlyList<ComposeKeyValue> Labels { get; init; } = [];
}

/// <summary>A top-level secret or config.</summary>
public sealed record ComposeFileObject(string Key, string Name, SourceSpan Span)
{
    /// <summary>The file it is read from (absolute once resolved).</summary>
    public string? File { get; init; }

    /// <summary>The environment variable it is read from.</summary>
    public string? Environment { get; init; }

    /// <summary>Inline content (configs only).</summary>
    public string? Content { get; init; }

    public bool External { get; init; }
}

/// <summary>A Compose file that took part in the project.</summary>
/// <param name="Path">Its absolute path.</param>
/// <param name="Role">How it came in: main, override, extends or include.</param>
public sealed record ComposeSourceFile(string Path, ComposeFileRole Role);

/// <summary>A Compose file's document as written, before interpolation and merging.</summary>
public sealed record ComposeSourceDocument(string Path, ComposeFileRole Role, YamlMapping Root);

public enum ComposeFileRole
{
    /// <summary>The first file (<c>compose.yaml</c> or the first <c>-f</c>).</summary>
    Main,

    /// <summary>A later <c>-f</c> file or the discovered <c>*.override.*</c> file.</summary>
    Override,

    /// <summary>A file named by <c>extends: file:</c>.</summary>
    Extends,

    /// <summary>A file named by <c>include:</c>.</summary>
    Include,
}

/// <summary>
/// A loaded Compose project: what <c>docker compose config</c> shows, typed and with spans.
/// Services are sorted by name; those disabled by profiles are in <see cref="DisabledServices"/>.
/// </summary>
public sealed record ComposeProject(string Name, string WorkingDirectory)
{
    /// <summary>Where the name came from: <c>-p</c>, COMPOSE_PROJECT_NAME, the <c>name:</c> key, or the directory.</summary>
    public string NameSource { get; init; } = "directory";

    public SourceSpan? NameSpan { get; init; }

    public IReadOnlyList<ComposeSourceFile> Files { get; init; } = [];

    /// <summary>The files given or discovered, in order (without extends and include targets).</summary>
    public IReadOnlyList<string> ComposeFiles => Files.Where(file => file.Role is ComposeFileRole.Main or ComposeFileRole.Override).Select(file => file.Path).ToList();

    public IReadOnlyList<ComposeService> Services { get; init; } = [];

    public IReadOnlyList<ComposeService> DisabledServices { get; init; } = [];

    public IReadOnlyList<ComposeNetwork> Networks { get; init; } = [];

    public IReadOnlyList<ComposeVolume> Volumes { get; init; } = [];

    public IReadOnlyList<ComposeFileObject> Secrets { get; init; } = [];

    public IReadOnlyList<ComposeFileObject> Configs { get; init; } = [];

    /// <summary>The profiles that were active.</summary>
    public IReadOnlyList<string> ActiveProfiles { get; init; } = [];

    /// <summary>The environment used for interpolation: the shell over the .env files.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The .env (or <c>--env-file</c>) files that were read.</summary>
    public IReadOnlyList<string> EnvFiles { get; init; } = [];

    /// <summary>Every variable the files refer to, with its default and where its value came from.</summary>
    public IReadOnlyList<ComposeVariable> Variables { get; init; } = [];

    /// <summary>The obsolete top-level <c>version:</c> keys, where they were written.</summary>
    public IReadOnlyList<Located<string>> ObsoleteVersions { get; init; } = [];

    /// <summary>Each Compose file's first document as written (before interpolation), for rules about how files are written.</summary>
    public IReadOnlyList<ComposeSourceDocument> SourceDocuments { get; init; } = [];

    /// <summary>Values changed by interpolation, as written (keyed by the value's span).</summary>
    public IReadOnlyDictionary<SourceSpan, string> OriginalTexts { get; init; } = new Dictionary<SourceSpan, string>();

    /// <summary>The text written at <paramref name="span"/> before interpolation, or <paramref name="resolved"/> when it had no variables.</summary>
    public string? WrittenText(SourceSpan span, string? resolved) => OriginalTexts.TryGetValue(span, out var written) ? written : resolved;

    /// <summary>The whole resolved model as a YAML mapping (every service, enabled or not).</summary>
    public required YamlMapping Node { get; init; }

    public ComposeService? FindService(string name) =>
        Services.FirstOrDefault(service => service.Name == name) ?? DisabledServices.FirstOrDefault(service => service.Name == name);

    public IEnumerable<ComposeService> AllServices => Services.Concat(DisabledServices);
}
