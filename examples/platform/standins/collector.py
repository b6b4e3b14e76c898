"""STAND-IN tracing collector. S4 ran Jaeger (not packaged by Debian, and no public registry is reachable here).
This stand-in accepts span batches as JSON on POST /v1/traces (OTLP's HTTP path, not its schema), counts them per
service, and answers GET /api/traces, /health and /metrics. It stores nothing: it proves the wiring, not Jaeger."""
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
SPANS = {}  # service -> spans received


class Handler(BaseHTTPRequestHandler):
    server_version = "collector-standin/0.1"

    def log_message(self, *args):
        pass

    def answer(self, status, data, content_type="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        if self.path != "/v1/traces":
            return self.answer(404, b'{"error": "no such route"}')
        try:
            batch = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            service, spans = str(batch["service"]), len(batch["spans"])
        except (ValueError, KeyError, TypeError):
            return self.answer(400, b'{"error": "expected {service, spans: [...]}"}')
        with LOCK:
            SPANS[service] = SPANS.get(service, 0) + spans
        return self.answer(202, json.dumps({"accepted": spans}).encode())

    def do_GET(self):
        with LOCK:
            snapshot = dict(SPANS)
        if self.path == "/health":
            return self.answer(200, b'{"status": "ok"}')
        if self.path == "/api/traces":
            return self.answer(200, json.dumps({"services": sorted(snapshot), "spans": sum(snapshot.values())}).encode())
        if self.path == "/metrics":
            lines = ["# HELP collector_spans_received_total Spans received, by service.", "# TYPE collector_spans_received_total counter"]
            lines += [f'collector_spans_received_total{{service="{name}"}} {count}' for name, count in sorted(snapshot.items())]
            return self.answer(200, ("\n".join(lines) + "\n").encode(), "text/plain; version=0.0.4")
        return self.answer(404, b'{"error": "no such route"}')


# PID 1 gets no default SIGTERM action: exit at once on `docker stop` instead of waiting for SIGKILL.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print("collector (stand-in for Jaeger): listening on 4318", flush=True)
ThreadingHTTPServer(("0.0.0.0", 4318), Handler).serve_forever()
