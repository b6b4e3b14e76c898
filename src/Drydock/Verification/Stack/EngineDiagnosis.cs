using Drydock.Engine;

namespace Drydock.Verification.Stack;

/// <summary>Everything <c>drydock engine</c> reports: the engine reached (or why not) and the Compose implementations found.</summary>
public sealed record EngineDiagnosis
{
    public required DockerEndpoint Endpoint { get; init; }

    public EnginePing? Ping { get; init; }

    public ApiVersion? NegotiatedVersion { get; init; }

    public EngineVersion? Version { get; init; }

    public EngineSystemInfo? Info { get; init; }

    /// <summary>Why the engine could not be reached; null when it was.</summary>
    public DrydockException? EngineError { get; init; }

    public IReadOnlyList<ComposeCandidate> ComposeCandidates { get; init; } = [];

    public ComposeTool? Compose { get; init; }

    public string? ComposeProblem { get; init; }

    public bool EngineReachable => EngineError is null;

    public static async Task<EngineDiagnosis> RunAsync(Func<string, string?> getEnvironmentVariable, CancellationToken cancellationToken)
    {
        var composeTask = ComposeToolLocator.ProbeAllAsync(cancellationToken);
        DockerEndpoint endpoint;
        try
        {
            endpoint = DockerEndpoint.Resolve(getEnvironmentVariable);
        }
        catch (DrydockException ex)
        {
            var candidates = await composeTask.ConfigureAwait(false);
            var (tool, problem) = ComposeToolLocator.Select(candidates, getEnvironmentVariable);
            return new EngineDiagnosis
            {
                Endpoint = new DockerEndpoint(EndpointKind.Unix, getEnvironmentVariable("DOCKER_HOST") ?? string.Empty, "not resolved"),
                EngineError = ex,
                ComposeCandidates = candidates,
                Compose = tool,
                ComposeProblem = problem,
            };
        }

        EnginePing? ping = null;
        ApiVersion? negotiated = null;
        EngineVersion? version = null;
        EngineSystemInfo? info = null;
        DrydockException? error = null;
        try
        {
            using var client = DockerClient.FromEnvironment(getEnvironmentVariable);
            ping = await client.PingAsync(cancellationToken).ConfigureAwait(false);
            negotiated = await client.NegotiateAsync(cancellationToken).ConfigureAwait(false);
            var versionTask = client.GetVersionAsync(cancellationToken);
            var infoTask = client.GetSystemInfoAsync(cancellationToken);
            version = await versionTask.ConfigureAwait(false);
            info = await infoTask.ConfigureAwait(false);
        }
        catch (DrydockException ex)
        {
            error = ex;
        }

        var composeCandidates = await composeTask.ConfigureAwait(false);
        var (selected, composeProblem) = ComposeToolLocator.Select(composeCandidates, getEnvironmentVariable);
        return new EngineDiagnosis
        {
            Endpoint = endpoint,
            Ping = ping,
            NegotiatedVersion = negotiated,
            Version = version,
            Info = info,
            EngineError = error,
            ComposeCandidates = composeCandidates,
            Compose = selected,
            ComposeProblem = composeProblem,
        };
    }
}
