"""STAND-IN dashboard UI. S4 ran Grafana (not packaged by Debian, and no public registry is reachable here).
This stand-in renders one HTML page of Prometheus's `up` series, keeps its saved dashboards as JSON in /var/lib/dashboard
(a named volume), and answers /api/health with whether Prometheus answers. It proves the wiring, not Grafana."""
import html
import json
import os
import signal
import sys
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PROMETHEUS = os.environ.get("PROMETHEUS_URL", "http://prometheus:9090")
STORE = os.environ.get("DASHBOARD_DATA", "/var/lib/dashboard")


def up_series():
    with urllib.request.urlopen(f"{PROMETHEUS}/api/v1/query?query=up", timeout=3) as answer:
        return [(r["metric"].get("job", "?"), r["value"][1]) for r in json.loads(answer.read())["data"]["result"]]


class Handler(BaseHTTPRequestHandler):
    server_version = "dashboard-standin/0.1"

    def log_message(self, *args):
        pass

    def answer(self, status, data, content_type="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/api/health":
            try:
                up_series()
                return self.answer(200, b'{"status": "ok", "prometheus": "ok"}')
            except (OSError, ValueError, KeyError) as error:
                return self.answer(503, json.dumps({"status": "degraded", "prometheus": str(error)}).encode())
        if self.path == "/api/dashboards":
            names = sorted(name[:-5] for name in os.listdir(STORE) if name.endswith(".json"))
            return self.answer(200, json.dumps({"dashboards": names}).encode())
        if self.path == "/":
            try:
                rows = "".join(f"<tr><td>{html.escape(job)}</td><td>{'up' if value == '1' else 'down'}</td></tr>" for job, value in up_series())
            except (OSError, ValueError, KeyError) as error:
                rows = f"<tr><td colspan=2>Prometheus does not answer: {html.escape(str(error))}</td></tr>"
            page = f"<!doctype html><title>Platform</title><h1>Platform targets</h1><table>{rows}</table>"
            return self.answer(200, page.encode(), "text/html; charset=utf-8")
        return self.answer(404, b'{"error": "no such route"}')

    def do_PUT(self):
        name = self.path.rsplit("/", 1)[-1]
        if not self.path.startswith("/api/dashboards/") or not name.isidentifier():
            return self.answer(404, b'{"error": "no such route"}')
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with open(os.path.join(STORE, name + ".json"), "wb") as handle:
            handle.write(body)
        return self.answer(201, json.dumps({"saved": name}).encode())


# PID 1 gets no default SIGTERM action: exit at once on `docker stop` instead of waiting for SIGKILL.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print("dashboard (stand-in for Grafana): listening on 3000", flush=True)
ThreadingHTTPServer(("0.0.0.0", 3000), Handler).serve_forever()
