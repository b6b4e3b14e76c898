using System.Globalization;
using System.Text;
using Drydock.Images.Layers;
using Drydock.Images.Sources;

namespace Drydock.Images.Analysis;

/// <summary>Turns what a source read into an <see cref="ImageAnalysis"/>: history to layers, the merged file system, the user.</summary>
public static class ImageAnalyzer
{
    public static ImageAnalysis Analyze(ImageContent content)
    {
        var config = content.Config;
        var container = config.Config ?? new ContainerConfig();
        var environment = (container.Env ?? []).Select(ParseVariable).ToList();
        // The step that set a secret ENV shows its value in the history: mask it there too.
        var secrets = environment.Where(variable => variable.IsSecret).Select(variable => (variable.Name, variable.Value)).ToList();
        var history = BuildHistory(content).Select(step => secrets.Count == 0 ? step : step with { CreatedBy = SecretDetection.RedactValues(step.CreatedBy, secrets) }).ToList();
        var fileSystem = MergedFileSystem.Build(content.Layers.Select(layer => layer.Index));
        return new ImageAnalysis
        {
            Name = content.Name,
            SourceKind = content.Kind,
            ImageId = content.ImageId,
            ManifestDigest = content.ManifestDigest,
            RepoTags = content.RepoTags,
            Os = config.Os,
            Architecture = config.Variant is { Length: > 0 } variant ? $"{config.Architecture}/{variant}" : config.Architecture,
            Created = config.Created,
            History = history,
            FileSystem = fileSystem,
            Config = new ImageConfigSummary(
                ResolveUser(container.User ?? string.Empty, fileSystem, content.Layers),
                (container.ExposedPorts?.Keys ?? Enumerable.Empty<string>()).Order(StringComparer.Ordinal).ToList(),
                environment,
                container.Entrypoint,
                container.Cmd,
                container.Healthcheck is { Test: { Length: > 0 } test } health
                    ? new HealthcheckSummary(test, Duration(health.Interval), Duration(health.Timeout), Duration(health.StartPeriod), health.Retries == 0 ? null : health.Retries)
                    : null,
                string.IsNullOrEmpty(container.WorkingDir) ? null : container.WorkingDir,
                container.Labels ?? new Dictionary<string, string>())
            {
                Volumes = (container.Volumes?.Keys ?? Enumerable.Empty<string>()).Order(StringComparer.Ordinal).ToList(),
            },
            CapturedFiles = content.Layers.Select(layer => layer.Index.CapturedFiles).ToList(),
        };
    }

    /// <summary>
    /// Pairs history steps with layers: each step not marked <c>empty_layer</c> made the next layer. When the history
    /// does not add up (squashed or hand-made images), layers are listed without their step.
    /// </summary>
    private static List<LayerSummary> BuildHistory(ImageContent content)
    {
        var layers = content.Layers;
        var diffIds = content.Config.RootFs?.DiffIds ?? [];
        var steps = content.Config.History ?? [];
        var result = new List<LayerSummary>();
        var historyFits = steps.Count(step => !step.EmptyLayer) == layers.Count;
        var number = 0;
        if (historyFits)
        {
            foreach (var step in steps)
            {
                if (step.EmptyLayer)
                {
                    result.Add(new LayerSummary(-1, null, 0, 0, step.CreatedBy, step.Created, IsEmpty: true, Files: 0));
                    continue;
                }
                result.Add(Layer(number, step));
                number++;
            }
            return result;
        }
        for (; number < layers.Count; number++)
        {
            result.Add(Layer(number, null));
        }
        return result;

        LayerSummary Layer(int index, HistoryEntry? step)
        {
            var blob = layers[index];
            var digest = index < diffIds.Length && diffIds.Length == layers.Count ? diffIds[index] : blob.Digest;
            return new LayerSummary(index, digest, blob.Index.Size, blob.CompressedSize, step?.CreatedBy, step?.Created, IsEmpty: false, blob.Index.FileCount)
            {
                Compression = blob.Index.Compression,
                BlobDigest = blob.Digest,
            };
        }
    }

    private static EnvironmentVariable ParseVariable(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? new EnvironmentVariable(text, string.Empty) : new EnvironmentVariable(text[..equals], text[(equals + 1)..]);
    }

    private static TimeSpan? Duration(long nanoseconds) => nanoseconds <= 0 ? null : TimeSpan.FromTicks(nanoseconds / 100);

    /// <summary>Resolves <c>USER</c> as runc does: names through <c>/etc/passwd</c>; a bare uid gets the passwd gid, or 0.</summary>
    public static ImageUser ResolveUser(string configured, MergedFileSystem fileSystem, IReadOnlyList<ImageLayerBlob> layers)
    {
        var passwd = ReadCaptured(fileSystem, layers, "/etc/passwd");
        var group = ReadCaptured(fileSystem, layers, "/etc/group");
        return ResolveUser(configured, passwd, group);
    }

    public static ImageUser ResolveUser(string configured, string? passwd, string? group)
    {
        var spec = configured.Trim();
        var userPart = spec;
        string? groupPart = null;
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            userPart = spec[..colon];
            groupPart = spec[(colon + 1)..];
        }
        if (userPart.Length == 0)
        {
            userPart = "root";
        }
        var users = ParseDatabase(passwd);
        string name = userPart;
        int? uid = null;
        int? gid = null;
        if (int.TryParse(userPart, NumberStyles.None, CultureInfo.InvariantCulture, out var numericUid))
        {
            uid = numericUid;
            var entry = users.FirstOrDefault(fields => fields.Length > 3 && fields[2] == userPart);
            name = entry?[0] ?? userPart;
            gid = entry is not null && int.TryParse(entry[3], NumberStyles.None, CultureInfo.InvariantCulture, out var passwdGid) ? passwdGid : 0;
        }
        else if (users.FirstOrDefault(fields => fields.Length > 3 && fields[0] == userPart) is { } entry)
        {
            uid = int.TryParse(entry[2], NumberStyles.None, CultureInfo.InvariantCulture, out var u) ? u : null;
            gid = int.TryParse(entry[3], NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : null;
        }
        else if (userPart == "root")
        {
            // No /etc/passwd (FROM scratch): the runtime still runs as uid 0.
            uid = 0;
            gid = 0;
        }
        if (groupPart is { Length: > 0 })
        {
            if (int.TryParse(groupPart, NumberStyles.None, CultureInfo.InvariantCulture, out var numericGid))
            {
                gid = numericGid;
            }
            else
            {
                var groupEntry = ParseDatabase(group).FirstOrDefault(fields => fields.Length > 2 && fields[0] == groupPart);
                gid = groupEntry is not null && int.TryParse(groupEntry[2], NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : null;
            }
        }
        return new ImageUser(configured, name, uid, gid);
    }

    private static string? ReadCaptured(MergedFileSystem fileSystem, IReadOnlyList<ImageLayerBlob> layers, string path)
    {
        if (fileSystem.Get(path) is not { Entry.Kind: EntryKind.File } file || file.Layer >= layers.Count)
        {
            return null;
        }
        return layers[file.Layer].Index.CapturedFiles.TryGetValue(path, out var content) ? Encoding.UTF8.GetString(content) : null;
    }

    private static List<string[]> ParseDatabase(string? text) =>
        text is null
            ? []
            : text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')).Select(line => line.Split(':')).ToList();
}
