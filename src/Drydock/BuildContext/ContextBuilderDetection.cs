using System.Globalization;
using System.Text.RegularExpressions;
using Drydock.BuildContext.Walker;

namespace Drydock.BuildContext;

/// <summary>Which builder a <c>docker build</c> started here would use, and why.</summary>
public sealed record ContextBuilderChoice(ContextBuilder Builder, string Reason);

/// <summary>
/// Decides between the classic builder and BuildKit as the docker CLI does: <c>DOCKER_BUILDKIT</c> when set (a Go
/// boolean, as <c>strconv.ParseBool</c> reads it), else the CLI's own default: BuildKit from docker 23.0 on (Linux),
/// the classic builder before it. Without a docker CLI the current default, BuildKit, applies.
/// </summary>
public static partial class ContextBuilderDetection
{
    /// <summary>The first docker CLI release that builds with BuildKit (buildx) by default.</summary>
    private const int FirstBuildKitDefaultMajor = 23;

    /// <param name="getEnvironmentVariable">The environment the build would run in.</param>
    /// <param name="dockerVersionOutput">What <c>docker --version</c> prints, or null when there is no docker CLI.</param>
    public static ContextBuilderChoice Detect(Func<string, string?> getEnvironmentVariable, string? dockerVersionOutput)
    {
        if (getEnvironmentVariable("DOCKER_BUILDKIT") is { Length: > 0 } value)
        {
            return ParseGoBool(value) switch
            {
                true => new ContextBuilderChoice(ContextBuilder.BuildKit, $"DOCKER_BUILDKIT={value}"),
                false => new ContextBuilderChoice(ContextBuilder.Classic, $"DOCKER_BUILDKIT={value}"),
                null => throw new DrydockException(
                    $"DOCKER_BUILDKIT={value} is not a boolean; docker build refuses it.",
                    fix: "Set DOCKER_BUILDKIT to 1 or 0 (or true/false), or unset it."),
            };
        }
        if (dockerVersionOutput is null)
        {
            return new ContextBuilderChoice(ContextBuilder.BuildKit, "no docker CLI found; BuildKit is Docker's default builder");
        }
        var match = VersionPattern().Match(dockerVersionOutput);
        if (!match.Success)
        {
            return new ContextBuilderChoice(ContextBuilder.BuildKit, "docker CLI version unknown; BuildKit is Docker's default builder");
        }
        var version = match.Groups["version"].Value;
        var major = int.Parse(match.Groups["major"].Value, CultureInfo.InvariantCulture);
        return major >= FirstBuildKitDefaultMajor
            ? new ContextBuilderChoice(ContextBuilder.BuildKit, $"docker CLI {version} builds with BuildKit by default")
            : new ContextBuilderChoice(ContextBuilder.Classic, $"docker CLI {version} builds with the classic builder unless DOCKER_BUILDKIT=1");
    }

    /// <summary>Go's strconv.ParseBool: exactly these spellings, anything else is an error (null).</summary>
    internal static bool? ParseGoBool(string value) => value switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => null,
    };

    // "Docker version 28.2.2, build e6534b4" (and "Docker version 20.10.24+dfsg1, build 297e128").
    [GeneratedRegex(@"^Docker version (?<version>(?<major>\d+)\.\d+[^\s,]*)", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
