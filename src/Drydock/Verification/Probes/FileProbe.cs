using System.Formats.Tar;
using System.Globalization;
using Drydock.Engine;
using Drydock.Images.Analysis;
using Drydock.Images.Layers;
using Drydock.Measurements;
using Drydock.Verification.Config;

namespace Drydock.Verification.Probes;

/// <summary>
/// A path or glob in the running container, read through the engine's archive API (no exec: an image may have no
/// shell): the archive of the glob's longest literal directory is streamed and its entries matched and checked.
/// </summary>
internal static class FileProbe
{
    /// <summary>A glob near the root could stream the whole file system; the walk stops here.</summary>
    public const int MaxEntries = 10_000;

    public static async Task<ProbeAttempt> AttemptAsync(DockerClient client, FileProbeSpec spec, ProbeTarget target, TimeSpan remaining, CancellationToken cancellationToken)
    {
        GlobPattern glob;
        try
        {
            glob = new GlobPattern(spec.Path);
        }
        catch (DrydockException ex)
        {
            return ProbeAttempt.FailPermanently(ex.Message);
        }
        if (spec.Owner is { } ownerText && ParseOwner(ownerText) is null)
        {
            return ProbeAttempt.FailPermanently($"owner '{ownerText}' is not a uid (1000) or uid:gid (1000:1000)");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(remaining);
        var root = LiteralRoot(spec.Path);
        var archive = await OpenArchiveAsync(client, target.ContainerId, root, timeout.Token).ConfigureAwait(false);
        if (archive is null)
        {
            return spec.Exists
                ? ProbeAttempt.Fail($"expected a match for {spec.Path}, but {root} does not exist")
                : ProbeAttempt.Pass($"nothing matches {spec.Path} ({root} does not exist)");
        }
        await using (archive)
        {
            return await WalkAsync(archive, spec, glob, root, timeout.Token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The directory (or file) the glob cannot reach outside of: its segments before the first with a wildcard.
    /// A pattern without a slash matches a name in any directory, so its root is <c>/</c>.
    /// </summary>
    public static string LiteralRoot(string pattern)
    {
        var trimmed = pattern.Trim();
        if (!trimmed.TrimEnd('/').Contains('/', StringComparison.Ordinal))
        {
            return "/";
        }
        var literal = trimmed.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .TakeWhile(segment => segment.IndexOfAny(['*', '?', '[', '\\']) < 0);
        return "/" + string.Join('/', literal);
    }

    /// <summary>The archive of <paramref name="root"/>, following a symbolic link at the root once; null when absent.</summary>
    private static async Task<RootArchive?> OpenArchiveAsync(DockerClient client, string containerId, string root, CancellationToken cancellationToken)
    {
        try
        {
            var archive = await client.GetContainerArchiveAsync(containerId, root, cancellationToken).ConfigureAwait(false);
            if (archive.Stat is { IsSymbolicLink: true, LinkTarget: { Length: > 0 } linkTarget } && linkTarget != root)
            {
                // A probe checks what a program opening the path sees: the link's target, named by the path.
                await archive.DisposeAsync().ConfigureAwait(false);
                archive = await client.GetContainerArchiveAsync(containerId, linkTarget, cancellationToken).ConfigureAwait(false);
            }
            return new RootArchive(archive, root);
        }
        catch (EngineException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    private static async Task<ProbeAttempt> WalkAsync(RootArchive archive, FileProbeSpec spec, GlobPattern glob, string root, CancellationToken cancellationToken)
    {
        var owner = spec.Owner is { } ownerText ? ParseOwner(ownerText) : null;
        var checksContent = spec.Size is not null || spec.Magic is not null;
        var hasWildcard = LiteralRoot(spec.Path) != "/" + spec.Path.Trim().Trim('/');
        using var reader = new TarReader(archive.Archive.Tar, leaveOpen: true);
        var entries = 0;
        var matches = 0;
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            if (++entries > MaxEntries)
            {
                return ProbeAttempt.FailPermanently(
                    $"stopped after {MaxEntries:N0} entries under {root} without finishing {spec.Path}: start the glob with a deeper directory");
            }
            var path = archive.PathOf(entry.Name);
            if (!glob.IsMatch(path))
            {
                continue;
            }
            if (!spec.Exists)
            {
                return ProbeAttempt.Fail($"expected nothing to match {spec.Path}, found {path}");
            }
            // A glob over a tree (/models/**) also names its directories; size and magic are about files.
            if (checksContent && hasWildcard && entry.EntryType == TarEntryType.Directory)
            {
                continue;
            }
            matches++;
            if (await CheckAsync(entry, path, spec, owner, cancellationToken).ConfigureAwait(false) is { } problem)
            {
                return ProbeAttempt.Fail(problem);
            }
        }
        if (!spec.Exists)
        {
            return ProbeAttempt.Pass($"nothing matches {spec.Path}");
        }
        return matches == 0
            ? ProbeAttempt.Fail($"expected a match for {spec.Path}, found none under {root}")
            : ProbeAttempt.Pass(matches == 1 ? $"1 match for {spec.Path}" : $"{matches} matches for {spec.Path}");
    }

    private static async Task<string?> CheckAsync(TarEntry entry, string path, FileProbeSpec spec, (int Uid, int? Gid)? owner, CancellationToken cancellationToken)
    {
        if (owner is { } expected && (entry.Uid != expected.Uid || (expected.Gid is { } gid && entry.Gid != gid)))
        {
            return $"{path}: expected owner {spec.Owner}, got {entry.Uid}:{entry.Gid}";
        }
        var permissions = (int)entry.Mode & 0xFFF;
        if (spec.Mode is { } mode && permissions != mode)
        {
            return $"{path}: expected mode {Octal(mode)}, got {Octal(permissions)}";
        }
        if (spec.Size is null && spec.Magic is null)
        {
            return null;
        }
        if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
        {
            var kind = entry.EntryType switch
            {
                TarEntryType.Directory => "a directory",
                TarEntryType.SymbolicLink => $"a symbolic link to {entry.LinkName}",
                TarEntryType.HardLink => $"a hard link to /{entry.LinkName.TrimStart('/')} (check that path)",
                _ => $"a {entry.EntryType} entry",
            };
            return $"{path}: expected a regular file (to check its size or first bytes), but it is {kind}";
        }
        if (spec.Size is { } size && !size.IsMetBy(entry.Length))
        {
            return $"{path}: expected size {size}, got {Units.FormatBytes(entry.Length)}";
        }
        if (spec.Magic is { Length: > 0 } magic)
        {
            var head = new byte[magic.Length];
            var read = entry.DataStream is { } data
                ? await data.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)
                : 0;
            if (!head.AsSpan(0, read).SequenceEqual(magic))
            {
                return $"{path}: expected it to begin with {Describe(magic)}, got {(read == 0 ? "an empty file" : Describe(head.AsSpan(0, read)))}";
            }
        }
        return null;
    }

    /// <summary><c>1000</c> or <c>1000:1000</c>; null when it is neither.</summary>
    private static (int Uid, int? Gid)? ParseOwner(string text)
    {
        var parts = text.Trim().Split(':');
        if (parts.Length is < 1 or > 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
        {
            return null;
        }
        if (parts.Length == 1)
        {
            return (uid, null);
        }
        return int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var gid) ? (uid, gid) : null;
    }

    private static string Octal(int mode) => "0" + Convert.ToString(mode, 8).PadLeft(3, '0');

    /// <summary>Bytes as text when printable (<c>GGUF</c>), with their hex either way: <c>GGUF (hex:47475546)</c>.</summary>
    private static string Describe(ReadOnlySpan<byte> bytes)
    {
        var hex = "hex:" + Convert.ToHexString(bytes).ToLowerInvariant();
        foreach (var b in bytes)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return hex;
            }
        }
        return $"{System.Text.Encoding.ASCII.GetString(bytes)} ({hex})";
    }

    /// <summary>An archive of a container path whose entries are named as under <see cref="Root"/>.</summary>
    private sealed class RootArchive(ContainerArchive archive, string root) : IAsyncDisposable
    {
        public ContainerArchive Archive { get; } = archive;

        public string Root { get; } = root;

        /// <summary>
        /// The engine names entries after the last segment of the path it archived (<c>models/a.gguf</c> for
        /// <c>/models</c>), or absolutely for <c>/</c>; this maps them back under the root as the glob names it.
        /// </summary>
        public string PathOf(string entryName)
        {
            var normalized = LayerScanner.NormalizePath(entryName);
            if (Root == "/")
            {
                return normalized;
            }
            var slash = normalized.IndexOf('/', 1);
            return slash < 0 ? Root : Root + normalized[slash..];
        }

        public ValueTask DisposeAsync() => Archive.DisposeAsync();
    }
}
