using Drydock.Findings.Suppressions;
using Drydock.Compose.Rules.Security;
using Drydock.Configuration;
using Drydock.Dockerfiles.Rules.Shellcheck;
using Drydock.Findings;
using Drydock.Reports;

namespace Drydock.Checking;

/// <summary>What to check and how (the command line of <c>drydock check</c>).</summary>
public sealed record CheckRequest
{
    public IReadOnlyList<string> Paths { get; init; } = ["."];

    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>An explicit drydock.yml; otherwise the nearest one to the first path (see <see cref="CheckRunner.FindConfiguration"/>).</summary>
    public string? ConfigurationFile { get; init; }

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>False turns ShellCheck off; true uses it when it is on PATH (and the configuration allows it).</summary>
    public bool Shellcheck { get; init; } = true;

    /// <summary>Where ShellCheck results may be cached; null for no cache.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>The shell environment Compose files are interpolated with; the process environment when null.</summary>
    public Func<string, string?>? EnvironmentLookup { get; init; }

    /// <summary>How findings are reported (--profile); check.profile of drydock.yml when null.</summary>
    public CheckProfile? Profile { get; init; }

    /// <summary>The analyzers to run; the catalog's by default.</summary>
    public IReadOnlyList<ICheckAnalyzer>? Analyzers { get; init; }

    /// <summary><c>-f</c>: Compose files that form one project, in order, as <c>docker compose -f a -f b</c> merges them.</summary>
    public IReadOnlyList<string> ComposeFiles { get; init; } = [];

    /// <summary>What <c>-</c> among <see cref="Paths"/> stands for: the bytes read from standard input, and their kind.</summary>
    public CheckStandardInput? StandardInput { get; init; }

    /// <summary><c>--ignore</c> and DRYDOCK_IGNORE: rules (ids, aliases, SC codes) whose findings are dropped, whatever drydock.yml says.</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    /// <summary><c>--compose-target</c>: auto, v1, v2 or none; null means check.compose_target, else auto (see <see cref="ComposeTargets"/>).</summary>
    public string? ComposeTarget { get; init; }
}

/// <summary>What standard input held for <c>drydock check -</c>.</summary>
public sealed record CheckStandardInput(byte[] Content, CheckInputKind Kind)
{
    /// <summary>More than any real Dockerfile or Compose file; input beyond it is refused rather than buffered.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>Reads <paramref name="stream"/> up to <see cref="MaxBytes"/>; more is an input error.</summary>
    public static CheckStandardInput Read(Stream stream, CheckInputKind kind)
    {
        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }
        if (length > MaxBytes)
        {
            throw new DrydockException($"standard input holds more than {MaxBytes / 1024 / 1024} MB; a Dockerfile or Compose file that large is not read", null, "pass the file's path instead of '-'.");
        }
        return new CheckStandardInput(buffer[..length], kind);
    }
}

public enum CheckInputKind
{
    Dockerfile,
    Compose,
}

public sealed record CheckResult(Report Report, CheckInputs Inputs, CheckConfiguration Configuration, bool ShellcheckUsed)
{
    /// <summary>Text of files that exist only in memory (standard input, as <c>-</c>), for code frames.</summary>
    public IReadOnlyDictionary<string, string> InMemorySources { get; init; } = new Dictionary<string, string>();
}

/// <summary>The <c>drydock check</c> pipeline: configuration, discovery, analyzers, de-duplication, filtering, report.</summary>
public static class CheckRunner
{
    /// <summary>How reports name the file read from standard input (as hadolint does).</summary>
    public const string StandardInputPath = "-";

    public static async Task<CheckResult> RunAsync(CheckRequest request, CancellationToken cancellationToken = default)
    {
        if (!request.Paths.Contains(StandardInputPath, StringComparer.Ordinal))
        {
            return await RunFilesAsync(request, null, cancellationToken).ConfigureAwait(false);
        }
        if (request.StandardInput is not { } input)
        {
            throw new DrydockException("'-' means standard input, and there is none to read", null, "pipe a Dockerfile in: drydock check - < Dockerfile.");
        }
        // Standard input is written to a private file and checked as that file (so every family reads it as it reads
        // any file); findings then name it '-'. As `docker build -`, it has no build context; as `docker compose -f -`,
        // a Compose file read this way has the current directory as its project directory.
        var directory = Directory.CreateTempSubdirectory("drydock-stdin-");
        try
        {
            var file = Path.Combine(directory.FullName, input.Kind == CheckInputKind.Compose ? "compose.yaml" : "Dockerfile");
            await File.WriteAllBytesAsync(file, input.Content, cancellationToken).ConfigureAwait(false);
            var paths = request.Paths.Select(path => path == StandardInputPath ? file : path).ToList();
            var result = await RunFilesAsync(request with { Paths = paths }, file, cancellationToken).ConfigureAwait(false);
            var findings = result.Report.Findings
                .Select(finding => finding.Span.File == file
                    ? finding with { Span = finding.Span with { File = StandardInputPath }, Message = finding.Message.Replace(file, StandardInputPath, StringComparison.Ordinal) }
                    : finding)
                .Order(FindingOrder.Instance)
                .ToList();
            var text = new StreamReader(new MemoryStream(input.Content), detectEncodingFromByteOrderMarks: true).ReadToEnd();
            return result with
            {
                Report = result.Report with { Findings = findings },
                InMemorySources = new Dictionary<string, string>(StringComparer.Ordinal) { [StandardInputPath] = text },
            };
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<CheckResult> RunFilesAsync(CheckRequest request, string? standardInputFile, CancellationToken cancellationToken)
    {
        // drydock.yml is looked for from the paths as given: standard input is read in the current directory.
        var lookup = request.Paths.Select(path => path == standardInputFile ? request.WorkingDirectory : path).ToList();
        var configurationFile = request.ConfigurationFile is { } explicitFile
            ? Path.GetFullPath(explicitFile, request.WorkingDirectory)
            : FindConfiguration(lookup, request.WorkingDirectory);
        if (request.ConfigurationFile is not null && !File.Exists(configurationFile))
        {
            throw new DrydockException($"{request.ConfigurationFile}: no such file", null, "give the path of a drydock.yml with --config.");
        }
        var configuration = configurationFile is null ? CheckConfiguration.Empty : CheckConfiguration.Load(configurationFile);
        var inputs = InputDiscovery.Discover(request.Paths, request.WorkingDirectory, configuration.Exclude, configuration.BaseDirectory);
        if (request.ComposeFiles.Count > 0)
        {
            inputs = InputDiscovery.WithComposeProject(inputs, request.ComposeFiles, request.WorkingDirectory);
        }
        var ignore = request.Ignore.SelectMany(RuleSelector.Split).Where(token => token.Length > 0).ToList();
        foreach (var token in ignore)
        {
            CheckConfiguration.EnsureKnownRule(token, null, "--ignore/DRYDOCK_IGNORE");
        }
        var shellcheck = request.Shellcheck && configuration.Shellcheck ? ShellcheckOptions.FromPath(request.CacheDirectory) : null;
        var environment = request.EnvironmentLookup ?? Environment.GetEnvironmentVariable;
        var session = new CheckSession(inputs, configuration, request.BuildArgs, shellcheck, request.WorkingDirectory, cancellationToken)
        {
            EnvironmentLookup = environment,
            StandardInputFile = standardInputFile,
            ComposeTarget = ComposeTargets.Resolve(request.ComposeTarget ?? configuration.ComposeTarget, environment),
        };
        var analyzers = request.Analyzers ?? CheckAnalyzerCatalog.Create();
        foreach (var analyzer in analyzers)
        {
            analyzer.Prepare(session);
        }
        var results = await Task.WhenAll(analyzers.Select(analyzer => Task.Run(() => analyzer.AnalyzeAsync(session), cancellationToken))).ConfigureAwait(false);
        var unique = new HashSet<string>(StringComparer.Ordinal);
        var findings = results.SelectMany(list => list)
            .Where(f => unique.Add(string.Join('\u0001', f.Rule.Id, f.Span.ToString(), f.Span.EndLine, f.Span.EndColumn, f.Message)));
        var filtered = FindingFilter.Apply(findings, configuration)
            .Where(finding => !ignore.Any(token => RuleSelector.Matches(token, finding)))
            .ToList();
        // Grouping comes after the configuration, so a disabled or re-rated setting is already gone or re-rated in it.
        var reported = (request.Profile ?? configuration.Profile) == CheckProfile.Strict ? filtered : ServiceNotHardenedRule.Group(filtered);
        var ordered = FindingCap.Apply(reported.Order(FindingOrder.Instance).ToList());
        var files = analyzers.Sum(analyzer => analyzer.FilesAnalyzed(session));
        var report = new Report
        {
            Command = "check",
            Parts = ReportParts.Findings | ReportParts.Summary,
            Findings = ordered,
            FilesAnalyzed = files,
        };
        return new CheckResult(report, inputs, configuration, shellcheck is not null);
    }

    /// <summary>
    /// drydock.yml (or .yaml) in the first path's directory or one of its parents up to the repository root (the
    /// nearest directory with a <c>.git</c>); outside a repository, up to the working directory. Else the one in the
    /// working directory; null when there is none.
    /// </summary>
    public static string? FindConfiguration(IReadOnlyList<string> paths, string workingDirectory)
    {
        var start = paths.Count > 0 ? Path.GetFullPath(paths[0], workingDirectory) : workingDirectory;
        var directory = Directory.Exists(start) ? start : Path.GetDirectoryName(start);
        var root = Path.GetFullPath(workingDirectory);
        var repository = directory is null ? null : RepositoryRoot(directory);
        while (directory is not null)
        {
            if (DrydockConfigFile.Find(directory) is { } found)
            {
                return found;
            }
            var full = Path.GetFullPath(directory);
            var stop = repository is not null
                ? string.Equals(full, repository, StringComparison.Ordinal)
                : string.Equals(full, root, StringComparison.Ordinal) || !full.StartsWith(root, StringComparison.Ordinal);
            if (stop)
            {
                break;
            }
            directory = Path.GetDirectoryName(directory);
        }
        return DrydockConfigFile.Find(root);
    }

    /// <summary>The nearest directory at or above <paramref name="directory"/> holding <c>.git</c> (a directory, or a file in a worktree), or null.</summary>
    public static string? RepositoryRoot(string directory)
    {
        for (var current = Path.GetFullPath(directory); current is not null; current = Path.GetDirectoryName(current))
        {
            var git = Path.Combine(current, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return current;
            }
        }
        return null;
    }
}
