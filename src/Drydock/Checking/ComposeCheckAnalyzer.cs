using Drydock.Compose.Loading;
using Drydock.Compose.Rules;
using Drydock.Findings;
using Drydock.Text;
using Drydock.Files;
using Drydock.Yaml;

namespace Drydock.Checking;

/// <summary>
/// The Compose family (DC rules, src/Drydock/Compose) in <c>drydock check</c>.
/// <list type="bullet">
/// <item><see cref="Prepare"/> forms the projects from the discovered Compose files (per directory, the main file and
/// its override, as <c>docker compose</c> picks them; files named on the command line as <c>-f</c> would take them),
/// loads each (override files, <c>.env</c>, <c>extends</c>, <c>include</c>, interpolation with the shell environment),
/// and registers every locally built service's Dockerfile with that service's build args and target, and its build
/// context, so the Dockerfile and context analyzers check them as Compose builds them.</item>
/// <item><see cref="AnalyzeAsync"/> runs the DC rules, answering their Dockerfile questions (USER, HEALTHCHECK, base
/// image) from the session's one parse of each Dockerfile.</item>
/// </list>
/// A problem in a Compose file is a DC001 finding at its file:line:column, as a Dockerfile syntax error is a DF001
/// finding; a Compose file that cannot be read at all is an input error (exit 2), as an unreadable Dockerfile is.
/// Configuration (disable, enable, severity, per-path overrides) applies afterwards in <see cref="FindingFilter"/>,
/// exactly as to the other families: every rule runs here, those off by default included.
/// </summary>
public sealed class ComposeCheckAnalyzer : ICheckAnalyzer
{
    private static readonly ComposeCheckOptions AllRules = new()
    {
        Enable = ComposeRules.Descriptors.Where(rule => !rule.EnabledByDefault).Select(rule => rule.Id).ToList(),
    };

    private ComposeCheckOptions _options = AllRules;

    private IReadOnlyList<ComposeLoadResult> _loads = [];
    private int _files;

    public string Name => "compose";

    public void Prepare(CheckSession session)
    {
        _options = AllRules with { Target = session.ComposeTarget };
        var projects = Projects(session.Inputs);
        foreach (var file in projects.SelectMany(files => files).Distinct(StringComparer.Ordinal))
        {
            EnsureReadable(file);
        }
        var loads = new ComposeLoadResult[projects.Count];
        Parallel.For(0, projects.Count, new ParallelOptions { CancellationToken = session.CancellationToken }, index =>
            loads[index] = ComposeProjectLoader.Load(new ComposeLoadOptions
            {
                Files = projects[index],
                WorkingDirectory = session.WorkingDirectory,
                // As `docker compose -f -`: a file read from standard input belongs to the current directory.
                ProjectDirectory = projects[index][0] == session.StandardInputFile ? session.WorkingDirectory : null,
                EnvironmentLookup = session.EnvironmentLookup,
            }));
        _loads = loads;
        foreach (var project in loads.Select(load => load.Project).OfType<Compose.Model.ComposeProject>())
        {
            foreach (var build in ComposeAnalyzer.Builds(project))
            {
                Register(session, build, project.ComposeFiles.FirstOrDefault() ?? project.WorkingDirectory);
            }
        }
    }

    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(CheckSession session)
    {
        DockerfileFacts ReadDockerfile(string path, string? target, IReadOnlyDictionary<string, string> args) =>
            DockerfileFactsReader.Read(session.Dockerfiles.Get(path), target, session.MergeBuildArgs(args));
        var results = await Task.WhenAll(_loads.Select(load =>
            Task.Run(() => ComposeAnalyzer.CheckAsync(load, _options, ReadDockerfile, session.CancellationToken), session.CancellationToken))).ConfigureAwait(false);
        _files = results.SelectMany(result => result.Files).Distinct(StringComparer.Ordinal).Count();
        return results.SelectMany(result => result.Findings).ToList();
    }

    public int FilesAnalyzed(CheckSession session) => _files;

    /// <summary>
    /// The projects to load, each as its ordered list of Compose files. In a searched directory: the main file Compose
    /// would pick there (compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml) with its override; another
    /// main file beside it is a project of its own, as <c>-f</c> would load it; an override without a main file is
    /// not a project. Files named on the command line: those of one directory form one project, in the order given,
    /// as <c>docker compose -f a.yaml -f b.yaml</c>.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Projects(CheckInputs inputs)
    {
        var projects = new List<IReadOnlyList<string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(IReadOnlyList<string> files)
        {
            if (seen.Add(string.Join('\n', files)))
            {
                projects.Add(files);
            }
        }

        foreach (var given in inputs.ComposeProjects)
        {
            Add(given);
        }
        var composeFiles = inputs.ComposeFiles.ToHashSet(StringComparer.Ordinal);
        foreach (var named in inputs.Roots.Where(composeFiles.Contains).Distinct(StringComparer.Ordinal).GroupBy(Path.GetDirectoryName, StringComparer.Ordinal))
        {
            Add(named.ToList());
        }

        var directories = inputs.Roots.Where(Directory.Exists).Select(root => Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar).ToList();
        var walked = inputs.ComposeFiles.Where(file => directories.Any(directory => file.StartsWith(directory, StringComparison.Ordinal)));
        foreach (var directory in walked.GroupBy(file => Path.GetDirectoryName(file)!, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            var names = directory.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            var mains = ComposeFileDiscovery.DefaultFileNames.Where(names.Contains).ToList();
            var variants = directory.Where(file => InputDiscovery.IsComposeVariantName(Path.GetFileName(file))).Order(StringComparer.Ordinal).ToList();
            if (mains.Count > 0)
            {
                var overrideName = ComposeFileDiscovery.DefaultOverrideFileNames.FirstOrDefault(names.Contains);
                Add(overrideName is null
                    ? [Path.Combine(directory.Key, mains[0])]
                    : [Path.Combine(directory.Key, mains[0]), Path.Combine(directory.Key, overrideName)]);
                foreach (var other in mains.Skip(1))
                {
                    Add([Path.Combine(directory.Key, other)]);
                }
            }
            var main = mains.Count > 0 ? ComposeServices.Read(Path.Combine(directory.Key, mains[0])) : null;
            foreach (var variant in variants)
            {
                // An override of the main file (`docker compose -f compose.yaml -f compose.prod.yaml`) is checked merged
                // with it; a variant that stands on its own (`-f docker-compose.test.yml`) is a project of its own.
                Add(main is not null && ComposeServices.Read(variant) is { } services && services.Overrides(main)
                    ? [Path.Combine(directory.Key, mains[0]), variant]
                    : [variant]);
            }
        }
        return projects;
    }

    /// <summary>The services a Compose file defines, and what it needs from elsewhere: enough to tell an override from a file of its own.</summary>
    private sealed record ComposeServices(IReadOnlySet<string> Defined, IReadOnlySet<string> Incomplete, IReadOnlySet<string> Referenced)
    {
        /// <summary>
        /// True when this file cannot stand alone but <paramref name="main"/> completes it: it refines a service of the
        /// main file without saying how to get its image (no image, build or extends), or it depends on a service that
        /// only the main file defines.
        /// </summary>
        public bool Overrides(ComposeServices main) =>
            Incomplete.Any(main.Defined.Contains) || Referenced.Any(name => !Defined.Contains(name) && main.Defined.Contains(name));

        /// <summary>Reads a file's services; null when it is not a readable Compose mapping (the loader reports why).</summary>
        public static ComposeServices? Read(string path)
        {
            YamlMapping? services;
            try
            {
                services = (YamlLoader.LoadFile(path, ComposeLimits.Yaml).Root as YamlMapping)?["services"] as YamlMapping;
            }
            catch (Exception error) when (error is DrydockException or IOException or UnauthorizedAccessException)
            {
                return null;
            }
            if (services is null)
            {
                return null;
            }
            var defined = new HashSet<string>(StringComparer.Ordinal);
            var incomplete = new HashSet<string>(StringComparer.Ordinal);
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var service in services.Entries)
            {
                defined.Add(service.Key.Value);
                if (service.Value is not YamlMapping definition)
                {
                    incomplete.Add(service.Key.Value);
                    continue;
                }
                if (definition["image"] is null && definition["build"] is null && definition["extends"] is null)
                {
                    incomplete.Add(service.Key.Value);
                }
                var dependencies = definition["depends_on"] switch
                {
                    YamlSequence list => list.Items.OfType<YamlScalar>().Select(item => item.Value),
                    YamlMapping map => map.Entries.Select(entry => entry.Key.Value),
                    _ => [],
                };
                referenced.UnionWith(dependencies);
            }
            return new ComposeServices(defined, incomplete, referenced);
        }
    }

    /// <summary>The service's Dockerfile with its build args and target, and its context; what does not exist is DC047's to report.</summary>
    private static void Register(CheckSession session, ComposeBuildTarget build, string composeFile)
    {
        if (!Directory.Exists(build.Context))
        {
            return;
        }
        var args = session.MergeBuildArgs(build.Args);
        var dockerfile = build.DockerfilePath is { } path && File.Exists(path) ? path : null;
        if (dockerfile is not null)
        {
            var origin = $"compose service '{build.Service}' ({Path.GetRelativePath(session.WorkingDirectory, composeFile)})";
            session.AddDockerfileTarget(new DockerfileTarget(dockerfile, args, build.Target, origin));
        }
        session.AddBuildContext(new BuildContextInput(build.Context, dockerfile) { BuildArgs = args, Target = build.Target });
    }

    /// <summary>A Compose file that cannot be read is an input error, reported like an unreadable Dockerfile.</summary>
    private static void EnsureReadable(string path)
    {
        try
        {
            UserFiles.EnsureRegularFile(path);
            using var handle = File.OpenHandle(path);
        }
        catch (IOException error)
        {
            throw new DrydockException($"cannot read {path}: {error.Message}", SourceSpan.WholeFile(path), "check that the file exists and is readable.", error);
        }
        catch (UnauthorizedAccessException error)
        {
            throw new DrydockException($"cannot read {path}: permission denied", SourceSpan.WholeFile(path), "check the file's permissions.", error);
        }
    }
}
