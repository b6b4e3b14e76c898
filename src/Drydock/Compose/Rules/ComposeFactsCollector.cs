using Drydock.Compose.DotEnv;
using Drydock.Compose.Model;
using Drydock.Dockerfiles.Stages;
using Drydock.Processes;
using Drydock.Files;

namespace Drydock.Compose.Rules;

/// <summary>
/// Gathers, once per project, the facts the rules need from outside the Compose files: whether bind-mounted host paths
/// exist, what the .env and env_file files hold and whether git ignores them, the .env.example, and what each built
/// service's Dockerfile declares. All I/O happens here so the rules stay pure.
/// </summary>
public static class ComposeFactsCollector
{
    public static readonly IReadOnlyList<string> EnvExampleNames = [".env.example", ".env.sample", ".env.template", ".env.dist", "example.env", "env.example"];

    /// <param name="project">The loaded project.</param>
    /// <param name="dockerfileReader">
    /// Reads a service's Dockerfile facts from (Dockerfile path, build target, build args); defaults to
    /// <see cref="DockerfileFactsReader.Read(string, string?, IReadOnlyDictionary{string, string})"/>. <c>drydock check</c>
    /// passes a reader over its shared parse of each Dockerfile.
    /// </param>
    /// <param name="cancellationToken">Stops the git queries.</param>
    public static async Task<ComposeFacts> CollectAsync(
        ComposeProject project,
        Func<string, string?, IReadOnlyDictionary<string, string>, DockerfileFacts>? dockerfileReader = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        dockerfileReader ??= DockerfileFactsReader.Read;
        var hostPaths = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var mount in project.AllServices.SelectMany(service => service.Volumes).Where(mount => mount.Type == ComposeVolumeMount.Bind && mount.Source is not null))
        {
            hostPaths.TryAdd(mount.Source!, File.Exists(mount.Source) || Directory.Exists(mount.Source));
        }

        var envFiles = new List<EnvFileFacts>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in project.EnvFiles)
        {
            if (seen.Add(path))
            {
                envFiles.Add(await EnvFileAsync(path, projectDotEnv: true, cancellationToken).ConfigureAwait(false));
            }
        }
        foreach (var file in project.AllServices.SelectMany(service => service.EnvFiles).Where(file => file.Exists))
        {
            if (seen.Add(file.Path))
            {
                envFiles.Add(await EnvFileAsync(file.Path, projectDotEnv: false, cancellationToken).ConfigureAwait(false));
            }
        }

        EnvFileFacts? example = null;
        foreach (var name in EnvExampleNames)
        {
            var path = Path.Combine(project.WorkingDirectory, name);
            if (File.Exists(path))
            {
                // A bare KEY line documents the key too: read it with a lookup that knows every name.
                example = new EnvFileFacts(path, ReadEntries(path, documentsEveryName: true), false, null, false);
                break;
            }
        }

        var dockerfiles = new Dictionary<string, DockerfileFacts>(StringComparer.Ordinal);
        var contexts = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var service in project.AllServices)
        {
            if (service.Build is { IsRemote: false } local)
            {
                contexts.TryAdd(local.Context, Directory.Exists(local.Context));
            }
            if (service.Build is { DockerfilePath: { } dockerfile } build)
            {
                dockerfiles[service.Name] = File.Exists(dockerfile)
                    ? dockerfileReader(dockerfile, build.Target, build.ArgValues)
                    : new DockerfileFacts(dockerfile, false);
            }
            else if (service.Build is { DockerfileInline: { } inline } inlineBuild)
            {
                dockerfiles[service.Name] = DockerfileFactsReader.Read(DockerfileDocument.Parse(inline, "(dockerfile_inline)"), inlineBuild.Target, inlineBuild.ArgValues);
            }
        }

        return new ComposeFacts
        {
            HostPaths = hostPaths,
            EnvFiles = envFiles,
            EnvExample = example,
            BuildContexts = contexts,
            Dockerfiles = dockerfiles,
        };
    }

    private static async Task<EnvFileFacts> EnvFileAsync(string path, bool projectDotEnv, CancellationToken cancellationToken)
    {
        var entries = ReadEntries(path);
        // git is only asked about files that hold something secret-looking: the one rule that needs it.
        var holdsSecrets = entries.Any(entry => SecretDetector.Classify(entry.Key, entry.Value) is not null);
        if (!holdsSecrets)
        {
            return new EnvFileFacts(path, entries, false, null, false) { IsProjectDotEnv = projectDotEnv };
        }
        var (inRepository, ignored, tracked) = await GitStatusAsync(path, cancellationToken).ConfigureAwait(false);
        return new EnvFileFacts(path, entries, inRepository, ignored, tracked) { IsProjectDotEnv = projectDotEnv };
    }

    private static IReadOnlyList<DotEnvEntry> ReadEntries(string path, bool documentsEveryName = false)
    {
        try
        {
            return DotEnvParser.Parse(UserFiles.ReadAllText(path), path, documentsEveryName ? _ => string.Empty : null);
        }
        catch (Exception ex) when (ex is DotEnvException or IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Whether <paramref name="path"/> is in a git work tree, ignored there, and already tracked.</summary>
    public static async Task<(bool InRepository, bool? Ignored, bool Tracked)> GitStatusAsync(string path, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(path)!;
        var options = new ProcessRunOptions { WorkingDirectory = directory, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var ignored = await ProcessRunner.RunAsync("git", ["check-ignore", "-q", "--", path], options, cancellationToken).ConfigureAwait(false);
            if (ignored.ExitCode is not (0 or 1))
            {
                return (false, null, false); // not a repository (128), or git failed
            }
            var tracked = await ProcessRunner.RunAsync("git", ["ls-files", "--error-unmatch", "--", path], options, cancellationToken).ConfigureAwait(false);
            return (true, ignored.ExitCode == 0, tracked.ExitCode == 0);
        }
        catch (ProgramNotFoundException)
        {
            return (false, null, false);
        }
    }
}
