using Drydock.Engine;

namespace Drydock.Images.Sources;

/// <summary>
/// Turns what the user typed into a source: <c>registry://REF</c> (or <c>docker://REF</c>) reads a registry; an
/// existing file is a <c>docker save</c> archive; an existing directory an OCI layout; anything else is an image in
/// the engine (read in place from its overlay2 storage when that is local and readable, else exported).
/// </summary>
public static class ImageSourceResolver
{
    public static readonly string[] RegistryPrefixes = ["registry://", "docker://"];

    public static IImageSource Resolve(string argument, Func<DockerClient> engine, Func<string, string?> getEnvironmentVariable, string workingDirectory)
    {
        foreach (var prefix in RegistryPrefixes)
        {
            if (argument.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return new RegistryImageSource(ImageReference.Parse(argument[prefix.Length..]), new RegistryCredentialStore(getEnvironmentVariable));
            }
        }
        var path = Path.IsPathRooted(argument) ? argument : Path.Combine(workingDirectory, argument);
        if (File.Exists(path))
        {
            return new ArchiveImageSource(path);
        }
        if (Directory.Exists(path))
        {
            return new DirectoryImageSource(path);
        }
        if (LooksLikePath(argument))
        {
            throw new DrydockException($"{argument}: no such file or directory.", null, "Pass an image name, a `docker save` archive, an OCI layout directory, or registry://REFERENCE.");
        }
        if (!IsImageId(argument))
        {
            ImageReference.Parse(argument);
        }
        // A local overlay2 engine is read in place (the export is the fallback); DRYDOCK_INSPECT_EXPORT=1 forces the export.
        return getEnvironmentVariable(OverlayImageSource.DisableVariable) == "1"
            ? new EngineImageSource(engine(), argument)
            : new OverlayImageSource(engine(), argument);
    }

    private static bool LooksLikePath(string argument) =>
        argument.StartsWith('/') || argument.StartsWith("./", StringComparison.Ordinal) || argument.StartsWith("../", StringComparison.Ordinal)
        || argument.EndsWith(".tar", StringComparison.OrdinalIgnoreCase) || argument.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase)
        || argument.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase) || argument.EndsWith(".tar.zst", StringComparison.OrdinalIgnoreCase);

    /// <summary>An image id (<c>sha256:HEX</c> or a hex prefix of at least 12 digits), which the engine accepts in place of a name.</summary>
    private static bool IsImageId(string argument)
    {
        var hex = argument.StartsWith("sha256:", StringComparison.Ordinal) ? argument[7..] : argument;
        return hex.Length is >= 12 and <= 64 && hex.All(char.IsAsciiHexDigitLower);
    }
}
