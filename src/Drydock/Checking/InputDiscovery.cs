using Drydock.Text;

namespace Drydock.Checking;

/// <summary>A build context: a directory sent to the builder, and the Dockerfile built from it when known.</summary>
public sealed record BuildContextInput(string Directory, string? Dockerfile)
{
    /// <summary>Discovery's guess (a Dockerfile built from its own directory), replaced by a compose service's registration of the same Dockerfile.</summary>
    public bool IsDefault { get; init; }

    /// <summary>The build arguments the Dockerfile's COPY sources are resolved with; null means the session's.</summary>
    public IReadOnlyDictionary<string, string>? BuildArgs { get; init; }

    /// <summary>The stage that is built (<c>--target</c>); the last one when null.</summary>
    public string? Target { get; init; }
}

/// <summary>What <c>drydock check</c> found in the paths it was given (absolute paths, sorted, each once).</summary>
public sealed record CheckInputs(
    IReadOnlyList<string> Roots,
    IReadOnlyList<string> Dockerfiles,
    IReadOnlyList<string> ComposeFiles,
    IReadOnlyList<BuildContextInput> BuildContexts)
{
    public static CheckInputs Empty { get; } = new([], [], [], []);

    /// <summary>Compose projects given file by file (<c>check -f a.yaml -f b.yaml</c>), each in its order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> ComposeProjects { get; init; } = [];

    /// <summary>Ignore files named on the command line: each stands for the build context it filters.</summary>
    public IReadOnlyList<string> IgnoreFiles { get; init; } = [];

    public int FileCount => Dockerfiles.Count + ComposeFiles.Count + IgnoreFiles.Count;
}

/// <summary>
/// Finds Dockerfiles (<c>Dockerfile</c>, <c>*.Dockerfile</c>, <c>Dockerfile.*</c>, <c>Containerfile</c>), Compose files
/// (<c>compose.yaml</c>, <c>compose.yml</c>, <c>docker-compose.yaml</c>, <c>docker-compose.yml</c>, their
/// <c>*.override.*</c> files, variants such as <c>compose.prod.yaml</c> or <c>docker-compose.test.yml</c>, and
/// <c>docker-stack.yml</c>) and build contexts: a Dockerfile found in a searched directory is built, by default, from
/// its own directory; one named on the command line has no context of its own (a Compose build may give it one). Directories are walked depth-first; version-control and dependency
/// directories are pruned without being entered, and symbolic links to directories are not followed.
/// </summary>
public static class InputDiscovery
{
    public static readonly IReadOnlySet<string> SkippedDirectories = new HashSet<string>(StringComparer.Ordinal)
    {
        ".git", ".hg", ".svn", ".bzr",
        "node_modules", "bower_components", "jspm_packages", "vendor",
        ".venv", "venv", "__pycache__", ".tox", ".mypy_cache", ".pytest_cache",
        ".terraform", ".gradle", ".m2", ".idea", ".vs", ".vscode",
        "bin", "obj", "target", ".cache",
    };

    /// <summary>"no such file or directory", or the real reason: a path over PATH_MAX, a name that is not UTF-8.</summary>
    private static string WhyMissing(string full)
    {
        try
        {
            Files.FileKinds.Stat(full);
        }
        catch (Files.UserFileException reason)
        {
            return reason.Message;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
        return "no such file or directory";
    }

    private static readonly string[] ComposeNames = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

    // Dockerfile.* names that are documentation, images, backups or data rather than Dockerfiles.
    private static readonly string[] NotDockerfileExtensions = [".dockerignore", ".md", ".rst", ".txt", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".bak", ".orig", ".swp", ".json", ".yml", ".yaml", ".lock"];

    public static bool IsDockerfileName(string name) =>
        name is "Dockerfile" or "Containerfile" or "dockerfile"
        || name.EndsWith(".Dockerfile", StringComparison.Ordinal) || name.EndsWith(".dockerfile", StringComparison.Ordinal)
        || ((name.StartsWith("Dockerfile.", StringComparison.Ordinal) || name.StartsWith("Containerfile.", StringComparison.Ordinal))
            && !NotDockerfileExtensions.Any(extension => name.EndsWith(extension, StringComparison.OrdinalIgnoreCase)));

    public static bool IsComposeFileName(string name) =>
        ComposeNames.Contains(name, StringComparer.Ordinal)
        || ComposeNames.Any(compose => name == Path.GetFileNameWithoutExtension(compose) + ".override" + Path.GetExtension(compose))
        || IsComposeVariantName(name);

    /// <summary>
    /// <c>compose.NAME.yaml</c>, <c>docker-compose.NAME.yml</c> (.yaml or .yml; NAME such as test, prod, dev, images) and
    /// <c>docker-stack.yml</c> / <c>docker-stack.NAME.yml</c>: files a project runs with <c>-f</c>, not by default.
    /// </summary>
    public static bool IsComposeVariantName(string name)
    {
        if (!name.EndsWith(".yml", StringComparison.Ordinal) && !name.EndsWith(".yaml", StringComparison.Ordinal))
        {
            return false;
        }
        var stem = Path.GetFileNameWithoutExtension(name);
        if (stem == "docker-stack")
        {
            return true;
        }
        foreach (var prefix in (string[])["compose.", "docker-compose.", "docker-stack."])
        {
            if (stem.StartsWith(prefix, StringComparison.Ordinal) && stem.Length > prefix.Length && stem[prefix.Length..] != "override")
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Adds a <c>-f</c> project: its files (absolute, in order) are checked together, as one project.</summary>
    public static CheckInputs WithComposeProject(CheckInputs inputs, IReadOnlyList<string> files, string workingDirectory)
    {
        var project = new List<string>();
        foreach (var file in files)
        {
            var full = Path.GetFullPath(file, workingDirectory);
            if (!File.Exists(full))
            {
                throw new DrydockException("no such Compose file", SourceSpan.WholeFile(file), "give -f the path of a Compose file.");
            }
            if (!project.Contains(full, StringComparer.Ordinal))
            {
                project.Add(full);
            }
        }
        return inputs with
        {
            ComposeFiles = inputs.ComposeFiles.Concat(project).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            ComposeProjects = [.. inputs.ComposeProjects, project],
        };
    }

    /// <param name="paths">Files or directories; relative paths are taken from <paramref name="workingDirectory"/>.</param>
    /// <param name="workingDirectory">The directory relative paths start from.</param>
    /// <param name="exclude">Paths to leave out, as globs matched against paths relative to <paramref name="excludeBase"/>.</param>
    /// <param name="excludeBase">The directory <paramref name="exclude"/>'s globs are relative to.</param>
    public static CheckInputs Discover(IEnumerable<string> paths, string workingDirectory, IReadOnlyList<GlobPattern>? exclude = null, string? excludeBase = null)
    {
        var roots = new List<string>();
        var dockerfiles = new SortedSet<string>(StringComparer.Ordinal);
        var walkedDockerfiles = new SortedSet<string>(StringComparer.Ordinal);
        var composeFiles = new SortedSet<string>(StringComparer.Ordinal);
        var namedContexts = new List<BuildContextInput>();
        var namedIgnoreFiles = new List<string>();
        exclude ??= [];
        excludeBase ??= workingDirectory;
        bool Excluded(string path) => exclude.Count > 0 && exclude.Any(glob => glob.IsMatch(Path.GetRelativePath(excludeBase, path)));

        foreach (var path in paths)
        {
            if (path.Length == 0)
            {
                throw new DrydockException("an empty path was given", null, "give a Dockerfile, a compose file or a directory that holds them (or nothing, for the current directory).");
            }
            var full = Path.GetFullPath(path, workingDirectory);
            roots.Add(full);
            if (File.Exists(full))
            {
                var name = Path.GetFileName(full);
                // A file named on the command line is checked even if its name is unusual: YAML as Compose, an ignore
                // file as the build context it filters, the rest as a Dockerfile.
                if (IsIgnoreFileName(name))
                {
                    namedContexts.Add(ContextOfIgnoreFile(full));
                    namedIgnoreFiles.Add(full);
                }
                else if (IsComposeFileName(name) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
                {
                    composeFiles.Add(full);
                }
                else
                {
                    dockerfiles.Add(full);
                }
            }
            else if (Directory.Exists(full))
            {
                Walk(full, walkedDockerfiles, composeFiles, Excluded);
            }
            else
            {
                throw new DrydockException(WhyMissing(full), SourceSpan.WholeFile(path), "give a Dockerfile, a compose file or a directory that holds them.");
            }
        }
        dockerfiles.UnionWith(walkedDockerfiles);
        // Only a Dockerfile found by walking a directory is built from its own directory by default: naming one
        // Dockerfile must not walk the whole directory it sits in (which may be a repository root) for context rules.
        var contexts = walkedDockerfiles
            .GroupBy(file => Path.GetDirectoryName(file)!, StringComparer.Ordinal)
            .Select(group => new BuildContextInput(group.Key, group.FirstOrDefault(f => Path.GetFileName(f) is "Dockerfile" or "Containerfile") ?? group.First()))
            .Concat(namedContexts.Where(named => !walkedDockerfiles.Any(walked => Path.GetDirectoryName(walked) == named.Directory)))
            .DistinctBy(context => (context.Directory, context.Dockerfile))
            .OrderBy(context => context.Directory, StringComparer.Ordinal)
            .ToList();
        return new CheckInputs(roots, dockerfiles.ToList(), composeFiles.ToList(), contexts)
        {
            IgnoreFiles = namedIgnoreFiles.Order(StringComparer.Ordinal).Distinct(StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary><c>.dockerignore</c>, or <c>NAME.dockerignore</c> (the ignore file of the Dockerfile NAME).</summary>
    public static bool IsIgnoreFileName(string name) => name.EndsWith(".dockerignore", StringComparison.Ordinal);

    /// <summary>
    /// The build context an ignore file filters: its directory, built with <c>NAME</c> for <c>NAME.dockerignore</c>, else
    /// with the directory's Dockerfile (or Containerfile) when it has one.
    /// </summary>
    private static BuildContextInput ContextOfIgnoreFile(string ignoreFile)
    {
        var directory = Path.GetDirectoryName(ignoreFile)!;
        var name = Path.GetFileName(ignoreFile);
        string[] candidates = name == ".dockerignore" ? ["Dockerfile", "Containerfile"] : [name[..^".dockerignore".Length]];
        var dockerfile = candidates.Select(candidate => Path.Combine(directory, candidate)).FirstOrDefault(File.Exists);
        return new BuildContextInput(directory, dockerfile) { IsDefault = true };
    }

    private static void Walk(string root, SortedSet<string> dockerfiles, SortedSet<string> composeFiles, Func<string, bool> excluded)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(directory).EnumerateFileSystemInfos();
                foreach (var entry in entries)
                {
                    var name = entry.Name;
                    if (entry is DirectoryInfo)
                    {
                        if (!SkippedDirectories.Contains(name) && entry.LinkTarget is null && !excluded(entry.FullName))
                        {
                            pending.Push(entry.FullName);
                        }
                    }
                    else if (IsDockerfileName(name))
                    {
                        if (!excluded(entry.FullName))
                        {
                            dockerfiles.Add(entry.FullName);
                        }
                    }
                    else if (IsComposeFileName(name) && !excluded(entry.FullName))
                    {
                        composeFiles.Add(entry.FullName);
                    }
                }
            }
            catch (UnauthorizedAccessException)
            {
                // An unreadable directory holds nothing we can check.
            }
            catch (IOException)
            {
            }
        }
    }
}
