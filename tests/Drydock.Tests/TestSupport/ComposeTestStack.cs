using System.Net;
using System.Net.Sockets;
using Drydock.Engine;
using Drydock.Processes;
using Drydock.Compose.Loading;
using Drydock.Verification.Stack;

namespace Drydock.Tests.TestSupport;

/// <summary>
/// A Compose project started by a test under a unique project name, with every container, network and volume
/// labelled <see cref="EngineFixture.RunLabel"/>; disposing it runs <c>down -v</c> and checks nothing is left.
/// </summary>
public sealed class ComposeTestStack : IAsyncDisposable
{
    private readonly DockerClient _client;
    private readonly string _overrideFile;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private bool _disposed;

    private ComposeTestStack(DockerClient client, ComposeTool tool, string directory, string project, string runId, string overrideFile, IReadOnlyDictionary<string, string?> environment)
    {
        _client = client;
        Tool = tool;
        Directory = directory;
        Project = project;
        RunId = runId;
        _overrideFile = overrideFile;
        _environment = environment;
    }

    public ComposeTool Tool { get; }

    public string Directory { get; }

    public string Project { get; }

    public string RunId { get; }

    public static async Task<ComposeTestStack> UpAsync(
        DockerClient client,
        string directory,
        IReadOnlyDictionary<string, string?> environment,
        CancellationToken cancellationToken)
    {
        var tool = await ComposeToolLocator.LocateAsync(Environment.GetEnvironmentVariable, cancellationToken);
        var runId = Guid.NewGuid().ToString("N")[..12];
        var project = $"drydock-test-{runId}";
        var overrideFile = Path.Combine(Path.GetTempPath(), $"{project}.override.yaml");
        // The same labelling override `drydock verify` writes: every container, network and volume carries the run.
        var model = ComposeProjectLoader.Load(new ComposeLoadOptions
        {
            ProjectDirectory = directory,
            WorkingDirectory = directory,
            EnvironmentLookup = name => environment.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name),
        }).GetProjectOrThrow();
        await File.WriteAllTextAsync(overrideFile, StackOverride.Generate(model, runId, fileVersion: null), cancellationToken);
        var stack = new ComposeTestStack(client, tool, directory, project, runId, overrideFile, environment);
        try
        {
            // Compose v1's `up --build` keeps the container of a failed legacy-builder step; `build --force-rm` does not
            // (what verify does, issue 21).
            if (tool.Flavor == ComposeFlavor.DockerComposeV1)
            {
                var build = await stack.ComposeAsync(cancellationToken, "build", "--force-rm");
                if (!build.Succeeded)
                {
                    throw new InvalidOperationException($"compose build failed ({build.ExitCode}):\n{build.StandardError}\n{build.StandardOutput}");
                }
            }
            var up = tool.Flavor == ComposeFlavor.DockerComposeV1
                ? await stack.ComposeAsync(cancellationToken, "up", "-d")
                : await stack.ComposeAsync(cancellationToken, "up", "-d", "--build");
            if (!up.Succeeded)
            {
                throw new InvalidOperationException($"compose up failed ({up.ExitCode}):\n{up.StandardError}\n{up.StandardOutput}");
            }
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
        return stack;
    }

    public Task<ProcessResult> ComposeAsync(CancellationToken cancellationToken, params string[] arguments) =>
        ProcessRunner.RunAsync(
            Tool.Program,
            [.. Tool.PrefixArguments, "--project-name", Project, "--file", Path.Combine(Directory, "compose.yaml"), "--file", _overrideFile, .. arguments],
            new ProcessRunOptions { WorkingDirectory = Directory, Environment = _environment, Timeout = TimeSpan.FromMinutes(10) },
            cancellationToken);

    public Task<ContainerSummary[]> ContainersAsync(CancellationToken cancellationToken) =>
        _client.ListContainersAsync([$"{EngineFixture.RunLabel}={RunId}"], cancellationToken);

    /// <summary>Waits until every container is healthy (or running, when it has no health check).</summary>
    public async Task WaitHealthyAsync(int expectedContainers, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            var containers = await ContainersAsync(cancellationToken);
            var states = new List<string>();
            foreach (var container in containers)
            {
                var details = await _client.InspectContainerAsync(container.Id, cancellationToken);
                states.Add($"{details.Name.TrimStart('/')}={details.State?.Health?.Status ?? details.State?.Status}");
                if (details.State is { Running: false } stopped)
                {
                    throw new InvalidOperationException($"{details.Name} stopped (exit {stopped.ExitCode}).");
                }
            }
            last = string.Join(", ", states);
            if (containers.Length == expectedContainers && states.All(state => state.EndsWith("=healthy", StringComparison.Ordinal) || state.EndsWith("=running", StringComparison.Ordinal)))
            {
                return;
            }
            await Task.Delay(250, cancellationToken);
        }
        throw new TimeoutException($"Stack {Project} not healthy within {timeout.TotalSeconds:0} s: {last}");
    }

    /// <summary>Runs <c>down -v</c>, then fails if any labelled container, network or volume is left.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var down = await ComposeAsync(timeout.Token, "down", "--volumes", "--remove-orphans", "--timeout", "5");
        File.Delete(_overrideFile);
        if (!down.Succeeded)
        {
            throw new InvalidOperationException($"compose down failed: {down.StandardError}");
        }
        var label = new[] { $"{EngineFixture.RunLabel}={RunId}" };
        var containers = await _client.ListContainersAsync(label, timeout.Token);
        var networks = await _client.ListNetworksAsync(label, timeout.Token);
        var volumes = await _client.ListVolumesAsync(label, timeout.Token);
        if (containers.Length + networks.Length + volumes.Length > 0)
        {
            throw new InvalidOperationException($"Stack {Project} leaked {containers.Length} containers, {networks.Length} networks, {volumes.Length} volumes.");
        }
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
