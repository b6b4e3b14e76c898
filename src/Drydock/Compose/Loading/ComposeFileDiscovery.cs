namespace Drydock.Compose.Loading;

/// <summary>Finds a project's Compose files the way <c>docker compose</c> does when no <c>-f</c> is given.</summary>
public static class ComposeFileDiscovery
{
    /// <summary>The names Compose looks for, in order of preference.</summary>
    public static readonly IReadOnlyList<string> DefaultFileNames = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];

    /// <summary>The override file read after the main one, when present beside it.</summary>
    public static readonly IReadOnlyList<string> DefaultOverrideFileNames = ["compose.override.yml", "compose.override.yaml", "docker-compose.override.yml", "docker-compose.override.yaml"];

    /// <summary>
    /// The main file and its override in <paramref name="directory"/>, or in the nearest parent that has one.
    /// Empty when none is found up to the root.
    /// </summary>
    public static IReadOnlyList<string> Discover(string directory)
    {
        for (var current = Path.GetFullPath(directory); current is not null; current = Path.GetDirectoryName(current))
        {
            var found = FindIn(current);
            if (found.Count > 0)
            {
                return found;
            }
        }
        return [];
    }

    /// <summary>The main file and its override in exactly <paramref name="directory"/> (no walking up).</summary>
    public static IReadOnlyList<string> FindIn(string directory)
    {
        var main = DefaultFileNames.Select(name => Path.Combine(directory, name)).FirstOrDefault(File.Exists);
        if (main is null)
        {
            return [];
        }
        var overrideFile = DefaultOverrideFileNames.Select(name => Path.Combine(directory, name)).FirstOrDefault(File.Exists);
        return overrideFile is null ? [main] : [main, overrideFile];
    }

    /// <summary>Whether a file name looks like a Compose file (for directory scans such as <c>drydock check DIR</c>).</summary>
    public static bool IsComposeFileName(string fileName) =>
        DefaultFileNames.Contains(fileName, StringComparer.Ordinal) || DefaultOverrideFileNames.Contains(fileName, StringComparer.Ordinal);

    /// <summary>
    /// <c>COMPOSE_PROJECT_NAME</c>'s rules: lower case, only <c>[a-z0-9_-]</c>, no leading '_' or '-'.
    /// </summary>
    public static string NormalizeProjectName(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-')
            {
                builder.Append(c);
            }
        }
        return builder.ToString().TrimStart('_', '-');
    }
}
