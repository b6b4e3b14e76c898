"""Request counters and latency in the Prometheus text exposition format (version 0.0.4)."""

import threading

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Metrics:
    def __init__(self):
        self._lock = threading.Lock()
        self._requests = {}
        self._seconds = {}
        self._stored = 0

    def record_request(self, method, route, status, seconds):
        key = (method, route, str(status))
        with self._lock:
            self._requests[key] = self._requests.get(key, 0) + 1
            total, count = self._seconds.get((method, route), (0.0, 0))
            self._seconds[(method, route)] = (total + seconds, count + 1)

    def memory_stored(self):
        with self._lock:
            self._stored += 1

    def render(self, memories_on_disk):
        with self._lock:
            requests = sorted(self._requests.items())
            seconds = sorted(self._seconds.items())
            stored = self._stored
        lines = [
            "# HELP memsvc_http_requests_total HTTP requests answered, by method, route and status.",
            "# TYPE memsvc_http_requests_total counter",
        ]
        lines += [
            f'memsvc_http_requests_total{{method="{method}",route="{route}",status="{status}"}} {count}'
            for (method, route, status), count in requests
        ]
        lines += [
            "# HELP memsvc_http_request_duration_seconds Time to answer HTTP requests.",
            "# TYPE memsvc_http_request_duration_seconds summary",
        ]
        for (method, route), (total, count) in seconds:
            labels = f'method="{method}",route="{route}"'
            lines.append(f"memsvc_http_request_duration_seconds_sum{{{labels}}} {total:.6f}")
            lines.append(f"memsvc_http_request_duration_seconds_count{{{labels}}} {count}")
        lines += [
            "# HELP memsvc_memories_stored_total Memories stored since the process started.",
            "# TYPE memsvc_memories_stored_total counter",
            f"memsvc_memories_stored_total {stored}",
            "# HELP memsvc_memories Memories in the data directory.",
            "# TYPE memsvc_memories gauge",
            f"memsvc_memories {memories_on_disk}",
        ]
        return "\n".join(lines) + "\n"
