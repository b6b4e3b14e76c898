using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Reliability;

/// <summary>DC028: a database whose data directory is not on a volume (data lives in the container layer).</summary>
public sealed class DatabaseWithoutVolume : ServiceRule
{
    public static readonly RuleDescriptor Rule = new(
        "DC028",
        "Database data not on a volume",
        RuleCategories.Reliability,
        Severity.Warning,
        "service '{0}' ({1}) keeps its data in {2} inside the container: it is lost when the container is recreated",
        "Mount a named volume on the data directory ('db-data:/var/lib/postgresql/data' and 'volumes: {db-data: {}}') so 'docker compose down' and image upgrades keep the data.")
    {
        Aliases = [],
    };

    /// <summary>Image names and their data directories.</summary>
    private static readonly Dictionary<string, string> DataDirectories = new(StringComparer.Ordinal)
    {
        ["postgres"] = "/var/lib/postgresql/data",
        ["postgis"] = "/var/lib/postgresql/data",
        ["timescaledb"] = "/var/lib/postgresql/data",
        ["mysql"] = "/var/lib/mysql",
        ["mariadb"] = "/var/lib/mysql",
        ["percona"] = "/var/lib/mysql",
        ["mongo"] = "/data/db",
        ["mongodb"] = "/data/db",
        ["redis"] = "/data",
        ["valkey"] = "/data",
        ["keydb"] = "/data",
        ["elasticsearch"] = "/usr/share/elasticsearch/data",
        ["opensearch"] = "/usr/share/opensearch/data",
        ["rabbitmq"] = "/var/lib/rabbitmq",
        ["cassandra"] = "/var/lib/cassandra",
        ["influxdb"] = "/var/lib/influxdb2",
        ["clickhouse-server"] = "/var/lib/clickhouse",
        ["neo4j"] = "/data",
        ["couchdb"] = "/opt/couchdb/data",
        ["prometheus"] = "/prometheus",
        ["etcd"] = "/etcd-data",
    };

    public override RuleDescriptor Descriptor => Rule;

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        var image = service.Image?.Value
            ?? (model.Facts.Dockerfiles.TryGetValue(service.Name, out var dockerfile) ? dockerfile.BaseImage : null);
        if (image is null || !DataDirectories.TryGetValue(RuleText.ImageName(image), out var dataDirectory))
        {
            yield break;
        }
        var persisted = service.Volumes.Any(mount =>
            mount.Type is ComposeVolumeMount.Volume or ComposeVolumeMount.Bind && !string.IsNullOrEmpty(mount.Source)
            && (dataDirectory == mount.Target || dataDirectory.StartsWith(mount.Target.TrimEnd('/') + "/", StringComparison.Ordinal)));
        if (!persisted)
        {
            yield return At(service.Image?.Span ?? service.Span, service.Name, RuleText.ImageName(image), dataDirectory);
        }
    }
}
