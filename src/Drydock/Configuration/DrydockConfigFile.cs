using Drydock.Text;
using Drydock.Yaml;

namespace Drydock.Configuration;

/// <summary>
/// drydock.yml: one file beside the compose file, one top-level section per concern (<c>check:</c> for static
/// analysis, the verification sections for <c>verify</c>). Each feature reads its own section from
/// <see cref="Root"/>; unknown top-level keys are errors with their position, so typos never pass silently.
/// </summary>
public sealed record DrydockConfigFile(string Path, YamlMapping Root)
{
    public static readonly IReadOnlyList<string> FileNames = ["drydock.yml", "drydock.yaml"];

    /// <summary>Every top-level key a feature reads. A feature adds its keys here, one line each.</summary>
    public static readonly IReadOnlyList<string> KnownSections =
    [
        "check",
        "context",
        // drydock verify's sections (docs/drydock-yml.md); their parser validates their content.
        "compose",
        "timeout",
        "startup_timeout",
        "start_order",
        "idle",
        "log_errors",
        "targets",
        "services",
        "scenarios",
        "load",
        "baseline",
    ];

    public YamlNode? Section(string name) => Root[name];

    /// <summary>The config file in <paramref name="directory"/>, or null when there is none.</summary>
    public static string? Find(string directory)
    {
        foreach (var name in FileNames)
        {
            var candidate = System.IO.Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    public static DrydockConfigFile Load(string path)
    {
        var documents = YamlLoader.LoadFile(path);
        if (documents.Documents.Count > 1)
        {
            throw new DrydockException("drydock.yml must hold one YAML document, not several.", documents.Documents[1].Span);
        }
        var root = documents.Root switch
        {
            null => new YamlMapping([], SourceSpan.WholeFile(path)),
            YamlScalar { IsNull: true } empty => new YamlMapping([], empty.Span),
            YamlMapping mapping => mapping,
            var other => throw new DrydockException($"drydock.yml must be a mapping of sections, not a {other.Kind}.", other.Span),
        };
        var errors = new ConfigErrors();
        foreach (var entry in root.Entries)
        {
            if (!KnownSections.Contains(entry.Key.Value, StringComparer.Ordinal))
            {
                var known = KnownSections.Count == 0 ? "none yet" : string.Join(", ", KnownSections);
                errors.Add(new DrydockException($"unknown section '{entry.Key.Value}' in drydock.yml (known: {known})", entry.Key.Span));
            }
        }
        errors.ThrowIfAny();
        return new DrydockConfigFile(path, root);
    }
}
