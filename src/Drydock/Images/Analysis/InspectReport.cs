using System.Globalization;
using System.Text.Json.Nodes;
using Drydock.Findings;
using Drydock.Images.Layers;
using Drydock.Images.Sources;
using Drydock.Measurements;
using Drydock.Reports;

namespace Drydock.Images.Analysis;

/// <summary>What <c>drydock inspect</c> shows besides the analysis itself.</summary>
public sealed record InspectOptions
{
    /// <summary>Globs whose matching files are listed (<c>--files</c>).</summary>
    public IReadOnlyList<string> Globs { get; init; } = [];

    /// <summary>How many largest files and wasted paths to list (<c>--top</c>).</summary>
    public int Top { get; init; } = 10;
}

/// <summary>
/// Builds the <c>inspect</c> report: human blocks (summary, configuration, layers, efficiency, largest and matching
/// files) and the JSON fields <c>{image, source, size, layers, wastedBytes, efficiency, config, files, largest}</c>
/// (the renderer appends <c>findings</c>).
/// </summary>
public static class InspectReport
{
    public static Report Build(ImageAnalysis analysis, IReadOnlyList<Finding> findings, InspectOptions options)
    {
        var matches = analysis.Match(options.Globs);
        var largest = analysis.Largest(options.Top);
        return new Report
        {
            Command = "inspect",
            Title = $"Image {analysis.Name}",
            Parts = ReportParts.Findings,
            Findings = findings.Order(FindingOrder.Instance).ToList(),
            Blocks = Blocks(analysis, options, matches, largest),
            Data = Json(analysis, matches, largest),
        };
    }

    private static List<ReportBlock> Blocks(ImageAnalysis analysis, InspectOptions options, IReadOnlyList<MergedFile> matches, IReadOnlyList<MergedFile> largest)
    {
        var blocks = new List<ReportBlock>();
        var emptySteps = analysis.History.Count(step => step.IsEmpty);
        var summary = new List<KeyValuePair<string, string>>
        {
            new("Source", $"{analysis.SourceKind.Name()} ({analysis.Name})"),
        };
        if (analysis.ImageId is { } id)
        {
            summary.Add(new("Image ID", id));
        }
        if (analysis.RepoTags.Count > 0)
        {
            summary.Add(new("Tags", string.Join(", ", analysis.RepoTags)));
        }
        summary.Add(new("Platform", $"{analysis.Os ?? "?"}/{analysis.Architecture ?? "?"}"));
        if (analysis.Created is { } created)
        {
            summary.Add(new("Created", created));
        }
        summary.Add(new("Size", $"{Units.FormatBytes(analysis.Size)} uncompressed, {Units.FormatBytes(analysis.CompressedSize)} as stored"));
        summary.Add(new("Layers", $"{analysis.Layers.Count()} ({emptySteps} more history steps changed no file)"));
        summary.Add(new("Files", Invariant(analysis.Entries.Count(file => !file.Entry.IsDirectory))));
        summary.Add(new("Efficiency", $"{Percent(analysis.Efficiency)} ({Units.FormatBytes(analysis.WastedBytes)} wasted)"));
        blocks.Add(new KeyValueBlock("Summary", summary));

        var config = analysis.Config;
        var configuration = new List<KeyValuePair<string, string>>
        {
            new("User", config.User.ToString() + (config.User.IsRoot ? ": runs as root" : string.Empty)),
            new("Entrypoint", Command(config.Entrypoint)),
            new("Cmd", Command(config.Cmd)),
            new("Working dir", config.WorkingDir ?? "/"),
            new("Exposed ports", config.ExposedPorts.Count == 0 ? "none" : string.Join(", ", config.ExposedPorts)),
            new("Healthcheck", config.Healthcheck switch
            {
                null => "none",
                { IsDisabled: true } => "disabled (NONE)",
                var health => $"{Command(health.Test)}{(health.Interval is { } interval ? $" every {interval.TotalSeconds:0.##} s" : string.Empty)}",
            }),
        };
        blocks.Add(new KeyValueBlock("Configuration", configuration));
        if (config.Environment.Count > 0)
        {
            blocks.Add(new TableBlock("Environment", [new("Name"), new("Value")],
                config.Environment.Select(variable => (IReadOnlyList<string>)[variable.Name, variable.DisplayValue]).ToList()));
        }
        if (config.Labels.Count > 0)
        {
            blocks.Add(new TableBlock("Labels", [new("Label"), new("Value")],
                config.Labels.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => (IReadOnlyList<string>)[pair.Key, pair.Value]).ToList()));
        }

        blocks.Add(new TableBlock(
            "Layers",
            [new("#", AlignRight: true), new("Digest"), new("Size", AlignRight: true), new("Stored", AlignRight: true), new("Files", AlignRight: true), new("Created by")],
            analysis.History.Select(layer => (IReadOnlyList<string>)
            [
                layer.IsEmpty ? "-" : Invariant(layer.Number),
                layer.IsEmpty ? "(no files)" : ShortDigest(layer.Digest),
                layer.IsEmpty ? "-" : Units.FormatBytes(layer.Size),
                layer.IsEmpty ? "-" : Units.FormatBytes(layer.CompressedSize),
                layer.IsEmpty ? "-" : Invariant(layer.Files),
                Truncate(CreatedBy(layer.CreatedBy), 100),
            ]).ToList()));

        var wasted = analysis.FileSystem.Waste.WastedPaths();
        if (wasted.Count > 0)
        {
            blocks.Add(new TableBlock(
                $"Wasted space: {Units.FormatBytes(analysis.WastedBytes)} in {wasted.Count} paths written more than once (efficiency {Percent(analysis.Efficiency)})",
                [new("Layers", AlignRight: true), new("Total", AlignRight: true), new("Path")],
                wasted.Take(options.Top).Select(path => (IReadOnlyList<string>)[Invariant(path.Occurrences), Units.FormatBytes(path.TotalBytes), path.Path]).ToList()));
        }
        else
        {
            blocks.Add(new NoteBlock("Wasted space", $"none: no file is overwritten or removed by a later layer (efficiency {Percent(analysis.Efficiency)})."));
        }

        blocks.Add(new TableBlock($"Largest files (top {options.Top})", [new("Size", AlignRight: true), new("Layer", AlignRight: true), new("Path")],
            largest.Select(file => (IReadOnlyList<string>)[Units.FormatBytes(file.Entry.Size), Invariant(file.Layer), file.Path]).ToList()));

        if (options.Globs.Count > 0)
        {
            var title = $"Files matching {string.Join(' ', options.Globs)}";
            blocks.Add(matches.Count == 0
                ? new NoteBlock(title, "no file matches.")
                : new TableBlock($"{title} ({matches.Count})",
                    [new("Mode"), new("Owner"), new("Size", AlignRight: true), new("Layer", AlignRight: true), new("Path")],
                    matches.Select(file => (IReadOnlyList<string>)
                    [
                        file.Entry.ModeText,
                        $"{file.Entry.Uid}:{file.Entry.Gid}",
                        file.Entry.IsDirectory ? "-" : Units.FormatBytes(file.Entry.Size),
                        Invariant(file.Layer),
                        file.Entry.Kind is EntryKind.Symlink or EntryKind.HardLink ? $"{file.Path} -> {file.Entry.LinkTarget}" : file.Path,
                    ]).ToList()));
        }
        return blocks;
    }

    private static JsonObject Json(ImageAnalysis analysis, IReadOnlyList<MergedFile> matches, IReadOnlyList<MergedFile> largest)
    {
        var config = analysis.Config;
        var layers = new JsonArray();
        foreach (var layer in analysis.History)
        {
            layers.Add((JsonNode)new JsonObject
            {
                ["digest"] = layer.Digest,
                ["size"] = layer.Size,
                ["compressedSize"] = layer.CompressedSize,
                ["createdBy"] = layer.CreatedBy,
                ["files"] = layer.Files,
            });
        }
        return new JsonObject
        {
            ["image"] = analysis.Name,
            ["source"] = analysis.SourceKind.Name(),
            ["size"] = analysis.Size,
            ["layers"] = layers,
            ["wastedBytes"] = analysis.WastedBytes,
            ["efficiency"] = Math.Round(analysis.Efficiency, 6),
            ["config"] = new JsonObject
            {
                ["user"] = new JsonObject
                {
                    ["name"] = config.User.Name,
                    ["uid"] = config.User.Uid,
                    ["gid"] = config.User.Gid,
                },
                ["exposedPorts"] = new JsonArray([.. config.ExposedPorts.Select(port => (JsonNode?)port)]),
                ["healthcheck"] = config.Healthcheck is { } health
                    ? new JsonObject
                    {
                        ["test"] = Strings(health.Test),
                        ["intervalSeconds"] = health.Interval?.TotalSeconds,
                        ["timeoutSeconds"] = health.Timeout?.TotalSeconds,
                        ["startPeriodSeconds"] = health.StartPeriod?.TotalSeconds,
                        ["retries"] = health.Retries,
                    }
                    : null,
                ["entrypoint"] = config.Entrypoint is null ? null : Strings(config.Entrypoint),
                ["cmd"] = config.Cmd is null ? null : Strings(config.Cmd),
            },
            ["files"] = Files(matches),
            ["largest"] = Files(largest),
        };
    }

    private static JsonArray Files(IEnumerable<MergedFile> files)
    {
        var array = new JsonArray();
        foreach (var file in files)
        {
            array.Add((JsonNode)new JsonObject
            {
                ["path"] = file.Path,
                ["type"] = file.Entry.Kind.ToString().ToLowerInvariant(),
                ["size"] = file.Entry.Size,
                ["mode"] = FileModes.Octal(file.Entry.Mode),
                ["uid"] = file.Entry.Uid,
                ["gid"] = file.Entry.Gid,
                ["layer"] = file.Layer,
                ["linkTarget"] = file.Entry.LinkTarget,
            });
        }
        return array;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(value => (JsonNode?)value)]);

    private static string Command(IReadOnlyList<string>? command) =>
        command is null || command.Count == 0 ? "none" : "[" + string.Join(", ", command.Select(part => $"\"{part}\"")) + "]";

    /// <summary><c>/bin/sh -c #(nop)  ENV A=b</c> → <c>ENV A=b</c>; <c>/bin/sh -c apt-get …</c> → <c>RUN apt-get …</c>.</summary>
    public static string CreatedBy(string? createdBy)
    {
        if (string.IsNullOrWhiteSpace(createdBy))
        {
            return "-";
        }
        var text = createdBy.Trim();
        const string shell = "/bin/sh -c ";
        if (text.StartsWith(shell, StringComparison.Ordinal))
        {
            text = text[shell.Length..].TrimStart();
            const string nop = "#(nop)";
            text = text.StartsWith(nop, StringComparison.Ordinal) ? text[nop.Length..].Trim() : "RUN " + text;
        }
        return text.Replace('\n', ' ').Replace('\t', ' ');
    }

    private static string ShortDigest(string? digest) =>
        digest is null ? "-" : digest.Contains(':', StringComparison.Ordinal) ? digest[..Math.Min(digest.Length, digest.IndexOf(':', StringComparison.Ordinal) + 13)] : digest;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
