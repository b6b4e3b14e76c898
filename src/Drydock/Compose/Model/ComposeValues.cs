using Drydock.Text;

namespace Drydock.Compose.Model;

/// <summary>
/// A value and the span it was written at: after merging files, <c>extends</c> and YAML anchors, the span still points
/// at the file, line and column the value came from.
/// </summary>
public readonly record struct Located<T>(T Value, SourceSpan Span)
{
    public override string ToString() => $"{Value} ({Span})";
}

/// <summary>A <c>KEY=value</c> of labels, build args, sysctls… A null value means "no value" (<c>KEY</c> alone).</summary>
public sealed record ComposeKeyValue(string Key, string? Value, SourceSpan Span);

/// <summary>Where a service's environment variable got its value.</summary>
public enum EnvironmentSource
{
    /// <summary>Written in <c>environment:</c> with a value (possibly interpolated).</summary>
    Inline,

    /// <summary>Written as a bare name in <c>environment:</c>, taking its value from the shell or .env.</summary>
    Shell,

    /// <summary>Read from an <c>env_file:</c>.</summary>
    EnvFile,
}

/// <summary>One variable of a service's environment, after env_file resolution.</summary>
/// <param name="Name">The variable name.</param>
/// <param name="Value">Its value; null when it has none (a bare name the shell does not set).</param>
/// <param name="Span">Where it was written (in the compose file or the env file).</param>
/// <param name="Source">Where the value came from.</param>
public sealed record ComposeEnvironmentVariable(string Name, string? Value, SourceSpan Span, EnvironmentSource Source)
{
    /// <summary>The env file the value was read from, for <see cref="EnvironmentSource.EnvFile"/>.</summary>
    public string? EnvFile { get; init; }

    /// <summary>The value as written, before interpolation (e.g. <c>${DB_PASSWORD}</c>); null when not written inline.</summary>
    public string? RawValue { get; init; }

    /// <summary>Whether the value came from interpolating a variable rather than being written literally.</summary>
    public bool IsInterpolated => RawValue is not null && RawValue.Contains('$', StringComparison.Ordinal) && RawValue != Value;
}

/// <summary>A command or entrypoint: the words Compose passes to the engine.</summary>
/// <param name="Words">The argument list; a string command is split like a shell would (without running one).</param>
/// <param name="IsShellForm">It was written as one string.</param>
/// <param name="Text">The string as written, for the shell form.</param>
/// <param name="Span">Where it was written.</param>
public sealed record ComposeCommand(IReadOnlyList<string> Words, bool IsShellForm, string? Text, SourceSpan Span)
{
    /// <summary>Each word with its span: list items have their own, a string command shares one.</summary>
    public IReadOnlyList<SourceSpan> WordSpans { get; init; } = [];
}

/// <summary>A file Compose reads a service's environment from.</summary>
public sealed record ComposeEnvFile(string Path, bool Required, string? Format, SourceSpan Span)
{
    public bool Exists => File.Exists(Path);
}

/// <summary>A published (or only exposed) port, in the long syntax whatever the file used.</summary>
/// <param name="Target">The container port.</param>
/// <param name="Published">The host port or range as written (<c>8080</c>, <c>8000-8010</c>); null when Compose picks one.</param>
/// <param name="HostIp">The host address it binds; null means every interface.</param>
/// <param name="Protocol">tcp, udp or sctp.</param>
/// <param name="Mode">ingress or host.</param>
/// <param name="Span">Where it was written.</param>
public sealed record ComposePort(int Target, string? Published, string? HostIp, string Protocol, string Mode, SourceSpan Span)
{
    public string? Name { get; init; }

    public string? AppProtocol { get; init; }

    /// <summary>The first host port, when one is published.</summary>
    public int? PublishedStart => ParseRange(Published).Start;

    /// <summary>The last host port (the same as the first unless a range was given).</summary>
    public int? PublishedEnd => ParseRange(Published).End;

    /// <summary>Published on every interface: no host IP, 0.0.0.0 or ::.</summary>
    public bool IsPublishedOnAllInterfaces => Published is not null && IsOnAllInterfaces;

    /// <summary>Bound to every interface, whether the host port is given or Docker picks one (<c>"80"</c>).</summary>
    public bool IsOnAllInterfaces => HostIp is null or "" or "0.0.0.0" or "::" or "[::]";

    public bool IsLoopbackOnly => HostIp is "127.0.0.1" or "::1" or "localhost" || HostIp?.StartsWith("127.", StringComparison.Ordinal) == true;

    private static (int? Start, int? End) ParseRange(string? published)
    {
        if (string.IsNullOrEmpty(published))
        {
            return (null, null);
        }
        var dash = published.IndexOf('-', StringComparison.Ordinal);
        var first = dash < 0 ? published : published[..dash];
        var last = dash < 0 ? published : published[(dash + 1)..];
        return int.TryParse(first, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var start)
            && int.TryParse(last, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var end)
                ? (start, end)
                : (null, null);
    }
}

/// <summary>A health check with its durations parsed.</summary>
public sealed record ComposeHealthcheck(SourceSpan Span)
{
    /// <summary>The test as Compose runs it: <c>["CMD", …]</c>, <c>["CMD-SHELL", "…"]</c> or <c>["NONE"]</c>; null when not set.</summary>
    public IReadOnlyList<string>? Test { get; init; }

    public SourceSpan? TestSpan { get; init; }

    public TimeSpan? Interval { get; init; }

    public TimeSpan? Timeout { get; init; }

    public TimeSpan? StartPeriod { get; init; }

    public TimeSpan? StartInterval { get; init; }

    public long? Retries { get; init; }

    /// <summary><c>disable: true</c>.</summary>
    public bool Disable { get; init; }

    /// <summary>Disabled: <c>disable: true</c> or a <c>NONE</c> test.</summary>
    public bool IsDisabled => Disable || Test is ["NONE", ..];
}

/// <summary>An entry of <c>depends_on</c>, in the long syntax.</summary>
/// <param name="Service">The service depended on.</param>
/// <param name="Condition">service_started, service_healthy or service_completed_successfully.</param>
/// <param name="Required">false lets the dependency be missing or disabled.</param>
/// <param name="Restart">Restart this service when the dependency is updated.</param>
/// <param name="Span">Where it was written.</param>
public sealed record ComposeDependency(string Service, string Condition, bool Required, bool Restart, SourceSpan Span)
{
    public const string Started = "service_started";
    public const string Healthy = "service_healthy";
    public const string CompletedSuccessfully = "service_completed_successfully";
}

/// <summary>A mount, in the long syntax whatever the file used.</summary>
/// <param name="Type">bind, volume, tmpfs, npipe, cluster or image.</param>
/// <param name="Source">The named volume, the host path (absolute once resolved) or null.</param>
/// <param name="Target">The path in the container.</param>
/// <param name="ReadOnly">Mounted read-only.</param>
/// <param name="Span">Where it was written.</param>
public sealed record ComposeVolumeMount(string Type, string? Source, string Target, bool ReadOnly, SourceSpan Span)
{
    public const string Bind = "bind";
    public const string Volume = "volume";
    public const string Tmpfs = "tmpfs";

    /// <summary>Written in the short <c>source:target[:mode]</c> syntax.</summary>
    public bool IsShortSyntax { get; init; }

    public string? Consistency { get; init; }

    public string? BindPropagation { get; init; }

    public bool? BindCreateHostPath { get; init; }

    public string? BindSelinux { get; init; }

    public bool VolumeNoCopy { get; init; }

    public string? VolumeSubpath { get; init; }

    public long? TmpfsSize { get; init; }

    /// <summary>A named volume (not anonymous, not a bind mount).</summary>
    public bool IsNamedVolume => Type == Volume && !string.IsNullOrEmpty(Source);
}

/// <summary>A service's attachment to a network.</summary>
public sealed record ComposeServiceNetwork(string Name, SourceSpan Span)
{
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public string? Ipv4Address { get; init; }

    public string? Ipv6Address { get; init; }

    public int Priority { get; init; }
}

/// <summary>A secret or config granted to a service.</summary>
public sealed record ComposeFileReference(string Source, SourceSpan Span)
{
    public string? Target { get; init; }

    public string? Uid { get; init; }

    public string? Gid { get; init; }

    public int? Mode { get; init; }
}

/// <summary>Limits or reservations of <c>deploy.resources</c>.</summary>
public sealed record ComposeResources(SourceSpan Span)
{
    /// <summary>CPUs (1.5 = one and a half).</summary>
    public double? Cpus { get; init; }

    public long? MemoryBytes { get; init; }

    public long? Pids { get; init; }
}

/// <summary><c>deploy:</c>, the part that applies outside Swarm too (resources, replicas, restart policy).</summary>
public sealed record ComposeDeploy(SourceSpan Span)
{
    public string? Mode { get; init; }

    public long? Replicas { get; init; }

    public ComposeResources? Limits { get; init; }

    public ComposeResources? Reservations { get; init; }

    public string? RestartPolicyCondition { get; init; }

    public long? RestartPolicyMaxAttempts { get; init; }

    public IReadOnlyList<ComposeKeyValue> Labels { get; init; } = [];
}

/// <summary><c>build:</c>: where and how the service's image is built.</summary>
/// <param name="Context">The build context: an absolute directory once resolved, or a URL (git, http).</param>
/// <param name="Span">Where <c>build:</c> was written.</param>
public sealed record ComposeBuild(string Context, SourceSpan Span)
{
    public SourceSpan ContextSpan { get; init; }

    /// <summary>The Dockerfile as written (relative to the context), <c>Dockerfile</c> by default.</summary>
    public string? Dockerfile { get; init; }

    public SourceSpan? DockerfileSpan { get; init; }

    public string? DockerfileInline { get; init; }

    /// <summary>Build args; a null value means the arg is declared without one (the build uses the Dockerfile's default).</summary>
    public IReadOnlyList<ComposeKeyValue> Args { get; init; } = [];

    public string? Target { get; init; }

    public SourceSpan? TargetSpan { get; init; }

    public IReadOnlyList<ComposeKeyValue> Labels { get; init; } = [];

    public IReadOnlyList<string> CacheFrom { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<string> Platforms { get; init; } = [];

    public string? Network { get; init; }

    public bool Privileged { get; init; }

    /// <summary>The context is a URL (git repository, tarball), not a local directory.</summary>
    public bool IsRemote => ComposePaths.IsRemoteContext(Context);

    /// <summary>The Dockerfile's absolute path, for a local context and a file Dockerfile; null otherwise.</summary>
    public string? DockerfilePath =>
        IsRemote || DockerfileInline is not null
            ? null
            : System.IO.Path.GetFullPath(System.IO.Path.Combine(Context, Dockerfile ?? "Dockerfile"));

    /// <summary>The args as a dictionary, for Dockerfile ARG resolution (args without a value are left out).</summary>
    public IReadOnlyDictionary<string, string> ArgValues =>
        Args.Where(arg => arg.Value is not null).GroupBy(arg => arg.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Last().Value!, StringComparer.Ordinal);
}

/// <summary>Path helpers shared by the loader and the model.</summary>
public static class ComposePaths
{
    /// <summary>A build context Compose does not resolve against the project directory: git and http(s) URLs.</summary>
    public static bool IsRemoteContext(string context) =>
        context.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || context.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || context.StartsWith("git://", StringComparison.OrdinalIgnoreCase)
        || context.StartsWith("git@", StringComparison.Ordinal)
        || context.StartsWith("github.com/", StringComparison.Ordinal)
        || context.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase)
        || context.Contains("://", StringComparison.Ordinal);
}
