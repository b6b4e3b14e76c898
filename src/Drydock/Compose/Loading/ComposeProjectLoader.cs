using Drydock.Compose.DotEnv;
using Drydock.Compose.Interpolation;
using Drydock.Compose.Model;
using Drydock.Compose.Validation;
using Drydock.Text;
using Drydock.Yaml;
using static Drydock.Compose.Loading.ComposeNodes;

namespace Drydock.Compose.Loading;

/// <summary>A loaded project, or why it could not be loaded; every problem at its file, line and column.</summary>
public sealed record ComposeLoadResult(ComposeProject? Project, IReadOnlyList<ComposeProblem> Problems)
{
    /// <summary>Loaded with no problem at all: what <c>docker compose config</c> would accept.</summary>
    public bool Succeeded => Project is not null && Problems.Count == 0;

    /// <summary>The project, or the first problem as a <see cref="DrydockException"/>.</summary>
    public ComposeProject GetProjectOrThrow() =>
        Problems.Count > 0 ? throw Problems[0].ToException() : Project ?? throw new DrydockException("The Compose project could not be loaded.");
}

/// <summary>Limits that keep hostile input (huge files, deep nesting, alias bombs, extends chains) from exhausting the machine.</summary>
public static class ComposeLimits
{
    /// <summary>Real Compose files are a few kilobytes; anything over this is refused with a clear message.</summary>
    public const long MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>How deep include and extends may nest.</summary>
    public const int MaxNesting = 32;

    public static readonly YamlLimits Yaml = new(MaxDepth: 128, MaxExpandedNodes: 1_000_000);
}

/// <summary>
/// Loads a Compose project as <c>docker compose config</c> resolves it: files discovered or given, .env and the shell
/// for interpolation, the project name, then per file (and per YAML document) <c>!reset</c>/<c>!override</c> tags,
/// interpolation, validation, <c>include</c>, long syntax, <c>extends</c> and the merge; then defaults, absolute
/// paths, normalization (implicit default network, resource names), profiles, env_file resolution and consistency.
/// Loading never throws on user input: problems are collected, each with its span, and loading goes as far as it can.
/// </summary>
public static class ComposeProjectLoader
{
    public static ComposeLoadResult Load(ComposeLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Session(options).Run();
    }

    /// <summary>Loads the project in <paramref name="directory"/> (its compose.yaml and override) with the given shell environment.</summary>
    public static ComposeLoadResult LoadDirectory(string directory, IReadOnlyDictionary<string, string>? environment = null) =>
        Load(new ComposeLoadOptions { WorkingDirectory = directory, Environment = environment });

    private sealed class Session(ComposeLoadOptions options)
    {
        private readonly List<ComposeProblem> _problems = [];
        private readonly List<ComposeSourceFile> _files = [];
        private readonly List<ComposeSourceDocument> _sourceDocuments = [];
        private readonly List<Located<string>> _versions = [];
        private readonly LayeredEnvironment _environment = new(options.ShellLookup());
        private readonly List<string> _envFilesRead = [];
        private readonly Dictionary<string, List<(VariableReference Reference, SourceSpan Span)>> _references = new(StringComparer.Ordinal);
        private readonly Dictionary<string, CachedFile> _parsed = new(StringComparer.Ordinal);
        private readonly Dictionary<SourceSpan, string> _originals = [];
        private string _home = string.Empty;

        private sealed record CachedFile(IReadOnlyList<YamlMapping> Documents);

        private void Report(ComposeProblem problem) => _problems.Add(problem);

        /// <summary>Keeps what an interpolated value looked like as written, for rules that tell literals from references.</summary>
        private void Remember(YamlScalar original) => _originals.TryAdd(original.Span, original.Value);

        public ComposeLoadResult Run()
        {
            var shell = options.ShellLookup();
            _home = shell("HOME") is { Length: > 0 } home ? home : System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
            var workingDirectory = Path.GetFullPath(options.WorkingDirectory);
            var defaultEnvFileDisabled = shell("COMPOSE_DISABLE_ENV_FILE") is "1" or "true" or "TRUE" or "True";

            if (options.EnvFiles.Count > 0)
            {
                ReadDotEnv(options.EnvFiles.Select(file => Path.GetFullPath(file, workingDirectory)), explicitly: true);
            }
            else if (!defaultEnvFileDisabled)
            {
                // As Compose: the project directory, else the first -f file's directory, else the current one
                // (this .env may set COMPOSE_FILE); the project's own .env is read again once the files are known.
                var first = options.ProjectDirectory is { } given
                    ? Path.GetFullPath(given, workingDirectory)
                    : options.Files.Count > 0 ? Path.GetDirectoryName(Path.GetFullPath(options.Files[0], workingDirectory))! : workingDirectory;
                ReadDotEnv([Path.Combine(first, ".env")], explicitly: false);
            }

            var files = ResolveFiles(workingDirectory);
            if (files.Count == 0)
            {
                return new ComposeLoadResult(null, _problems);
            }
            var projectDirectory = options.ProjectDirectory is { } directory ? Path.GetFullPath(directory, workingDirectory) : Path.GetDirectoryName(files[0])!;
            if (options.EnvFiles.Count == 0 && !defaultEnvFileDisabled)
            {
                ReadDotEnv([Path.Combine(projectDirectory, ".env")], explicitly: false);
            }

            var profiles = options.Profiles.Count > 0
                ? options.Profiles
                : (_environment.TryGetValue("COMPOSE_PROFILES", out var fromEnvironment) ? fromEnvironment : string.Empty)
                    .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

            var (name, nameSource, nameSpan) = ProjectName(files, projectDirectory);
            if (name is null)
            {
                return new ComposeLoadResult(null, _problems);
            }
            _environment.Override("COMPOSE_PROJECT_NAME", name);

            var model = LoadFiles(files, projectDirectory, _environment, [], topLevel: true);
            if (model.Entries.Count == 0 && _problems.Count == 0)
            {
                Report(new ComposeProblem(ComposeProblemKind.Schema, SourceSpan.WholeFile(files[0]), "empty compose file") { Fix = "Define at least one service under 'services:'." });
            }
            var normalizer = new ComposeNormalizer(Report, _home);
            model = normalizer.SetDefaults(model);
            if (options.ResolvePaths)
            {
                model = normalizer.ResolvePaths(model, projectDirectory);
            }
            model = normalizer.Normalize(model, _environment, name);

            var builder = new ComposeModelBuilder(Report, _environment, options.ResolveEnvFiles, _originals);
            var project = builder.Build(model, name, projectDirectory, profiles) with
            {
                NameSource = nameSource,
                NameSpan = nameSpan,
                Files = _files.DistinctBy(file => (file.Path, file.Role)).ToList(),
                Environment = _environment.Snapshot(),
                EnvFiles = _envFilesRead.Distinct(StringComparer.Ordinal).ToList(),
                Variables = Variables(),
                ObsoleteVersions = _versions,
                SourceDocuments = _sourceDocuments,
                OriginalTexts = _originals,
            };
            ComposeConsistency.Check(project, Report);
            return new ComposeLoadResult(project, _problems.Distinct().ToList());
        }

        private void ReadDotEnv(IEnumerable<string> paths, bool explicitly)
        {
            foreach (var path in paths)
            {
                if (!explicitly && !File.Exists(path))
                {
                    continue;
                }
                if (_envFilesRead.Contains(path, StringComparer.Ordinal))
                {
                    continue;
                }
                try
                {
                    var values = new Dictionary<string, string>(StringComparer.Ordinal);
                    DotEnvFile.ReadAll([path], _environment, values);
                    _envFilesRead.Add(path);
                    foreach (var (key, value) in values)
                    {
                        // The shell (and an earlier .env) wins: a variable already set is never overwritten.
                        _environment.AddLower(key, value, path);
                    }
                }
                catch (DrydockException ex)
                {
                    Report(new ComposeProblem(ComposeProblemKind.File, ex.Span ?? SourceSpan.WholeFile(path), ex.Message) { Fix = ex.Fix });
                }
            }
        }

        private List<string> ResolveFiles(string workingDirectory)
        {
            IReadOnlyList<string> files = options.Files;
            var fromEnvironment = false;
            if (files.Count == 0 && _environment.TryGetValue("COMPOSE_FILE", out var composeFile) && composeFile.Length > 0)
            {
                var separator = _environment.TryGetValue("COMPOSE_PATH_SEPARATOR", out var custom) && custom.Length > 0 ? custom : ":";
                files = composeFile.Split(separator, StringSplitOptions.RemoveEmptyEntries);
                fromEnvironment = true;
            }
            if (files.Count == 0)
            {
                var discovered = ComposeFileDiscovery.Discover(options.ProjectDirectory is { } directory ? Path.GetFullPath(directory, workingDirectory) : workingDirectory);
                if (discovered.Count == 0)
                {
                    Report(new ComposeProblem(ComposeProblemKind.File, SourceSpan.WholeFile(workingDirectory), $"no configuration file provided: not found (looked for {string.Join(", ", ComposeFileDiscovery.DefaultFileNames)} in {workingDirectory} and its parents)")
                    {
                        Fix = "Run it where compose.yaml is, or name the file with -f.",
                    });
                    return [];
                }
                return discovered.ToList();
            }
            var resolved = new List<string>();
            foreach (var file in files)
            {
                var path = Path.GetFullPath(file, workingDirectory);
                if (Directory.Exists(path))
                {
                    Report(new ComposeProblem(ComposeProblemKind.File, SourceSpan.WholeFile(path), $"{path} is a directory, not a Compose file") { Fix = "Name the Compose file itself, e.g. -f dir/compose.yaml." });
                    continue;
                }
                if (!File.Exists(path))
                {
                    Report(new ComposeProblem(ComposeProblemKind.File, SourceSpan.WholeFile(path), $"open {path}: no such file or directory{(fromEnvironment ? " (from COMPOSE_FILE)" : string.Empty)}") { Fix = "Check the path given with -f or COMPOSE_FILE." });
                    continue;
                }
                resolved.Add(path);
            }
            return resolved.Count == files.Count ? resolved : [];
        }

        private (string? Name, string Source, SourceSpan? Span) ProjectName(IReadOnlyList<string> files, string projectDirectory)
        {
            if (options.ProjectName is { Length: > 0 } given)
            {
                return Checked(given, "-p", null);
            }
            if (_environment.TryGetValue("COMPOSE_PROJECT_NAME", out var fromEnvironment) && fromEnvironment.Length > 0)
            {
                return Checked(fromEnvironment, "COMPOSE_PROJECT_NAME", null);
            }
            string? fromFile = null;
            SourceSpan? span = null;
            foreach (var file in files)
            {
                foreach (var document in Parse(file, report: false))
                {
                    if (document["name"] is YamlScalar nameNode && TextOf(nameNode) is { Length: > 0 } raw)
                    {
                        var substituted = ComposeTemplate.Substitute(raw, Lookup);
                        fromFile = substituted.Succeeded ? substituted.Value : raw;
                        span = nameNode.Span;
                    }
                }
            }
            if (fromFile is not null)
            {
                var normalized = ComposeFileDiscovery.NormalizeProjectName(fromFile);
                if (normalized.Length > 0)
                {
                    return (normalized, "name", span);
                }
            }
            var fromDirectory = ComposeFileDiscovery.NormalizeProjectName(Path.GetFileName(projectDirectory.TrimEnd(Path.DirectorySeparatorChar)));
            if (fromDirectory.Length == 0)
            {
                Report(new ComposeProblem(ComposeProblemKind.Schema, SourceSpan.WholeFile(files[0]), "project name must not be empty") { Fix = "Set a top-level 'name:' or pass -p NAME." });
                return (null, "directory", null);
            }
            return (fromDirectory, "directory", null);

            (string?, string, SourceSpan?) Checked(string name, string source, SourceSpan? at)
            {
                if (ComposeFileDiscovery.NormalizeProjectName(name) != name)
                {
                    Report(new ComposeProblem(ComposeProblemKind.Schema, at ?? SourceSpan.WholeFile(files[0]),
                        $"invalid project name {GoStrings.Quote(name)}: must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number")
                    {
                        Fix = $"Use {GoStrings.Quote(ComposeFileDiscovery.NormalizeProjectName(name))} instead.",
                    });
                    return (null, source, at);
                }
                return (name, source, at);
            }
        }

        private string? Lookup(string name) => _environment.TryGetValue(name, out var value) ? value : null;

        /// <summary>Parses a file into its documents (each a mapping); problems are reported once per file.</summary>
        private IReadOnlyList<YamlMapping> Parse(string path, bool report = true)
        {
            if (_parsed.TryGetValue(path, out var cached))
            {
                return cached.Documents;
            }
            var documents = new List<YamlMapping>();
            var problems = new List<ComposeProblem>();
            try
            {
                var info = new FileInfo(path);
                if (info.Length > ComposeLimits.MaxFileBytes)
                {
                    problems.Add(new ComposeProblem(ComposeProblemKind.Syntax, SourceSpan.WholeFile(path),
                        $"{path} is {info.Length / 1024.0 / 1024.0:0.0} MB; Compose files larger than {ComposeLimits.MaxFileBytes / 1024 / 1024} MB are not read")
                    {
                        Fix = "Split the project into smaller files (include:, extends:), or check that this is really a Compose file.",
                    });
                }
                else
                {
                    var set = YamlLoader.LoadFile(path, ComposeLimits.Yaml);
                    foreach (var document in set.Documents)
                    {
                        switch (document)
                        {
                            case YamlMapping mapping:
                                documents.Add(mapping);
                                break;
                            case YamlScalar scalar when IsNull(scalar):
                                break;
                            default:
                                problems.Add(new ComposeProblem(ComposeProblemKind.Schema, document.Span, $"top-level object must be a mapping, not a {document.Kind}") { Fix = "Start the file with keys such as 'services:'." });
                                break;
                        }
                    }
                }
            }
            catch (DrydockException ex)
            {
                problems.Add(new ComposeProblem(ComposeProblemKind.Syntax, ex.Span ?? SourceSpan.WholeFile(path), ex.Message) { Fix = ex.Fix });
            }
            catch (IOException ex)
            {
                problems.Add(new ComposeProblem(ComposeProblemKind.File, SourceSpan.WholeFile(path), $"{path} cannot be read: {ex.Message}"));
            }
            catch (UnauthorizedAccessException)
            {
                problems.Add(new ComposeProblem(ComposeProblemKind.File, SourceSpan.WholeFile(path), $"{path} cannot be read: permission denied"));
            }
            if (report)
            {
                _parsed[path] = new CachedFile(documents);
                problems.ForEach(Report);
            }
            return documents;
        }

        /// <summary>Loads files in order and merges them: the model of one project (the main one or an included one).</summary>
        private YamlMapping LoadFiles(IReadOnlyList<string> files, string workingDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> includeChain, bool topLevel)
        {
            var merger = new ComposeMerger(Report);
            var model = new YamlMapping([], SourceSpan.WholeFile(files[0]));
            for (var i = 0; i < files.Count; i++)
            {
                var file = files[i];
                var role = topLevel ? (i == 0 ? ComposeFileRole.Main : ComposeFileRole.Override) : ComposeFileRole.Include;
                _files.Add(new ComposeSourceFile(file, role));
                var documents = Parse(file);
                if (documents.Count > 0 && topLevel)
                {
                    _sourceDocuments.Add(new ComposeSourceDocument(file, role, documents[0]));
                }
                foreach (var document in documents)
                {
                    model = ProcessDocument(document, file, workingDirectory, environment, model, includeChain, merger, topLevel);
                }
            }
            return model;
        }

        private YamlMapping ProcessDocument(YamlMapping document, string file, string workingDirectory, IReadOnlyDictionary<string, string> environment, YamlMapping model, IReadOnlyList<string> includeChain, ComposeMerger merger, bool topLevel)
        {
            var (root, resets) = ResetTags.Process(document);
            RecordReferences(root);
            var interpolator = new TreeInterpolator(name => environment.TryGetValue(name, out var value) ? value : null, Report, substituted: Remember);
            root = interpolator.InterpolateRoot(root);
            ComposeSchemaValidator.Validate(root, Report);
            if (root.Find("version") is { } version)
            {
                if (topLevel)
                {
                    _versions.Add(new Located<string>(TextOf(version.Value) ?? string.Empty, version.Key.Span));
                }
                root = root.Without("version");
            }
            var chain = includeChain.Append(file).ToList();
            root = ApplyInclude(root, workingDirectory, environment, chain, resets, merger);
            model = resets.Apply(model);
            root = new Canonicalizer(Report).Canonicalize(root);
            root = ApplyExtends(root, file, workingDirectory, environment, resets, merger);
            model = merger.MergeRoot(model, root);
            return ComposeMerger.EnforceUnicity(model);
        }

        private void RecordReferences(YamlNode node)
        {
            switch (node)
            {
                case YamlScalar scalar when scalar.Value.Contains('$', StringComparison.Ordinal):
                    foreach (var reference in ComposeTemplate.ExtractVariables(scalar.Value))
                    {
                        if (!_references.TryGetValue(reference.Name, out var list))
                        {
                            _references[reference.Name] = list = [];
                        }
                        if (list.Count < 1000)
                        {
                            list.Add((reference, scalar.Span));
                        }
                    }
                    break;
                case YamlMapping mapping:
                    foreach (var entry in mapping.Entries)
                    {
                        RecordReferences(entry.Value);
                    }
                    break;
                case YamlSequence sequence:
                    foreach (var item in sequence.Items)
                    {
                        RecordReferences(item);
                    }
                    break;
            }
        }

        private IReadOnlyList<ComposeVariable> Variables()
        {
            var variables = new List<ComposeVariable>();
            foreach (var (name, references) in _references.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                var last = references[^1].Reference;
                var withDefault = references.LastOrDefault(reference => reference.Reference.HasDefault).Reference;
                var set = _environment.TryGetValue(name, out var value);
                var file = set ? _environment.SourceFile(name) : null;
                var source = !set ? VariableSource.Unset : file is null ? VariableSource.Shell : VariableSource.DotEnv;
                if (!set && withDefault is not null)
                {
                    source = VariableSource.Default;
                }
                variables.Add(new ComposeVariable(
                    name,
                    withDefault?.DefaultValue ?? last.DefaultValue,
                    references.Select(reference => reference.Reference.PresenceValue).LastOrDefault(presence => presence.Length > 0) ?? string.Empty,
                    references.Any(reference => reference.Reference.Required),
                    source,
                    set ? value : null)
                {
                    References = references.Select(reference => reference.Span).Distinct().ToList(),
                    HasDefault = withDefault is not null,
                    HasBareReference = references.Any(reference => reference.Reference.Operator is null),
                    EnvFile = file,
                });
            }
            return variables;
        }

        private YamlMapping ApplyInclude(YamlMapping root, string workingDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> chain, ResetTags resets, ComposeMerger merger)
        {
            if (root.Find("include") is not { } includeEntry)
            {
                return root;
            }
            root = root.Without("include");
            if (includeEntry.Value is not YamlSequence includes)
            {
                return root;
            }
            if (chain.Count > ComposeLimits.MaxNesting)
            {
                Report(new ComposeProblem(ComposeProblemKind.File, includeEntry.Key.Span, $"include is nested more than {ComposeLimits.MaxNesting} levels deep"));
                return root;
            }
            foreach (var item in includes.Items)
            {
                var include = item as YamlMapping ?? (item is YamlScalar single ? Mapping(single.Span, Entry("path", single)) : null);
                if (include is null)
                {
                    continue;
                }
                var pathNode = include["path"];
                var paths = pathNode switch
                {
                    YamlScalar one => [one],
                    YamlSequence many => many.Items.OfType<YamlScalar>().ToList(),
                    _ => new List<YamlScalar>(),
                };
                if (paths.Count == 0)
                {
                    Report(new ComposeProblem(ComposeProblemKind.Schema, include.Span, "include needs a path") { Fix = "Write 'include: [path/to/compose.yaml]'." });
                    continue;
                }
                var files = new List<string>();
                foreach (var path in paths)
                {
                    var file = Path.GetFullPath(ExpandHome(GoText(path)), workingDirectory);
                    if (!File.Exists(file))
                    {
                        Report(new ComposeProblem(ComposeProblemKind.File, path.Span, $"included file {file} does not exist") { Fix = "Fix the path; it is relative to the including project's directory." });
                        files.Clear();
                        break;
                    }
                    files.Add(file);
                }
                if (files.Count == 0)
                {
                    continue;
                }
                if (chain.Contains(files[0], StringComparer.Ordinal))
                {
                    Report(new ComposeProblem(ComposeProblemKind.File, paths[0].Span, $"include cycle detected:\n{chain[0]}\n include {string.Join("\n include ", chain.Skip(1).Append(files[0]))}") { Fix = "Remove the include that points back." });
                    continue;
                }
                var projectDirectory = TextOf(include["project_directory"]) is { } directory
                    ? Path.GetFullPath(ExpandHome(directory), workingDirectory)
                    : Path.GetDirectoryName(files[0])!;
                var envFiles = new List<string>();
                switch (include["env_file"])
                {
                    case YamlScalar one when TextOf(one) is { } envFile:
                        envFiles.Add(Path.GetFullPath(envFile, workingDirectory));
                        break;
                    case YamlSequence many:
                        envFiles.AddRange(many.Items.Select(TextOf).OfType<string>().Where(file => file != "/dev/null").Select(file => Path.GetFullPath(file, workingDirectory)));
                        break;
                    default:
                        var defaultEnvFile = Path.Combine(projectDirectory, ".env");
                        if (File.Exists(defaultEnvFile))
                        {
                            envFiles.Add(defaultEnvFile);
                        }
                        break;
                }
                var includedEnvironment = new LayeredEnvironment(name => environment.TryGetValue(name, out var value) ? value : null);
                try
                {
                    var values = new Dictionary<string, string>(StringComparer.Ordinal);
                    DotEnvFile.ReadAll(envFiles, environment, values);
                    foreach (var (key, value) in values)
                    {
                        includedEnvironment.AddLower(key, value, envFiles[0]);
                    }
                }
                catch (DrydockException ex)
                {
                    Report(new ComposeProblem(ComposeProblemKind.File, ex.Span ?? include.Span, ex.Message) { Fix = ex.Fix });
                }
                var imported = LoadFiles(files, projectDirectory, includedEnvironment, chain, topLevel: false);
                var normalizer = new ComposeNormalizer(Report, _home);
                imported = normalizer.SetDefaults(imported);
                imported = normalizer.ResolvePaths(imported, projectDirectory);
                root = ImportResources(imported, root, resets, merger);
            }
            return root;
        }

        private static YamlMapping ImportResources(YamlMapping imported, YamlMapping root, ResetTags resets, ComposeMerger merger)
        {
            foreach (var section in new[] { "services", "volumes", "networks", "secrets", "configs", "models" })
            {
                if (imported[section] is not YamlMapping from)
                {
                    continue;
                }
                var to = root[section] as YamlMapping ?? new YamlMapping([], from.Span);
                foreach (var entry in from.Entries)
                {
                    if (to.Find(entry.Key.Value) is not { } local)
                    {
                        to = new YamlMapping([.. to.Entries, entry], to.Span);
                        continue;
                    }
                    var importedValue = entry.Value;
                    if (section == "services" && importedValue is YamlMapping importedService)
                    {
                        importedValue = resets.ApplyToService(entry.Key.Value, importedService);
                    }
                    to = to.With(entry.Key.Value, merger.MergeResource(importedValue, local.Value, section, entry.Key.Value));
                }
                root = root.With(section, to);
            }
            return root;
        }

        private YamlMapping ApplyExtends(YamlMapping root, string file, string workingDirectory, IReadOnlyDictionary<string, string> environment, ResetTags resets, ComposeMerger merger)
        {
            if (root["services"] is not YamlMapping services || !services.Entries.Any(entry => entry.Value is YamlMapping service && service.Find("extends") is not null))
            {
                return root;
            }
            var local = services.Entries.ToDictionary(entry => entry.Key.Value, entry => entry.Value, StringComparer.Ordinal);
            var resolved = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            var entries = new List<YamlEntry>(services.Entries.Count);
            foreach (var entry in services.Entries)
            {
                var value = Extend(entry.Key.Value, local, resolved, file, workingDirectory, environment, resets, merger, []);
                entries.Add(entry with { Value = value });
            }
            return root.With("services", new YamlMapping(entries, services.Span));
        }

        private YamlNode Extend(
            string name,
            Dictionary<string, YamlNode> services,
            Dictionary<string, YamlNode> resolved,
            string file,
            string workingDirectory,
            IReadOnlyDictionary<string, string> environment,
            ResetTags resets,
            ComposeMerger merger,
            List<(string File, string Service)> tracker)
        {
            if (resolved.TryGetValue(name, out var done))
            {
                return done;
            }
            var node = services[name];
            if (node is not YamlMapping service || service.Find("extends") is not { } extendsEntry)
            {
                return node;
            }
            var withoutExtends = service.Without("extends");
            if (extendsEntry.Value is not YamlMapping extends || TextOf(extends["service"]) is not { } reference)
            {
                Report(new ComposeProblem(ComposeProblemKind.Schema, extendsEntry.Key.Span, $"extends.{name}.service is required") { Fix = "Write 'extends: {service: NAME}' or 'extends: NAME'." });
                return withoutExtends;
            }
            var baseServices = services;
            var baseResolved = resolved;
            var baseFile = file;
            var baseDirectory = workingDirectory;
            if (TextOf(extends["file"]) is { } otherFile)
            {
                var path = Path.GetFullPath(ExpandHome(otherFile), workingDirectory);
                var loaded = LoadExtendsFile(path, extends["file"]!.Span, environment);
                if (loaded is null)
                {
                    return withoutExtends;
                }
                if (!loaded.ContainsKey(reference))
                {
                    Report(new ComposeProblem(ComposeProblemKind.Consistency, extends["service"]!.Span, $"cannot extend service {GoStrings.Quote(name)} in {file}: service {GoStrings.Quote(reference)} not found in {otherFile}") { Fix = $"Define '{reference}' in {otherFile}, or fix the name." });
                    return withoutExtends;
                }
                baseServices = loaded;
                baseResolved = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
                baseFile = path;
                baseDirectory = Path.GetDirectoryName(path)!;
            }
            else if (!services.ContainsKey(reference))
            {
                Report(new ComposeProblem(ComposeProblemKind.Consistency, extends["service"]!.Span, $"cannot extend service {GoStrings.Quote(name)} in {file}: service {GoStrings.Quote(reference)} not found") { Fix = $"Define '{reference}' in this file, or add 'file:' to extend a service from another file." });
                return withoutExtends;
            }
            if (tracker.Contains((baseFile, name)) || tracker.Count > ComposeLimits.MaxNesting)
            {
                var lines = new List<string> { "Circular reference:", $"  {tracker[0].Service} in {tracker[0].File}" };
                lines.AddRange(tracker.Skip(1).Append((File: baseFile, Service: name)).Select(step => $"  extends {step.Service} in {step.File}"));
                Report(new ComposeProblem(ComposeProblemKind.Consistency, extendsEntry.Key.Span, string.Join('\n', lines)) { Fix = "Break the cycle: a service cannot extend itself, directly or through others." });
                return withoutExtends;
            }
            var nextTracker = new List<(string File, string Service)>(tracker) { (baseFile, name) };
            var baseNode = Extend(reference, baseServices, baseResolved, baseFile, baseDirectory, environment, resets, merger, nextTracker);
            if (baseNode is not YamlMapping baseService)
            {
                resolved[name] = withoutExtends;
                return withoutExtends;
            }
            baseService = resets.ApplyToService(name, baseService);
            var merged = merger.MergeService(baseService, withoutExtends, name).Without("extends");
            resolved[name] = merged;
            return merged;
        }

        private Dictionary<string, YamlNode>? LoadExtendsFile(string path, SourceSpan at, IReadOnlyDictionary<string, string> environment)
        {
            if (!File.Exists(path))
            {
                Report(new ComposeProblem(ComposeProblemKind.File, at, $"extends file {path} does not exist") { Fix = "Fix the path; it is relative to the project directory." });
                return null;
            }
            _files.Add(new ComposeSourceFile(path, ComposeFileRole.Extends));
            var services = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            var merger = new ComposeMerger(Report);
            var model = new YamlMapping([], SourceSpan.WholeFile(path));
            foreach (var document in Parse(path))
            {
                var (root, resets) = ResetTags.Process(document);
                RecordReferences(root);
                root = new TreeInterpolator(name => environment.TryGetValue(name, out var value) ? value : null, Report, substituted: Remember).InterpolateRoot(root);
                root = new Canonicalizer(Report).Canonicalize(root.Without("version"));
                model = merger.MergeRoot(resets.Apply(model), root);
            }
            if (model["services"] is not YamlMapping found)
            {
                Report(new ComposeProblem(ComposeProblemKind.Consistency, at, $"cannot extend a service from {path}: no services section"));
                return null;
            }
            var normalizer = new ComposeNormalizer(Report, _home);
            found = (YamlMapping)(normalizer.ResolvePaths(Mapping(found.Span, Entry("services", found)), Path.GetDirectoryName(path)!)["services"]!);
            foreach (var entry in found.Entries)
            {
                services[entry.Key.Value] = entry.Value;
            }
            return services;
        }

        private string ExpandHome(string path) => path.StartsWith('~') ? Path.Join(_home, path[1..]) : path;
    }
}
