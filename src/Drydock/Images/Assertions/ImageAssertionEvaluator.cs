using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Drydock.Images.Analysis;
using Drydock.Images.Layers;
using Drydock.Measurements;

namespace Drydock.Images.Assertions;

/// <summary>Checks <see cref="ImageAssertions"/> on an analysed image: one result per assertion, in the order written.</summary>
public static class ImageAssertionEvaluator
{
    private const int NamedEntries = 5;

    /// <param name="image">The analysed image: its metadata, layers and final file system.</param>
    /// <param name="assertions">What drydock.yml's <c>image:</c> or <c>inspect --expect</c> asks of it.</param>
    /// <param name="readContent">The content of a regular file of the final file system (null when it was not kept).</param>
    public static IReadOnlyList<AssertionResult> Evaluate(ImageAnalysis image, ImageAssertions assertions, Func<MergedFile, byte[]?> readContent)
    {
        var results = new List<AssertionResult>();
        if (assertions.Metadata is { } metadata)
        {
            Metadata(image.Config, metadata, results);
        }
        foreach (var file in assertions.Files)
        {
            File(image, file, readContent, results);
        }
        if (assertions.Efficiency is { HasAny: true } thresholds)
        {
            Efficiency(image, thresholds, results);
        }
        return results;
    }

    /// <summary>Content as <see cref="ImageAnalysis"/> kept it (see <see cref="ImageAssertions.ContentPaths"/>).</summary>
    public static Func<MergedFile, byte[]?> CapturedContent(ImageAnalysis image) => file => image.CapturedContent(file);

    /// <summary>dive's "user wasted percent": wasted bytes over the size of every layer but the first (the base).</summary>
    public static double UserWastedRatio(ImageAnalysis image)
    {
        var userSize = image.Layers.Skip(1).Sum(layer => layer.Size);
        return userSize == 0 ? 0 : (double)image.WastedBytes / userSize;
    }

    private static void Metadata(ImageConfigSummary config, MetadataAssertions metadata, List<AssertionResult> results)
    {
        foreach (var env in metadata.Env)
        {
            var found = config.Environment.LastOrDefault(variable => variable.Name == env.Key);
            results.Add(KeyValue("env", env, found is null ? null : found.Value, found?.DisplayValue));
        }
        foreach (var label in metadata.Labels)
        {
            var found = config.Labels.TryGetValue(label.Key, out var value);
            results.Add(KeyValue("label", label, found ? value : null, value));
        }
        foreach (var port in metadata.ExposedPorts)
        {
            var exposed = config.ExposedPorts.Contains(port, StringComparer.Ordinal);
            results.Add(new($"metadata exposed port {port}", exposed, Ports(config)));
        }
        foreach (var port in metadata.UnexposedPorts)
        {
            var exposed = config.ExposedPorts.Contains(port, StringComparer.Ordinal);
            results.Add(new($"metadata unexposed port {port}", !exposed, Ports(config)));
        }
        if (metadata.Entrypoint is { } entrypoint)
        {
            results.Add(Sequence("entrypoint", entrypoint, config.Entrypoint ?? []));
        }
        if (metadata.Cmd is { } cmd)
        {
            results.Add(Sequence("cmd", cmd, config.Cmd ?? []));
        }
        if (metadata.Workdir is { } workdir)
        {
            var actual = config.WorkingDir ?? string.Empty;
            results.Add(new($"metadata workdir {workdir}", actual == workdir, actual.Length == 0 ? "no WORKDIR (/)" : $"WORKDIR {actual}"));
        }
        if (metadata.User is { } user)
        {
            var actual = config.User.Configured;
            results.Add(new($"metadata user {user}", actual == user, actual.Length == 0 ? "no USER (root)" : $"USER {actual}"));
        }
        foreach (var volume in metadata.Volumes)
        {
            var declared = config.Volumes.Contains(volume, StringComparer.Ordinal);
            results.Add(new($"metadata volume {volume}", declared, config.Volumes.Count == 0 ? "no VOLUME" : $"volumes: {string.Join(", ", config.Volumes)}"));
        }
        if (metadata.Healthcheck is { } health)
        {
            var present = config.Healthcheck is { IsDisabled: false };
            var detail = config.Healthcheck switch
            {
                null => "no HEALTHCHECK",
                { IsDisabled: true } => "HEALTHCHECK NONE",
                { } check => $"HEALTHCHECK {string.Join(' ', check.Test)}",
            };
            var wanted = health == HealthcheckExpectation.Present;
            results.Add(new($"metadata healthcheck {(wanted ? "present" : "absent")}", present == wanted, detail));
        }
    }

    private static AssertionResult KeyValue(string kind, KeyValueAssertion assertion, string? actual, string? display)
    {
        var name = assertion.Value is { } expected ? $"metadata {kind} {assertion.Key} {expected}" : $"metadata {kind} {assertion.Key}";
        if (actual is null)
        {
            return new(name, false, $"{assertion.Key} is not set");
        }
        var passed = assertion.Value?.IsMet(actual) ?? true;
        return new(name, passed, $"{assertion.Key}={display}");
    }

    private static AssertionResult Sequence(string what, IReadOnlyList<string> expected, IReadOnlyList<string> actual) =>
        new($"metadata {what} {Json(expected)}", expected.SequenceEqual(actual, StringComparer.Ordinal), actual.Count == 0 ? $"no {what.ToUpperInvariant()}" : $"{what.ToUpperInvariant()} {Json(actual)}");

    private static string Json(IReadOnlyList<string> items) =>
        "[" + string.Join(", ", items.Select(item => "\"" + item.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")) + "]";

    private static string Ports(ImageConfigSummary config) =>
        config.ExposedPorts.Count == 0 ? "no port exposed" : $"exposed: {string.Join(", ", config.ExposedPorts)}";

    private static void File(ImageAnalysis image, FileAssertion assertion, Func<MergedFile, byte[]?> readContent, List<AssertionResult> results)
    {
        var path = assertion.Path;
        var file = image.FileSystem.Get(path);
        var exists = file is not null || image.FileSystem.Exists(path);
        if (!assertion.ShouldExist)
        {
            results.Add(new($"file {path} absent", !exists, exists ? $"exists ({Describe(file)})" : "does not exist"));
            return;
        }
        results.Add(new($"file {path} exists", exists, exists ? Describe(file) : "does not exist"));
        if (!exists)
        {
            return;
        }
        // A directory that exists only because something below it does has no header: mode 0755, owner 0:0, as the
        // engine creates it.
        var entry = file?.Entry ?? new LayerEntry(path, EntryKind.Directory, 0, Convert.ToInt32("755", 8), 0, 0);
        if (assertion.Mode is { } mode)
        {
            var expected = assertion.TypeLetter is { } letter ? $"{letter}{FileModes.Format(entry.Kind, mode)[1..]}" : FileModes.Octal(mode);
            var actual = assertion.TypeLetter is null ? FileModes.Octal(entry.Mode) : entry.ModeText;
            var passed = (entry.Mode & 0xFFF) == mode && (assertion.TypeLetter is null || assertion.TypeLetter == entry.ModeText[0]);
            results.Add(new($"file {path} mode {expected}", passed, $"mode {actual}"));
        }
        if (assertion.Uid is { } uid)
        {
            var expected = assertion.Gid is { } gid ? $"{uid}:{gid}" : uid.ToString(CultureInfo.InvariantCulture);
            var passed = entry.Uid == uid && (assertion.Gid is null || entry.Gid == assertion.Gid);
            results.Add(new($"file {path} owner {expected}", passed, $"owner {entry.Uid}:{entry.Gid}"));
        }
        if (assertion.MinSize is { } min)
        {
            results.Add(new($"file {path} size >= {Units.FormatBytes(min)}", entry.Size >= min, $"{entry.Size} bytes"));
        }
        if (assertion.MaxSize is { } max)
        {
            results.Add(new($"file {path} size <= {Units.FormatBytes(max)}", entry.Size <= max, $"{entry.Size} bytes"));
        }
        if (assertion.LinkTarget is { } target)
        {
            var passed = entry.Kind == EntryKind.Symlink && entry.LinkTarget == target;
            results.Add(new($"file {path} -> {target}", passed, entry.Kind == EntryKind.Symlink ? $"links to {entry.LinkTarget}" : $"not a symlink ({entry.ModeText})"));
        }
        if (assertion.Contains.Count + assertion.Excludes.Count > 0)
        {
            Content(assertion, file, readContent, results);
        }
        if (assertion.Listing.Count > 0 || assertion.ListingExact)
        {
            Listing(image, assertion, entry, results);
        }
    }

    private static void Content(FileAssertion assertion, MergedFile? file, Func<MergedFile, byte[]?> readContent, List<AssertionResult> results)
    {
        var path = assertion.Path;
        string? text = null;
        string? problem = null;
        if (file is not { Entry.Kind: EntryKind.File })
        {
            problem = $"not a regular file ({Describe(file)})";
        }
        else if (readContent(file) is { } bytes)
        {
            text = Encoding.UTF8.GetString(bytes);
        }
        else
        {
            problem = $"content not read ({file.Entry.Size} bytes; files up to 1 MB are read)";
        }
        foreach (var pattern in assertion.Contains)
        {
            results.Add(text is null
                ? new($"file {path} contains /{pattern}/", false, problem!)
                : new($"file {path} contains /{pattern}/", Matches(pattern, text), Matches(pattern, text) ? "matches" : "no match"));
        }
        foreach (var pattern in assertion.Excludes)
        {
            results.Add(text is null
                ? new($"file {path} excludes /{pattern}/", false, problem!)
                : Excludes(path, pattern, text));
        }
    }

    private static AssertionResult Excludes(string path, Regex pattern, string text)
    {
        var match = Match(pattern, text);
        return new($"file {path} excludes /{pattern}/", match is null, match is null ? "no match" : $"matches at line {text.AsSpan(0, match.Index).Count('\n') + 1}");
    }

    private static bool Matches(Regex pattern, string text) => Match(pattern, text) is not null;

    private static Match? Match(Regex pattern, string text)
    {
        try
        {
            var match = pattern.Match(text);
            return match.Success ? match : null;
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new DrydockException($"the regular expression /{pattern}/ took longer than {ex.MatchTimeout.TotalSeconds:0} s on the file's content", null, "simplify it (avoid nested repetition such as (a+)+).", ex);
        }
    }

    private static void Listing(ImageAnalysis image, FileAssertion assertion, LayerEntry entry, List<AssertionResult> results)
    {
        var path = assertion.Path;
        if (entry.Kind != EntryKind.Directory)
        {
            results.Add(new($"file {path} listing", false, $"not a directory ({entry.ModeText})"));
            return;
        }
        var prefix = path == "/" ? "/" : path + "/";
        var names = image.Entries
            .Where(child => child.Path.StartsWith(prefix, StringComparison.Ordinal) && child.Path.IndexOf('/', prefix.Length) < 0 && child.Path.Length > prefix.Length)
            .Select(child => child.Path[prefix.Length..])
            .ToHashSet(StringComparer.Ordinal);
        var missing = assertion.Listing.Where(name => !names.Contains(name)).ToList();
        var extra = assertion.ListingExact ? names.Where(name => !assertion.Listing.Contains(name, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList() : [];
        var detail = missing.Count + extra.Count == 0
            ? $"{names.Count} entries"
            : string.Join("; ", new[]
            {
                missing.Count > 0 ? $"missing: {Names(missing)}" : null,
                extra.Count > 0 ? $"not expected: {Names(extra)}" : null,
            }.Where(part => part is not null));
        results.Add(new($"file {path} listing{(assertion.ListingExact ? " exactly" : string.Empty)} [{string.Join(", ", assertion.Listing)}]", missing.Count + extra.Count == 0, detail));
    }

    private static string Names(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(NamedEntries)) + (names.Count > NamedEntries ? $", … ({names.Count} in all)" : string.Empty);

    private static string Describe(MergedFile? file) => file is null
        ? "a directory (implied by its content)"
        : file.Entry.Kind switch
        {
            EntryKind.Symlink => $"symlink to {file.Entry.LinkTarget}",
            EntryKind.Directory => "directory",
            EntryKind.File => $"file, {file.Entry.Size} bytes",
            var kind => kind.ToString().ToLowerInvariant(),
        } + $", {file.Entry.ModeText} {file.Entry.Uid}:{file.Entry.Gid}";

    private static void Efficiency(ImageAnalysis image, EfficiencyThresholds thresholds, List<AssertionResult> results)
    {
        var source = thresholds.Source is { } from ? $" ({Path.GetFileName(from)})" : string.Empty;
        if (thresholds.LowestEfficiency is { } lowest)
        {
            // dive: "lowestEfficiency" fails when the efficiency is below it.
            results.Add(new($"efficiency >= {lowest.ToString("0.####", CultureInfo.InvariantCulture)}{source}", image.Efficiency >= lowest,
                $"efficiency {image.Efficiency.ToString("0.####", CultureInfo.InvariantCulture)}"));
        }
        if (thresholds.HighestWastedBytes is { } wasted)
        {
            results.Add(new($"wasted bytes <= {Units.FormatBytes(wasted)}{source}", image.WastedBytes <= wasted,
                $"{Units.FormatBytes(image.WastedBytes)} wasted ({image.WastedBytes} bytes)"));
        }
        if (thresholds.HighestUserWastedPercent is { } percent)
        {
            var ratio = UserWastedRatio(image);
            results.Add(new($"user wasted <= {percent.ToString("0.####", CultureInfo.InvariantCulture)}{source}", ratio <= percent,
                $"{ratio.ToString("0.####", CultureInfo.InvariantCulture)} of {Units.FormatBytes(image.Layers.Skip(1).Sum(layer => layer.Size))} above the base layer"));
        }
    }
}
