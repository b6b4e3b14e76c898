using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Drydock.Processes;

namespace Drydock.Verification.Stack;

public enum ComposeFlavor
{
    /// <summary><c>docker compose</c>, the Go plugin.</summary>
    DockerComposeV2,
    /// <summary><c>docker-compose</c> 1.x, the Python tool Debian ships.</summary>
    DockerComposeV1,
    PodmanCompose,
}

/// <summary>A Compose implementation that answered, and how to invoke it.</summary>
public sealed record ComposeTool(ComposeFlavor Flavor, string Program, IReadOnlyList<string> PrefixArguments, string Version)
{
    public string DisplayName => ComposeToolLocator.DisplayName(Flavor);
}

/// <summary>One implementation looked for: its version when it answered, or why it did not.</summary>
public sealed record ComposeCandidate(ComposeFlavor Flavor, string? Version, string? Problem)
{
    public string DisplayName => ComposeToolLocator.DisplayName(Flavor);

    public bool Available => Version is not null;
}

/// <summary>
/// Finds the Compose implementation to drive, at run time: DRYDOCK_COMPOSE when set
/// (<c>docker compose</c>, <c>docker-compose</c> or <c>podman-compose</c>), else the first that answers in that order.
/// </summary>
public static partial class ComposeToolLocator
{
    public const string OverrideVariable = "DRYDOCK_COMPOSE";

    private static readonly ComposeFlavor[] PreferenceOrder = [ComposeFlavor.DockerComposeV2, ComposeFlavor.DockerComposeV1, ComposeFlavor.PodmanCompose];

    public static string DisplayName(ComposeFlavor flavor) => flavor switch
    {
        ComposeFlavor.DockerComposeV2 => "docker compose",
        ComposeFlavor.DockerComposeV1 => "docker-compose",
        _ => "podman-compose",
    };

    public static bool TryParseFlavor(string? text, out ComposeFlavor flavor)
    {
        foreach (var candidate in PreferenceOrder)
        {
            if (string.Equals(DisplayName(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                flavor = candidate;
                return true;
            }
        }
        flavor = default;
        return false;
    }

    /// <summary>Asks every implementation for its version, concurrently.</summary>
    public static async Task<IReadOnlyList<ComposeCandidate>> ProbeAllAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(PreferenceOrder.Select(flavor => ProbeAsync(flavor, cancellationToken))).ConfigureAwait(false);

    /// <summary>The candidate Drydock would use, honouring <see cref="OverrideVariable"/>; null with a reason when none answered.</summary>
    public static (ComposeTool? Tool, string? Problem) Select(IReadOnlyList<ComposeCandidate> candidates, Func<string, string?> getEnvironmentVariable)
    {
        var requested = getEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrWhiteSpace(requested))
        {
            if (!TryParseFlavor(requested, out var flavor))
            {
                return (null, $"{OverrideVariable}={requested} is not one of: docker compose, docker-compose, podman-compose.");
            }
            var chosen = candidates.First(candidate => candidate.Flavor == flavor);
            return chosen.Available
                ? (ToTool(chosen), null)
                : (null, $"{OverrideVariable} asks for {chosen.DisplayName}, which is not usable: {chosen.Problem}");
        }
        foreach (var flavor in PreferenceOrder)
        {
            var candidate = candidates.FirstOrDefault(c => c.Flavor == flavor);
            if (candidate is { Available: true })
            {
                return (ToTool(candidate), null);
            }
        }
        // An implementation that is installed but did not answer is named with its reason: "not found" alone would send
        // the user to install what they have.
        var installedButFailing = candidates
            .Where(candidate => candidate.Problem is { } problem && !problem.EndsWith("is not on PATH", StringComparison.Ordinal))
            .Select(candidate => $" {candidate.DisplayName}: {candidate.Problem}");
        return (null, "No Compose implementation was found (tried docker compose, docker-compose, podman-compose)." + string.Concat(installedButFailing));
    }

    public static async Task<ComposeTool> LocateAsync(Func<string, string?> getEnvironmentVariable, CancellationToken cancellationToken)
    {
        var candidates = await ProbeAllAsync(cancellationToken).ConfigureAwait(false);
        var (tool, problem) = Select(candidates, getEnvironmentVariable);
        return tool ?? throw new DrydockException(problem!, null, InstallHint);
    }

    public const string InstallHint = "Install one: `sudo apt-get install docker-compose` (Compose v1), the docker-compose-plugin (v2), or podman-compose; `sudo scripts/setup-engine.sh` does it.";

    private static ComposeTool ToTool(ComposeCandidate candidate)
    {
        var (program, prefix) = Invocation(candidate.Flavor);
        return new ComposeTool(candidate.Flavor, program, prefix, candidate.Version!);
    }

    private static (string Program, IReadOnlyList<string> Prefix) Invocation(ComposeFlavor flavor) => flavor switch
    {
        ComposeFlavor.DockerComposeV2 => ("docker", ["compose"]),
        ComposeFlavor.DockerComposeV1 => ("docker-compose", []),
        _ => ("podman-compose", []),
    };

    // Versions that answered, by flavor, executable and its modification time: docker-compose 1.x is a Python program
    // that takes seconds of CPU to say its version, and a process (the test host, a long verify) asks many times.
    private static readonly ConcurrentDictionary<(ComposeFlavor Flavor, string Path, DateTime Modified), ComposeCandidate> AnsweredVersions = new();

    // Generous: the version query is only a liveness check, and on a loaded machine (CI with parallel stacks) Python's
    // start-up alone has taken over 20 s. It bounds a wedged executable, not a slow one.
    private static readonly TimeSpan VersionQueryTimeout = TimeSpan.FromMinutes(2);

    private static async Task<ComposeCandidate> ProbeAsync(ComposeFlavor flavor, CancellationToken cancellationToken)
    {
        var (program, prefix) = Invocation(flavor);
        if (ProcessRunner.FindOnPath(program) is not { } executable)
        {
            return new ComposeCandidate(flavor, null, $"'{program}' is not on PATH");
        }
        var key = (flavor, executable, File.GetLastWriteTimeUtc(executable));
        if (AnsweredVersions.TryGetValue(key, out var answered))
        {
            return answered;
        }
        var candidate = await QueryVersionAsync(flavor, program, prefix, cancellationToken).ConfigureAwait(false);
        // The first answer kept wins: probes running at once (parallel verifies) all return that one instance.
        return candidate.Available ? AnsweredVersions.GetOrAdd(key, candidate) : candidate;
    }

    private static async Task<ComposeCandidate> QueryVersionAsync(ComposeFlavor flavor, string program, IReadOnlyList<string> prefix, CancellationToken cancellationToken)
    {
        // Plain `docker compose version`: without the plugin, docker rejects --short before saying compose is missing.
        string[] versionArguments = flavor switch
        {
            ComposeFlavor.PodmanCompose => ["--version"],
            ComposeFlavor.DockerComposeV2 => ["version"],
            _ => ["version", "--short"],
        };
        try
        {
            var result = await ProcessRunner.RunAsync(program, [.. prefix, .. versionArguments], new ProcessRunOptions { Timeout = VersionQueryTimeout }, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                return new ComposeCandidate(flavor, null, result.FirstErrorLine);
            }
            var match = VersionPattern().Match(result.StandardOutput);
            return match.Success
                ? new ComposeCandidate(flavor, match.Groups[1].Value, null)
                : new ComposeCandidate(flavor, null, $"unrecognised version output: {result.StandardOutput.Trim()}");
        }
        catch (ProgramNotFoundException)
        {
            return new ComposeCandidate(flavor, null, $"'{program}' is not on PATH");
        }
        catch (TimeoutException ex)
        {
            return new ComposeCandidate(flavor, null, ex.Message);
        }
    }

    // "2.29.1", "v2.29.1", "1.29.2", "podman-compose version 1.0.6" (the first version on the output).
    [GeneratedRegex(@"v?(\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.\-]+)?)")]
    private static partial Regex VersionPattern();
}
