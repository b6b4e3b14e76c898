using System.Text.RegularExpressions;
using Drydock.Compose.Model;
using Drydock.Engine;
using Drydock.Processes;

namespace Drydock.Verification.Stack;

/// <summary>What the run passes to Compose besides the project's files.</summary>
public sealed record StackRunOptions
{
    public IReadOnlyList<string> Profiles { get; init; } = [];

    public IReadOnlyList<string> EnvFiles { get; init; } = [];

    /// <summary>Variables set for Compose on top of this process's environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>The project's <c>version:</c> key, repeated in the override so Compose v1 merges it.</summary>
    public string? FileVersion { get; init; }
}

/// <summary>
/// One run of a Compose project under a unique project name: the only code that starts Compose processes for verify.
/// Everything it creates carries <see cref="RunLabels.Run"/> (through a generated override file) and the unique
/// project label, and <see cref="TearDownAsync"/> removes exactly that: containers, networks and volumes of this run,
/// never anything else on the engine. The one exception to labelling, the legacy builder's intermediate containers,
/// is tied to the run by the container ids its own build output names (<see cref="BuildAsync"/>).
/// </summary>
public sealed partial class StackRun : IAsyncDisposable
{
    private readonly DockerClient _client;
    private readonly StackRunOptions _options;
    private readonly string _workDirectory;
    private readonly DateTimeOffset _createdAt = DateTimeOffset.UtcNow;
    private readonly HashSet<string> _buildContainers = new(StringComparer.Ordinal);
    private int _tornDown;

    private StackRun(DockerClient client, ComposeTool tool, ComposeProject project, string runId, string projectName, string workDirectory, StackRunOptions options)
    {
        _client = client;
        Tool = tool;
        Project = project;
        RunId = runId;
        ProjectName = projectName;
        _workDirectory = workDirectory;
        OverrideFile = Path.Combine(workDirectory, "drydock.override.yaml");
        _options = options;
    }

    public ComposeTool Tool { get; }

    public ComposeProject Project { get; }

    public string RunId { get; }

    /// <summary>The unique Compose project name: the project's own name plus the run id.</summary>
    public string ProjectName { get; }

    public string OverrideFile { get; }

    public string RunLabel => $"{RunLabels.Run}={RunId}";

    /// <summary>Creates the run's identity and override file; nothing exists on the engine yet.</summary>
    public static StackRun Create(DockerClient client, ComposeTool tool, ComposeProject project, StackRunOptions options)
    {
        var runId = Guid.NewGuid().ToString("N")[..12];
        var projectName = UniqueProjectName(project.Name, runId);
        var workDirectory = Path.Combine(Path.GetTempPath(), $"drydock-{runId}");
        Directory.CreateDirectory(workDirectory);
        var run = new StackRun(client, tool, project, runId, projectName, workDirectory, options);
        File.WriteAllText(run.OverrideFile, StackOverride.Generate(project, runId, options.FileVersion));
        return run;
    }

    /// <summary>Compose project names are lower-case letters, digits, '-' and '_', starting with a letter or digit.</summary>
    public static string UniqueProjectName(string projectName, string runId)
    {
        var clean = new string(projectName.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').ToArray()).Trim('-', '_');
        if (clean.Length > 40)
        {
            clean = clean[..40];
        }
        return clean.Length == 0 ? $"drydock-{runId}" : $"{clean}-dd{runId}";
    }

    /// <summary>The image a service runs: its <c>image:</c>, or the stable name the override gave a built service.</summary>
    public string ImageOf(ComposeService service) =>
        service.Image?.Value ?? StackOverride.BuiltImageName(Project.Name, service.Name);

    public Task<ProcessResult> ComposeAsync(IReadOnlyList<string> arguments, TimeSpan timeout, Action<string, bool>? onLine, CancellationToken cancellationToken)
    {
        var all = new List<string>(Tool.PrefixArguments) { "--project-name", ProjectName, "--project-directory", Project.WorkingDirectory };
        foreach (var file in Project.ComposeFiles)
        {
            all.Add("--file");
            all.Add(file);
        }
        all.Add("--file");
        all.Add(OverrideFile);
        foreach (var envFile in _options.EnvFiles)
        {
            all.Add("--env-file");
            all.Add(envFile);
        }
        foreach (var profile in _options.Profiles)
        {
            all.Add("--profile");
            all.Add(profile);
        }
        all.AddRange(arguments);
        return ProcessRunner.RunAsync(Tool.Program, all, new ProcessRunOptions
        {
            WorkingDirectory = Project.WorkingDirectory,
            Environment = _options.Environment,
            Timeout = timeout,
            OnLine = onLine,
        }, cancellationToken);
    }

    /// <summary>
    /// <c>compose build</c> of the given services (all when empty). The legacy builder runs each RUN step in a container
    /// the run cannot label; Compose v1 keeps the one of a failed step unless told <c>--force-rm</c>. Whatever the
    /// Compose flavor, the ids the build output names (<c>---&gt; Running in 3f2a…</c>) are remembered, and the sweep
    /// removes those that still exist. BuildKit (v2's default) runs steps without engine containers.
    /// </summary>
    public Task<ProcessResult> BuildAsync(IReadOnlyList<string> services, bool noCache, Action<string, bool>? onLine, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "build" };
        if (Tool.Flavor == ComposeFlavor.DockerComposeV1)
        {
            arguments.Add("--force-rm");
        }
        if (noCache)
        {
            arguments.Add("--no-cache");
        }
        arguments.AddRange(services);
        return ComposeAsync(arguments, TimeSpan.FromHours(2), (line, isError) =>
        {
            NoteBuildOutput(line);
            onLine?.Invoke(line, isError);
        }, cancellationToken);
    }

    /// <summary>Remembers the intermediate container a build output line names, if it names one.</summary>
    public void NoteBuildOutput(string line)
    {
        var match = BuildContainerLine().Match(line);
        if (match.Success)
        {
            lock (_buildContainers)
            {
                _buildContainers.Add(match.Groups[1].Value);
            }
        }
    }

    [GeneratedRegex(@"^\s*---> Running in ([0-9a-f]{12,64})\s*$")]
    private static partial Regex BuildContainerLine();

    /// <summary>
    /// <c>down</c> with the run's volumes and orphans, then removes whatever still carries the run's labels through the
    /// engine (Compose may have been killed mid-way). Runs once; never throws; returns what went wrong, if anything.
    /// </summary>
    public async Task<IReadOnlyList<string>> TearDownAsync(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref _tornDown, 1) == 1)
        {
            return [];
        }
        var problems = new List<string>();
        using var budget = new CancellationTokenSource(timeout);
        try
        {
            var down = await ComposeAsync(["down", "--volumes", "--remove-orphans", "--timeout", "5"], timeout, null, budget.Token).ConfigureAwait(false);
            if (!down.Succeeded)
            {
                problems.Add($"compose down exited {down.ExitCode}: {down.LastErrorLine}");
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or DrydockException)
        {
            problems.Add($"compose down did not finish: {ex.Message}");
        }
        problems.AddRange(await SweepAsync(budget.Token).ConfigureAwait(false));
        problems.AddRange(await SweepBuildContainersAsync(budget.Token).ConfigureAwait(false));
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return problems;
    }

    /// <summary>Removes, through the engine, every container, network and volume labelled with this run or its unique project.</summary>
    private async Task<IReadOnlyList<string>> SweepAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        string[][] selectors = [[RunLabel], [$"{RunLabels.ComposeProject}={ProjectName}"]];
        try
        {
            foreach (var selector in selectors)
            {
                foreach (var container in await _client.ListContainersAsync(selector, cancellationToken).ConfigureAwait(false))
                {
                    await IgnoreNotFound(() => _client.RemoveContainerAsync(container.Id, force: true, removeVolumes: true, cancellationToken)).ConfigureAwait(false);
                }
            }
            foreach (var selector in selectors)
            {
                foreach (var network in await _client.ListNetworksAsync(selector, cancellationToken).ConfigureAwait(false))
                {
                    await IgnoreNotFound(() => _client.RemoveNetworkAsync(network.Id, cancellationToken)).ConfigureAwait(false);
                }
                foreach (var volume in await _client.ListVolumesAsync(selector, cancellationToken).ConfigureAwait(false))
                {
                    await IgnoreNotFound(() => _client.RemoveVolumeAsync(volume.Name, force: true, cancellationToken)).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is EngineException or OperationCanceledException or DrydockException)
        {
            problems.Add($"could not remove everything labelled {RunLabel}: {ex.Message}");
        }
        return problems;
    }

    /// <summary>
    /// Removes the intermediate containers this run's builds named that still exist. Only those: an unlabelled container
    /// on the engine is someone else's unless this run's own build output named it, and it was created after the run
    /// began (a minute of allowance for the engine's clock), so a user's container is never touched.
    /// </summary>
    private async Task<IReadOnlyList<string>> SweepBuildContainersAsync(CancellationToken cancellationToken)
    {
        string[] ids;
        lock (_buildContainers)
        {
            ids = [.. _buildContainers];
        }
        var problems = new List<string>();
        foreach (var id in ids)
        {
            try
            {
                var container = await _client.InspectContainerAsync(id, cancellationToken).ConfigureAwait(false);
                if (container.Created is { } created && created < _createdAt - TimeSpan.FromMinutes(1))
                {
                    continue;
                }
                await IgnoreNotFound(() => _client.RemoveContainerAsync(container.Id, force: true, removeVolumes: true, cancellationToken)).ConfigureAwait(false);
            }
            catch (EngineException ex) when (ex.Kind == EngineErrorKind.NotFound)
            {
                // Removed by the builder, as it should be.
            }
            catch (Exception ex) when (ex is EngineException or OperationCanceledException or DrydockException)
            {
                problems.Add($"could not remove the build's intermediate container {id}: {ex.Message}");
            }
        }
        return problems;
    }

    private static async Task IgnoreNotFound(Func<Task> remove)
    {
        try
        {
            await remove().ConfigureAwait(false);
        }
        catch (EngineException ex) when (ex.Kind is EngineErrorKind.NotFound or EngineErrorKind.Conflict)
        {
            // Already gone, or being removed by Compose at this moment.
        }
    }

    public async ValueTask DisposeAsync() => await TearDownAsync(TimeSpan.FromMinutes(2)).ConfigureAwait(false);
}
