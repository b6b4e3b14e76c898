using Drydock.Compose.Rules;
using Drydock.Processes;
using Drydock.Verification.Stack;

namespace Drydock.Checking;

/// <summary>
/// Which Compose implementation <c>check</c> holds Compose files to (DC049): <c>--compose-target</c>, else
/// <c>check.compose_target</c>, else <c>auto</c>. Auto predicts what <c>drydock verify</c> on this machine would drive,
/// from the same order <see cref="ComposeToolLocator"/> uses (DRYDOCK_COMPOSE, the docker compose plugin, then
/// docker-compose), by looking at files only: no process is started, so check stays fast and needs no engine. A
/// docker-compose that is a script is the Python 1.x; a binary one is the Go v2.
/// </summary>
public static class ComposeTargets
{
    public static readonly IReadOnlyList<string> Names = ["auto", "v1", "v2", "none"];

    public static ComposeTarget Resolve(string? setting, Func<string, string?> environment) => setting switch
    {
        "v1" => ComposeTarget.V1,
        "v2" => ComposeTarget.V2,
        "none" => ComposeTarget.Any,
        null or "auto" => Detect(environment),
        _ => throw new DrydockException($"--compose-target {setting} is not one of: {string.Join(", ", Names)}", null, "write --compose-target v1 (docker-compose 1.x), v2, auto or none."),
    };

    /// <summary>The implementation verify would pick, predicted without running it; <see cref="ComposeTarget.Any"/> when none is installed.</summary>
    public static ComposeTarget Detect(Func<string, string?> environment)
    {
        if (environment(ComposeToolLocator.OverrideVariable) is { Length: > 0 } requested && ComposeToolLocator.TryParseFlavor(requested, out var flavor))
        {
            return flavor switch
            {
                ComposeFlavor.DockerComposeV2 => ComposeTarget.V2,
                ComposeFlavor.DockerComposeV1 => StandaloneKind(),
                _ => ComposeTarget.Any,
            };
        }
        if (ProcessRunner.FindOnPath("docker") is not null && PluginDirectories(environment).Any(directory => File.Exists(Path.Combine(directory, "docker-compose"))))
        {
            return ComposeTarget.V2;
        }
        return StandaloneKind();
    }

    private static ComposeTarget StandaloneKind()
    {
        if (ProcessRunner.FindOnPath("docker-compose") is not { } program)
        {
            return ComposeTarget.Any;
        }
        try
        {
            using var stream = File.OpenRead(program);
            Span<byte> start = stackalloc byte[2];
            return stream.ReadAtLeast(start, 2, throwOnEndOfStream: false) == 2 && start[0] == '#' && start[1] == '!' ? ComposeTarget.V1 : ComposeTarget.V2;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return ComposeTarget.Any;
        }
    }

    // Where the docker CLI looks for its plugins (docker/cli's manager.go defaults, and DOCKER_CONFIG's).
    private static IEnumerable<string> PluginDirectories(Func<string, string?> environment)
    {
        var config = environment("DOCKER_CONFIG") is { Length: > 0 } dockerConfig
            ? dockerConfig
            : environment("HOME") is { Length: > 0 } home ? Path.Combine(home, ".docker") : null;
        if (config is not null)
        {
            yield return Path.Combine(config, "cli-plugins");
        }
        yield return "/usr/local/lib/docker/cli-plugins";
        yield return "/usr/local/libexec/docker/cli-plugins";
        yield return "/usr/lib/docker/cli-plugins";
        yield return "/usr/libexec/docker/cli-plugins";
    }
}
