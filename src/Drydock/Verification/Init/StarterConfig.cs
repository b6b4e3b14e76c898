using System.Globalization;
using System.Text.RegularExpressions;
using System.Text;
using Drydock.Compose.Model;
using Drydock.Measurements;
using Drydock.Verification.Config;

namespace Drydock.Verification.Init;

/// <summary>
/// <c>drydock init</c>: a starter drydock.yml written from the compose file. Probes come from the health checks and the
/// published ports; when a run was measured, its values become commented target suggestions with headroom, so nothing
/// is asserted that nobody decided.
/// </summary>
public static partial class StarterConfig
{
    /// <summary>Suggested targets leave this much room above what one run measured.</summary>
    private const double Headroom = 1.5;

    public static string Generate(ComposeProject project, IReadOnlyList<Measurement> measured)
    {
        var yaml = new StringBuilder();
        yaml.Append("# drydock.yml for `drydock verify` (written by `drydock init`; syntax: docs/drydock-yml.md, schema: `drydock schema`).\n");
        yaml.Append(measured.Count > 0
            ? "# The commented targets are one run's measurements plus 50% headroom: uncomment the ones you mean to hold.\n"
            : "# No run was measured (--no-run): set targets from your own numbers.\n");
        yaml.Append("idle:\n  window: 10s\n  interval: 1s\n");
        yaml.Append("targets:\n");
        var stackLines = Metrics.StackMetrics.Select(metric => Suggestion(measured, metric, null, "  ")).Where(line => line is not null).ToList();
        if (stackLines.Count == 0)
        {
            yaml.Append("  # startup_time: < 30s\n");
        }
        foreach (var line in stackLines)
        {
            yaml.Append(line);
        }
        yaml.Append("  restarts: 0\n");
        yaml.Append("services:\n");
        foreach (var service in project.Services)
        {
            yaml.Append("  ").Append(Key(service.Name)).Append(":\n");
            yaml.Append("    targets:\n");
            foreach (var metric in new[] { Metrics.ImageSize, Metrics.TimeToHealthy, Metrics.MemoryIdle, Metrics.CpuIdle })
            {
                if (Suggestion(measured, metric, service.Name, "      ") is { } line)
                {
                    yaml.Append(line);
                }
            }
            yaml.Append("      log_errors: 0\n");
            var probes = Probes(service).ToList();
            if (probes.Count > 0)
            {
                yaml.Append("    probes:\n");
                foreach (var probe in probes)
                {
                    yaml.Append(probe);
                }
            }
        }
        return yaml.ToString();
    }

    private static IEnumerable<string> Probes(ComposeService service)
    {
        var probedPorts = new HashSet<int>();
        if (service.Healthcheck is { IsDisabled: false, Test: { Count: > 1 } test })
        {
            var command = test[0] == "CMD-SHELL" ? test[1] : string.Join(' ', test.Skip(1));
            var url = HttpUrl().Match(command);
            if (url.Success && int.TryParse(url.Groups["port"].Value, CultureInfo.InvariantCulture, out var port))
            {
                var path = url.Groups["path"].Success && url.Groups["path"].Value.Length > 0 ? url.Groups["path"].Value : "/";
                if (service.Ports.Any(p => p.Target == port))
                {
                    probedPorts.Add(port);
                    yield return $"      - name: health\n        http: {{path: {Scalar(path)}, port: {port}}}\n        expect: {{status: 200}}\n";
                }
                else
                {
                    yield return $"      # The health check calls {Scalar(url.Value)}; publish port {port} on 127.0.0.1 to probe it from here.\n";
                }
            }
            else
            {
                var words = test[0] == "CMD-SHELL" ? Scalar(test[1]) : "[" + string.Join(", ", test.Skip(1).Select(Scalar)) + "]";
                yield return $"      - name: health check command\n        exec: {words}\n        expect: {{exit_code: 0}}\n";
            }
        }
        // Every `ports:` entry is published, on a fixed or an ephemeral host port; verify finds which.
        foreach (var port in service.Ports.Where(p => p.Protocol == "tcp" && probedPorts.Add(p.Target)))
        {
            yield return $"      - name: answers on {port.Target}\n        http: {{path: /, port: {port.Target}}}\n        expect: {{status: 200}}\n";
        }
    }

    private static string? Suggestion(IReadOnlyList<Measurement> measured, Metric metric, string? service, string indent)
    {
        var row = measured.FirstOrDefault(m => m.Metric == metric && m.Service == service && m.Actual is not null);
        if (row?.Actual is not { } actual)
        {
            return null;
        }
        var unit = metric.Unit;
        var suggested = Round(actual * Headroom, unit);
        return $"{indent}# {metric}: < {Written(suggested, unit)}    # measured {Units.Format(actual, unit)}\n";
    }

    private static double Round(double value, Unit unit) => unit switch
    {
        Unit.Bytes => Math.Ceiling(value / 1e6) * 1e6,
        Unit.Seconds => Math.Ceiling(value),
        Unit.Percent => Math.Max(1, Math.Ceiling(value)),
        _ => Math.Ceiling(value),
    };

    /// <summary>The value in drydock.yml's own syntax (which the parser reads back).</summary>
    private static string Written(double value, Unit unit) => unit switch
    {
        Unit.Bytes => $"{(value / 1e6).ToString("0", CultureInfo.InvariantCulture)} MB",
        Unit.Seconds => $"{value.ToString("0", CultureInfo.InvariantCulture)}s",
        Unit.Percent => $"{value.ToString("0", CultureInfo.InvariantCulture)}%",
        _ => value.ToString("0", CultureInfo.InvariantCulture),
    };

    private static string Key(string name) => Regex.IsMatch(name, "^[A-Za-z0-9_.-]+$") ? name : Scalar(name);

    // JSON strings are valid YAML flow scalars.
    private static string Scalar(string value) => Compose.GoStrings.AppendQuoted(new StringBuilder(), value, Compose.QuoteStyle.Json).ToString();

    [GeneratedRegex(@"https?://(?:127\.0\.0\.1|localhost|0\.0\.0\.0):(?<port>\d+)(?<path>/[^\s""']*)?")]
    private static partial Regex HttpUrl();
}
