using Drydock.Findings;
using Drydock.Images.Layers;
using Drydock.Measurements;

namespace Drydock.Images.Rules;

/// <summary>IM007: package-manager caches left in the final image.</summary>
public sealed class PackageCacheRule() : Rule<ImageRuleContext>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "IM007",
        "Package-manager cache left in the image",
        RuleCategories.Performance,
        Severity.Warning,
        "The {0} {1} still in the image: {2} in {3} under {4}.",
        "Caches are only useful while installing; left in a layer they cost every pull and every node. Clean them in the same RUN that fills them (`rm -rf /var/lib/apt/lists/*`, `pip install --no-cache-dir`, `npm ci && npm cache clean --force`, `apk add --no-cache`), or use a cache mount (`RUN --mount=type=cache,…`).")
    {
        Aliases = ["DL3009", "DL3019", "DL3042", "DL3060", "DKL-DI-0005"],
    };

    /// <summary>A cache: its name and where its files live (a path prefix, or a directory name anywhere).</summary>
    public sealed record CacheLocation(string Name, string? Prefix, string? Infix, Func<string, bool>? Include = null)
    {
        public string? Root(string path)
        {
            if (Prefix is not null)
            {
                return path.StartsWith(Prefix, StringComparison.Ordinal) && (Include?.Invoke(path) ?? true) ? Prefix.TrimEnd('/') : null;
            }
            var at = path.IndexOf(Infix!, StringComparison.Ordinal);
            return at >= 0 && (Include?.Invoke(path) ?? true) ? path[..(at + Infix!.Length)].TrimEnd('/') : null;
        }
    }

    public static readonly IReadOnlyList<CacheLocation> Caches =
    [
        new("apt package lists", "/var/lib/apt/lists/", null, path => !path.EndsWith("/lock", StringComparison.Ordinal) && !path.Contains("/partial/", StringComparison.Ordinal)),
        new("apt package archive", "/var/cache/apt/", null, path => path.EndsWith(".deb", StringComparison.Ordinal) || path.EndsWith(".bin", StringComparison.Ordinal)),
        new("apk cache", "/var/cache/apk/", null),
        new("yum cache", "/var/cache/yum/", null),
        new("dnf cache", "/var/cache/dnf/", null),
        new("pip cache", null, "/.cache/pip/"),
        new("npm cache", null, "/.npm/_cacache/"),
        new("yarn cache", null, "/.cache/yarn/"),
        new("yarn cache", null, "/.yarn/berry/cache/"),
        new("NuGet package cache", null, "/.nuget/packages/"),
        new("NuGet HTTP cache", null, "/.local/share/NuGet/"),
        new("Go build cache", null, "/.cache/go-build/"),
    ];

    public override IEnumerable<Finding> Check(ImageRuleContext context)
    {
        var found = new Dictionary<string, (string Root, long Bytes, int Files)>(StringComparer.Ordinal);
        foreach (var file in context.Analysis.Entries)
        {
            if (file.Entry.Kind != EntryKind.File)
            {
                continue;
            }
            foreach (var cache in Caches)
            {
                if (cache.Root(file.Path) is { } root)
                {
                    var total = found.TryGetValue(cache.Name, out var sum) ? sum : (Root: root, Bytes: 0L, Files: 0);
                    found[cache.Name] = (total.Root, total.Bytes + file.Entry.Size, total.Files + 1);
                    break;
                }
            }
        }
        foreach (var (name, (root, bytes, files)) in found.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            yield return Report(context.Span, name, name.EndsWith('s') ? "are" : "is", Units.FormatBytes(bytes), files == 1 ? "1 file" : $"{files} files", root);
        }
    }
}
