using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Notes;

/// <summary>Counters rendered in the Prometheus text exposition format (version 0.0.4).</summary>
public sealed class ServiceMetrics
{
    private readonly ConcurrentDictionary<(string Method, string Route, int Status), RequestStats> _requests = new();
    private readonly double _startTimeSeconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
    private long _notesCreated;

    public void RecordRequest(string method, string route, int status, TimeSpan duration)
    {
        var stats = _requests.GetOrAdd((method, route, status), _ => new RequestStats());
        lock (stats)
        {
            stats.Count++;
            stats.SecondsSum += duration.TotalSeconds;
        }
    }

    public void NoteCreated() => Interlocked.Increment(ref _notesCreated);

    public string Render()
    {
        var text = new StringBuilder();
        text.Append("# HELP notes_http_requests_total HTTP requests served, by method, route and status code.\n");
        text.Append("# TYPE notes_http_requests_total counter\n");
        var ordered = _requests.OrderBy(pair => pair.Key.Route, StringComparer.Ordinal).ThenBy(pair => pair.Key.Method, StringComparer.Ordinal).ThenBy(pair => pair.Key.Status).ToArray();
        foreach (var ((method, route, status), stats) in ordered)
        {
            text.Append(CultureInfo.InvariantCulture, $"notes_http_requests_total{{method=\"{method}\",route=\"{Escape(route)}\",status=\"{status}\"}} {stats.Count}\n");
        }
        text.Append("# HELP notes_http_request_duration_seconds Time spent serving HTTP requests.\n");
        text.Append("# TYPE notes_http_request_duration_seconds summary\n");
        foreach (var ((method, route, status), stats) in ordered)
        {
            var labels = $"method=\"{method}\",route=\"{Escape(route)}\",status=\"{status}\"";
            text.Append(CultureInfo.InvariantCulture, $"notes_http_request_duration_seconds_sum{{{labels}}} {stats.SecondsSum:0.######}\n");
            text.Append(CultureInfo.InvariantCulture, $"notes_http_request_duration_seconds_count{{{labels}}} {stats.Count}\n");
        }
        text.Append("# HELP notes_created_total Notes created since the process started.\n");
        text.Append("# TYPE notes_created_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"notes_created_total {Interlocked.Read(ref _notesCreated)}\n");
        using var process = Process.GetCurrentProcess();
        text.Append("# HELP process_resident_memory_bytes Resident memory size in bytes.\n");
        text.Append("# TYPE process_resident_memory_bytes gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"process_resident_memory_bytes {process.WorkingSet64}\n");
        text.Append("# HELP process_start_time_seconds Start time of the process since the Unix epoch in seconds.\n");
        text.Append("# TYPE process_start_time_seconds gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"process_start_time_seconds {_startTimeSeconds:0.###}\n");
        text.Append("# HELP dotnet_gc_heap_size_bytes Bytes in the managed heap.\n");
        text.Append("# TYPE dotnet_gc_heap_size_bytes gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"dotnet_gc_heap_size_bytes {GC.GetTotalMemory(false)}\n");
        return text.ToString();
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private sealed class RequestStats
    {
        public long Count;
        public double SecondsSum;
    }
}
