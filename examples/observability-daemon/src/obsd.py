"""Observability daemon (scenario S1): processes, a live event stream, LLM insights and Prometheus metrics over HTTP.

Standard library only. Endpoints on OBSD_PORT (3000):
  GET /healthz    {"status": "ok", "llm": "reachable" | "unreachable"}; "ok" whether or not the LLM answers
  GET /processes  the processes this container sees, read from /proc
  GET /stream     server-sent events: one small JSON snapshot every second, the first at once
  GET /insights   the LLM's remarks on the process list; {"insights": [], "llm": "unavailable"} without it
  GET /metrics    Prometheus text exposition format
The LLM server (LLM_URL) is optional: a background poller keeps its state, so no endpoint waits on a dead LLM.
"""

import json
import logging
import os
import select
import threading
import time
import urllib.error
import urllib.request
from http import HTTPStatus

import jsonhttp

VERSION = "0.1.0"
METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LLM_TIMEOUT_SECONDS = float(os.environ.get("OBSD_LLM_TIMEOUT", "2"))
LLM_POLL_SECONDS = 3.0
STREAM_INTERVAL_SECONDS = 1.0
# Bounds on streams: each one ends after this long, and only so many run at once (each holds a thread).
STREAM_MAX_SECONDS = float(os.environ.get("OBSD_STREAM_MAX_SECONDS", "600"))
STREAM_MAX_CLIENTS = 16

log = logging.getLogger("obsd")


class Metrics:
    """Counters and gauges, rendered in the text exposition format (version 0.0.4)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._requests = {}
        self._llm_requests = {}
        self._stream_events = 0
        self._stream_clients = 0
        self.llm_up = False

    def record_request(self, method, route, status):
        with self._lock:
            key = (method, route, str(status))
            self._requests[key] = self._requests.get(key, 0) + 1

    def record_llm_request(self, outcome):
        with self._lock:
            self._llm_requests[outcome] = self._llm_requests.get(outcome, 0) + 1

    def stream_event(self):
        with self._lock:
            self._stream_events += 1

    def stream_clients(self, delta):
        with self._lock:
            self._stream_clients += delta

    def render(self, process_count):
        with self._lock:
            requests = sorted(self._requests.items())
            llm_requests = sorted(self._llm_requests.items())
            events, clients, llm_up = self._stream_events, self._stream_clients, self.llm_up
        lines = [
            "# HELP obsd_http_requests_total HTTP requests answered, by method, route and status.",
            "# TYPE obsd_http_requests_total counter",
        ]
        lines += [
            f'obsd_http_requests_total{{method="{method}",route="{route}",status="{status}"}} {count}'
            for (method, route, status), count in requests
        ]
        lines += [
            "# HELP obsd_llm_requests_total Requests to the LLM server, by outcome.",
            "# TYPE obsd_llm_requests_total counter",
        ]
        lines += [f'obsd_llm_requests_total{{outcome="{outcome}"}} {count}' for outcome, count in llm_requests]
        lines += [
            "# HELP obsd_stream_events_total Server-sent events written to /stream clients.",
            "# TYPE obsd_stream_events_total counter",
            f"obsd_stream_events_total {events}",
            "# HELP obsd_stream_clients /stream clients connected now.",
            "# TYPE obsd_stream_clients gauge",
            f"obsd_stream_clients {clients}",
            "# HELP obsd_processes Processes visible in /proc.",
            "# TYPE obsd_processes gauge",
            f"obsd_processes {process_count}",
            "# HELP obsd_llm_up 1 when the LLM server answered its last health check, else 0.",
            "# TYPE obsd_llm_up gauge",
            f"obsd_llm_up {1 if llm_up else 0}",
        ]
        return "\n".join(lines) + "\n"


def read_processes(proc="/proc"):
    """Every process in /proc: pid, name, state, uid, resident memory and command line. Vanished ones are skipped."""
    processes = []
    for entry in os.listdir(proc):
        if not entry.isdigit():
            continue
        try:
            with open(f"{proc}/{entry}/status", encoding="utf-8", errors="replace") as status_file:
                status = dict(line.split(":", 1) for line in status_file if ":" in line)
            with open(f"{proc}/{entry}/cmdline", "rb") as cmdline_file:
                cmdline = cmdline_file.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
        except OSError:
            continue  # the process ended while we read it
        rss = status.get("VmRSS", "0 kB").split()
        processes.append({
            "pid": int(entry),
            "name": status.get("Name", "").strip(),
            "state": status.get("State", "").strip(),
            "uid": int(status.get("Uid", "0").split()[0]),
            "threads": int(status.get("Threads", "0").strip() or 0),
            "rss_bytes": int(rss[0]) * 1024 if rss and rss[0].isdigit() else 0,
            "cmdline": cmdline,
        })
    return sorted(processes, key=lambda process: process["pid"])


def read_snapshot():
    """The small payload of one stream event."""
    with open("/proc/loadavg", encoding="ascii") as loadavg:
        load = [float(value) for value in loadavg.read().split()[:3]]
    return {"time": round(time.time(), 3), "processes": len(read_processes()), "load": load}


class Llm:
    """The optional LLM server: a poller keeps `up` current; `ask` is bounded in time even when name lookup hangs.

    A stopped container's name does not resolve, and Docker's DNS may take seconds to say so (compose.yaml's dns_opt
    keeps it to one); urllib's timeout does not cover the lookup. The poller may block on it (it only delays the next
    poll); requests never do.
    """

    def __init__(self, url, metrics):
        self.url = url.rstrip("/")
        self.metrics = metrics

    def poll_forever(self, stop):
        was_up = None
        while not stop.is_set():
            try:
                up = isinstance(self._get_json("/health"), dict)
            except (OSError, ValueError, urllib.error.URLError):
                up = False
            self.metrics.llm_up = up
            if up != was_up:
                # A missing LLM is an expected state (S1): a warning, never an ERROR line.
                (log.info if up else log.warning)("LLM server at %s is %s", self.url, "reachable" if up else "unreachable")
                was_up = up
            stop.wait(LLM_POLL_SECONDS)

    def ask(self, prompt):
        """The completion's text, or None when the LLM is down, slow or answers nonsense."""
        if not self.metrics.llm_up:
            self.metrics.record_llm_request("skipped")
            return None
        body = json.dumps({"prompt": prompt, "n_predict": 128}).encode("utf-8")
        answer = self._bounded(lambda: self._post_json("/completion", body))
        content = answer.get("content") if isinstance(answer, dict) else None
        if not isinstance(content, str):
            self.metrics.record_llm_request("failed")
            self.metrics.llm_up = False  # until the poller sees it answer again
            return None
        self.metrics.record_llm_request("ok")
        return content

    def _bounded(self, call):
        # A worker thread joined with a deadline bounds the whole call, name lookup included.
        result = {}

        def run():
            try:
                result["value"] = call()
            except (OSError, ValueError, urllib.error.URLError):
                pass

        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        worker.join(LLM_TIMEOUT_SECONDS + 0.5)
        return result.get("value")

    def _get_json(self, path):
        with urllib.request.urlopen(self.url + path, timeout=LLM_TIMEOUT_SECONDS) as response:
            return json.loads(response.read(65536))

    def _post_json(self, path, body):
        request = urllib.request.Request(self.url + path, data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=LLM_TIMEOUT_SECONDS) as response:
            return json.loads(response.read(65536))


class DaemonHandler(jsonhttp.JsonHandler):
    server_version = f"obsd/{VERSION}"
    log = logging.getLogger("obsd.http")

    # Set by make_server.
    metrics = None
    llm = None
    streams = None

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        routes = {
            "/healthz": self._healthz,
            "/processes": self._processes,
            "/stream": self._stream,
            "/insights": self._insights,
            "/metrics": self._metrics,
        }
        route = path if path in routes else "unmatched"
        self._status = 500
        try:
            routes.get(path, self._not_found)()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client left; nothing to answer
        finally:
            self.metrics.record_request("GET", route, self._status)

    def _healthz(self):
        self._json(HTTPStatus.OK, {"status": "ok", "version": VERSION, "llm": "reachable" if self.metrics.llm_up else "unreachable"})

    def _processes(self):
        self._json(HTTPStatus.OK, read_processes())

    def _insights(self):
        processes = read_processes()
        summary = ", ".join(f"{p['name']} (pid {p['pid']}, {p['rss_bytes'] // 1024} kB)" for p in processes[:20])
        content = self.llm.ask(f"Point out anything unusual in these processes: {summary}")
        if content is None:
            self._json(HTTPStatus.OK, {"insights": [], "llm": "unavailable"})
            return
        insights = [line.strip("-* ").strip() for line in content.splitlines() if line.strip("-* ").strip()]
        self._json(HTTPStatus.OK, {"insights": insights, "llm": "available"})

    def _metrics(self):
        body = self.metrics.render(len(read_processes())).encode("utf-8")
        self._send(HTTPStatus.OK, body, METRICS_CONTENT_TYPE)

    def _stream(self):
        if not self.streams.acquire(blocking=False):
            self._json(HTTPStatus.SERVICE_UNAVAILABLE, {"error": f"at most {STREAM_MAX_CLIENTS} streams at once"})
            return
        self.metrics.stream_clients(+1)
        try:
            self._status = int(HTTPStatus.OK)
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            deadline = time.monotonic() + STREAM_MAX_SECONDS
            sequence = 0
            # The first event goes out at once; then one a second until the client leaves, time is up or the server stops.
            while time.monotonic() < deadline and not self.server.stopping.is_set():
                sequence += 1
                payload = json.dumps(read_snapshot(), separators=(",", ":"))
                self.wfile.write(f"id: {sequence}\nevent: snapshot\ndata: {payload}\n\n".encode("utf-8"))
                self.wfile.flush()
                self.metrics.stream_event()
                if self._client_left_within(STREAM_INTERVAL_SECONDS):
                    break
        finally:
            self.metrics.stream_clients(-1)
            self.streams.release()

    def _client_left_within(self, seconds):
        """Waits up to `seconds`; True as soon as the client closes (or sends anything: an event stream is one-way)."""
        readable, _, _ = select.select([self.connection], [], [], seconds)
        return bool(readable)

    def _not_found(self):
        self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})


def main():
    jsonhttp.configure_logging("OBSD_LOG_LEVEL")
    port = int(os.environ.get("OBSD_PORT", "3000"))
    metrics = Metrics()
    llm = Llm(os.environ.get("LLM_URL", "http://llm:8081"), metrics)
    server = jsonhttp.make_server(port, DaemonHandler, metrics=metrics, llm=llm, streams=threading.BoundedSemaphore(STREAM_MAX_CLIENTS))
    threading.Thread(target=llm.poll_forever, args=(server.stopping,), name="llm-poller", daemon=True).start()
    log.info("obsd %s listening on port %d, LLM at %s", VERSION, port, llm.url)
    jsonhttp.serve_until_signalled(server, log)


if __name__ == "__main__":
    main()
