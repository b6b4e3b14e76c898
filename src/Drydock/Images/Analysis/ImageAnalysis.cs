using Drydock.Images.Layers;
using Drydock.Images.Sources;

namespace Drydock.Images.Analysis;

/// <summary>
/// Who the container runs as. <see cref="Configured"/> is the image's <c>USER</c> (empty means root); the name and ids
/// are resolved through the image's own <c>/etc/passwd</c> and <c>/etc/group</c>, as the runtime does.
/// </summary>
public sealed record ImageUser(string Configured, string Name, int? Uid, int? Gid)
{
    /// <summary>Root when the uid is 0, or when it cannot be resolved and the name is <c>root</c>.</summary>
    public bool IsRoot => Uid == 0 || (Uid is null && Name == "root");

    public override string ToString() =>
        Uid is { } uid ? $"{Name} (uid {uid}{(Gid is { } gid ? $", gid {gid}" : string.Empty)})" : $"{Name} (not in /etc/passwd)";
}

public sealed record HealthcheckSummary(IReadOnlyList<string> Test, TimeSpan? Interval, TimeSpan? Timeout, TimeSpan? StartPeriod, int? Retries)
{
    /// <summary><c>HEALTHCHECK NONE</c>: a health check inherited from the base image is switched off.</summary>
    public bool IsDisabled => Test.Count > 0 && Test[0] == "NONE";
}

public sealed record EnvironmentVariable(string Name, string Value)
{
    public bool IsSecret => SecretDetection.IsSecret(Name, Value);

    public string DisplayValue => SecretDetection.Redact(Name, Value);
}

/// <summary>The parts of the image configuration that matter for shipping it.</summary>
public sealed record ImageConfigSummary(
    ImageUser User,
    IReadOnlyList<string> ExposedPorts,
    IReadOnlyList<EnvironmentVariable> Environment,
    IReadOnlyList<string>? Entrypoint,
    IReadOnlyList<string>? Cmd,
    HealthcheckSummary? Healthcheck,
    string? WorkingDir,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>ENTRYPOINT followed by CMD: what the container runs.</summary>
    public IReadOnlyList<string> Command => [.. Entrypoint ?? [], .. Cmd ?? []];

    /// <summary>Declared <c>VOLUME</c>s, sorted.</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];
}

/// <summary>
/// One step of the image's history. Steps that changed no file (<c>ENV</c>, <c>USER</c>…) are empty layers: no digest,
/// no size, no files. <see cref="Number"/> counts only the non-empty ones (the layers of the file system).
/// </summary>
public sealed record LayerSummary(int Number, string? Digest, long Size, long CompressedSize, string? CreatedBy, string? Created, bool IsEmpty, int Files)
{
    public LayerCompression Compression { get; init; }

    public string? BlobDigest { get; init; }
}

/// <summary>Everything <c>drydock inspect</c> knows about an image: the config, the layers, the merged file system and its waste.</summary>
public sealed class ImageAnalysis
{
    private IReadOnlyList<MergedFile>? _entries;

    public required string Name { get; init; }

    public required ImageSourceKind SourceKind { get; init; }

    public string? ImageId { get; init; }

    public string? ManifestDigest { get; init; }

    public IReadOnlyList<string> RepoTags { get; init; } = [];

    public string? Os { get; init; }

    public string? Architecture { get; init; }

    public string? Created { get; init; }

    public required ImageConfigSummary Config { get; init; }

    /// <summary>Every history step, oldest first; empty steps included (see <see cref="LayerSummary.IsEmpty"/>).</summary>
    public required IReadOnlyList<LayerSummary> History { get; init; }

    public IEnumerable<LayerSummary> Layers => History.Where(layer => !layer.IsEmpty);

    public required MergedFileSystem FileSystem { get; init; }

    /// <summary>Per layer (lowest first), the content the scan kept (<see cref="LayerScanOptions.CapturePaths"/>).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, byte[]>> CapturedFiles { get; init; } = [];

    /// <summary>A regular file's content when the scan kept it from the layer that wrote it.</summary>
    public byte[]? CapturedContent(MergedFile file) =>
        file.Layer < CapturedFiles.Count && CapturedFiles[file.Layer].TryGetValue(file.Path, out var content) ? content : null;

    /// <summary>Uncompressed size of all layers, counted as the engine counts it (matches <c>docker image inspect</c> Size).</summary>
    public long Size => Layers.Sum(layer => layer.Size);

    public long CompressedSize => Layers.Sum(layer => layer.CompressedSize);

    public long WastedBytes => FileSystem.Waste.WastedBytes;

    /// <summary>dive's efficiency score, between 0 and 1.</summary>
    public double Efficiency => FileSystem.Waste.Efficiency;

    /// <summary>Every entry of the final file system, in path order (computed once).</summary>
    public IReadOnlyList<MergedFile> Entries => _entries ??= FileSystem.Entries().ToList();

    /// <summary>Entries matching any of the globs, in path order.</summary>
    public IReadOnlyList<MergedFile> Match(IEnumerable<string> globs)
    {
        var patterns = globs.Select(glob => new GlobPattern(glob)).ToList();
        return patterns.Count == 0 ? [] : Entries.Where(file => patterns.Any(pattern => pattern.IsMatch(file.Path))).ToList();
    }

    /// <summary>Whether anything in the final file system matches the glob (issue 7's <c>present:</c>/<c>absent:</c>).</summary>
    public bool Contains(string glob)
    {
        var pattern = new GlobPattern(glob);
        return Entries.Any(file => pattern.IsMatch(file.Path));
    }

    /// <summary>The <paramref name="count"/> largest regular files, largest first.</summary>
    public IReadOnlyList<MergedFile> Largest(int count) =>
        Entries.Where(file => file.Entry.Kind == EntryKind.File)
            .OrderByDescending(file => file.Entry.Size)
            .ThenBy(file => file.Path, StringComparer.Ordinal)
            .Take(count)
            .ToList();
}
