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

    /// <summary>The analyzers to run; the catalog's by default.</summary>
    public IReadOnlyList<ICheckAnalyzer>? Analyzers { get; init; }
}

public sealed record CheckResult(Report Report, CheckInputs Inputs, CheckConfiguration Configuration, bool ShellcheckUsed);

/// <summary>The <c>drydock check</c> pipeline: configuration, discovery, analyzers, de-duplication, filtering, report.</summary>
public static class CheckRunner
{
    public static async Task<CheckResult> RunAsync(CheckRequest request, CancellationToken cancellationToken = default)
    {
        var configurationFile = request.ConfigurationFile is { } explicitFile
            ? Path.GetFullPath(explicitFile, request.WorkingDirectory)
            : FindConfiguration(request.Paths, request.WorkingDirectory);
        if (request.ConfigurationFile is not null && !File.Exists(configurationFile))
        {
            throw new DrydockException($"{request.ConfigurationFile}: no such file", null, "give the path of a drydock.yml with --config.");
        }
        var configuration = configurationFile is null ? CheckConfiguration.Empty : CheckConfiguration.Load(configurationFile);
        var inputs = InputDiscovery.Discover(request.Paths, request.WorkingDirectory, configuration.Exclude, configuration.BaseDirectory);
        var shellcheck = request.Shellcheck && configuration.Shellcheck ? ShellcheckOptions.FromPath(request.CacheDirectory) : null;
        var session = new CheckSession(inputs, configuration, request.BuildArgs, shellcheck, request.WorkingDirectory, cancellationToken)
        {
            EnvironmentLookup = request.EnvironmentLookup ?? Environment.GetEnvironmentVariable,
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
        var filtered = FindingCap.Apply(FindingFilter.Apply(findings, configuration).Order(FindingOrder.Instance).ToList());
        var files = analyzers.Sum(analyzer => analyzer.FilesAnalyzed(session));
        var report = new Report
        {
            Command = "check",
            Parts = ReportParts.Findings | ReportParts.Summary,
            Findings = filtered,
            FilesAnalyzed = files,
        };
        return new CheckResult(report, inputs, configuration, shellcheck is not null);
    }

    /// <summary>
    /// drydock.yml (or .yaml) in the first path's directory or one of its parents up to the working directory,
    /// else in the working directory; null when there is none.
    /// </summary>
    public static string? FindConfiguration(IReadOnlyList<string> paths, string workingDirectory)
    {
        var start = paths.Count > 0 ? Path.GetFullPath(paths[0], workingDirectory) : workingDirectory;
        var directory = Directory.Exists(start) ? start : Path.GetDirectoryName(start);
        var root = Path.GetFullPath(workingDirectory);
        while (directory is not null)
        {
            if (DrydockConfigFile.Find(directory) is { } found)
            {
                return found;
            }
            if (string.Equals(Path.GetFullPath(directory), root, StringComparison.Ordinal) || !Path.GetFullPath(directory).StartsWith(root, StringComparison.Ordinal))
            {
                break;
            }
            directory = Path.GetDirectoryName(directory);
        }
        return DrydockConfigFile.Find(root);
    }
}
