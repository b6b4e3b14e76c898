using Drydock.Compose.Model;
using Drydock.Findings;
using Drydock.Text;

namespace Drydock.Compose.Rules.Reliability;

/// <summary>DC028: a database whose data directory is not on a volume (data lives in the container layer).</summary>
public sealed class DatabaseWithoutVolumeRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC028",
        "Database data not on a volume",
        RuleCategories.Reliability,
        Severity.Warning,
        "service '{0}' ({1}) keeps its data in {2}{3}",
        "Without a mount on its data directory a database writes into the container: into its writable layer (lost when the container is recreated) or, when the image declares VOLUME there (postgres, mysql, mongo, redis…), into an anonymous volume that Compose carries over a recreate but that belongs to that one container: 'docker compose down -v', 'rm -v' or another project name lose it. Mount a named volume on the data directory ('db-data:/var/lib/postgresql/data' and 'volumes: {db-data: {}}').")
    {
        Aliases = [],
    };

    private const string InContainerLayer = " inside the container: it is lost when the container is recreated";

    /// <summary>The image declares VOLUME on the data directory: the data survives a recreate, so this is only information.</summary>
    private static readonly RuleMessage InAnonymousVolume = new(Severity.Info, "service '{0}' ({1}) keeps its data in {2}, an anonymous volume the image declares: Compose keeps it across a recreate, but it is tied to this container and lost with 'down -v', 'rm -v' or another project name");

    /// <summary>Image names, their data directories, and whether the official image declares VOLUME on it.</summary>
    private static readonly Dictionary<string, (string Directory, bool DeclaresVolume)> DataDirectories = new(StringComparer.Ordinal)
    {
        ["postgres"] = ("/var/lib/postgresql/data", true),
        ["postgis"] = ("/var/lib/postgresql/data", true),
        ["timescaledb"] = ("/var/lib/postgresql/data", true),
        ["mysql"] = ("/var/lib/mysql", true),
        ["mariadb"] = ("/var/lib/mysql", true),
        ["percona"] = ("/var/lib/mysql", true),
        ["mongo"] = ("/data/db", true),
        ["mongodb"] = ("/data/db", false),
        ["redis"] = ("/data", true),
        ["valkey"] = ("/data", true),
        ["keydb"] = ("/data", true),
        ["elasticsearch"] = ("/usr/share/elasticsearch/data", false),
        ["opensearch"] = ("/usr/share/opensearch/data", false),
        ["rabbitmq"] = ("/var/lib/rabbitmq", true),
        ["cassandra"] = ("/var/lib/cassandra", true),
        ["influxdb"] = ("/var/lib/influxdb2", true),
        ["clickhouse-server"] = ("/var/lib/clickhouse", true),
        ["neo4j"] = ("/data", true),
        ["couchdb"] = ("/opt/couchdb/data", true),
        ["prometheus"] = ("/prometheus", true),
        ["etcd"] = ("/etcd-data", false),
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        var image = service.Image?.Value
            ?? (model.Facts.Dockerfiles.TryGetValue(service.Name, out var dockerfile) ? dockerfile.BaseImage : null);
        if (image is null || !DataDirectories.TryGetValue(ImageReferenceParts.Split(image).Name, out var known))
        {
            yield break;
        }
        var dataDirectory = known.Directory;
        var persisted = service.Volumes.Any(mount =>
            mount.Type is ComposeVolumeMount.Volume or ComposeVolumeMount.Bind && !string.IsNullOrEmpty(mount.Source)
            && (dataDirectory == mount.Target || dataDirectory.StartsWith(mount.Target.TrimEnd('/') + "/", StringComparison.Ordinal)));
        if (!persisted)
        {
            yield return known.DeclaresVolume
                ? Report(service.Image?.Span ?? service.Span, InAnonymousVolume, service.Name, ImageReferenceParts.Split(image).Name, dataDirectory)
                : Report(service.Image?.Span ?? service.Span, service.Name, ImageReferenceParts.Split(image).Name, dataDirectory, InContainerLayer);
        }
    }
}
