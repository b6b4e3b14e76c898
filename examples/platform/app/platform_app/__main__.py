"""Platform API (scenario S4): items in PostgreSQL, a cache in Redis (password), spans to the tracing collector,
Prometheus metrics on a second port. Credentials come from Compose secrets (files under /run/secrets)."""
import json
import os
import queue
import signal
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import pg
from .redis_client import RedisError, command


def secret(name):
    with open(os.path.join(os.environ.get("SECRETS_DIR", "/run/secrets"), name), encoding="utf-8") as handle:
        return handle.read().strip()


API_PORT = int(os.environ.get("API_PORT", "8000"))
METRICS_PORT = int(os.environ.get("METRICS_PORT", "8001"))
PG = dict(host=os.environ.get("POSTGRES_HOST", "postgres"), port=int(os.environ.get("POSTGRES_PORT", "5432")),
          user=os.environ.get("POSTGRES_USER", "platform"), database=os.environ.get("POSTGRES_DB", "platform"),
          password=secret("postgres_password"))
REDIS = (os.environ.get("REDIS_HOST", "redis"), int(os.environ.get("REDIS_PORT", "6379")), secret("redis_password"))
COLLECTOR = os.environ.get("TRACES_ENDPOINT", "http://collector:4318/v1/traces")


def log(message):
    print(f"platform-app: {message}", file=sys.stderr, flush=True)


class Pool:
    """Idle PostgreSQL connections for reuse; a connection that fails is dropped, and the query retried once on a
    fresh one (after a database restart every pooled connection is dead)."""

    def __init__(self):
        self._idle, self._lock = [], threading.Lock()

    def query(self, sql):
        for attempt in (1, 2):
            with self._lock:
                connection = self._idle.pop() if self._idle else None
            try:
                connection = connection or pg.Connection(**PG)
                rows = connection.query(sql)
            except (OSError, pg.PgError) as error:
                if connection:
                    connection.close()
                if attempt == 2 or isinstance(error, pg.PgError) and "ERROR" in str(error):
                    raise
                continue
            with self._lock:
                self._idle.append(connection)
            return rows
        raise AssertionError("unreachable")


POOL = Pool()
METRICS_LOCK = threading.Lock()
REQUESTS = {}  # (method, route, status) -> count
DURATION_SUM = {}
SPANS = queue.Queue(maxsize=10000)


def export_spans():
    """Sends the finished spans to the collector once a second, in one batch (best effort: tracing never fails a request)."""
    while True:
        batch = [SPANS.get()]
        time.sleep(1)
        while not SPANS.empty() and len(batch) < 1000:
            batch.append(SPANS.get_nowait())
        body = json.dumps({"service": "platform-app", "spans": batch}).encode()
        request = urllib.request.Request(COLLECTOR, data=body, headers={"Content-Type": "application/json"}, method="POST")
        try:
            urllib.request.urlopen(request, timeout=2).read()
        except OSError as error:
            log(f"warning: spans not exported: {error}")


def migrate():
    POOL.query("CREATE TABLE IF NOT EXISTS items (id SERIAL PRIMARY KEY, name TEXT NOT NULL, created TIMESTAMPTZ NOT NULL DEFAULT now())")


class Api(BaseHTTPRequestHandler):
    server_version = "platform-app/0.1"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self._status = status

    def handle_one_request(self):
        started = time.perf_counter()
        self._status, self._route = None, None
        super().handle_one_request()
        if self._status is None:
            return
        elapsed = time.perf_counter() - started
        key = (self.command, self._route or "other", self._status)
        with METRICS_LOCK:
            REQUESTS[key] = REQUESTS.get(key, 0) + 1
            DURATION_SUM[key[1]] = DURATION_SUM.get(key[1], 0.0) + elapsed
        try:
            SPANS.put_nowait({"name": f"{self.command} {self._route}", "status": self._status, "duration_ms": round(elapsed * 1000, 3)})
        except queue.Full:
            pass

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        try:
            parsed = json.loads(self.rfile.read(length) or b"{}")
        except json.JSONDecodeError:
            return None
        return parsed if isinstance(parsed, dict) else None

    def do_GET(self):
        parts = self.path.split("?", 1)[0].strip("/").split("/")
        try:
            if parts == ["health"]:
                self._route = "/health"
                POOL.query("SELECT 1")
                pong = command(*REDIS, "PING")
                return self.reply(200, {"status": "ok", "postgres": "ok", "redis": pong.lower()})
            if parts == ["api", "items"]:
                self._route = "/api/items"
                rows = POOL.query("SELECT id, name FROM items ORDER BY id DESC LIMIT 10")
                return self.reply(200, {"items": [{"id": int(i), "name": n} for i, n in rows]})
            if len(parts) == 3 and parts[:2] == ["api", "items"] and parts[2].isdigit():
                self._route = "/api/items/{id}"
                rows = POOL.query(f"SELECT id, name FROM items WHERE id = {int(parts[2])}")
                return self.reply(200, {"id": int(rows[0][0]), "name": rows[0][1]}) if rows else self.reply(404, {"error": "no such item"})
            if len(parts) == 3 and parts[:2] == ["api", "cache"]:
                self._route = "/api/cache/{key}"
                value = command(*REDIS, "GET", f"platform:cache:{parts[2]}")
                return self.reply(200, {"key": parts[2], "value": value}) if value is not None else self.reply(404, {"error": "no such key"})
        except (OSError, pg.PgError, RedisError) as error:
            return self.reply(503, {"status": "unavailable", "error": str(error)})
        self._route = "other"
        return self.reply(404, {"error": "no such route"})

    def do_POST(self):
        parts = self.path.split("?", 1)[0].strip("/").split("/")
        body = self.body()
        if body is None:
            return self.reply(400, {"error": "the body must be a JSON object"})
        try:
            if parts == ["api", "items"] and isinstance(body.get("name"), str):
                self._route = "/api/items"
                rows = POOL.query(f"INSERT INTO items (name) VALUES ({pg.literal(body['name'])}) RETURNING id, name")
                return self.reply(201, {"id": int(rows[0][0]), "name": rows[0][1]})
            if parts == ["api", "cache"] and isinstance(body.get("key"), str) and body["key"].isidentifier():
                self._route = "/api/cache"
                command(*REDIS, "SET", f"platform:cache:{body['key']}", str(body.get("value", "")))
                return self.reply(201, {"key": body["key"], "value": str(body.get("value", ""))})
        except (OSError, pg.PgError, RedisError) as error:
            return self.reply(503, {"status": "unavailable", "error": str(error)})
        self._route = "other"
        return self.reply(400, {"error": "POST /api/items {name} or /api/cache {key, value}"})


class Metrics(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        lines = ["# HELP platform_http_requests_total API requests by method, route and status.",
                 "# TYPE platform_http_requests_total counter"]
        with METRICS_LOCK:
            for (method, route, status), count in sorted(REQUESTS.items()):
                lines.append(f'platform_http_requests_total{{method="{method}",route="{route}",status="{status}"}} {count}')
            lines += ["# HELP platform_http_request_duration_seconds_sum Time spent answering, by route.",
                      "# TYPE platform_http_request_duration_seconds_sum counter"]
            for route, total in sorted(DURATION_SUM.items()):
                lines.append(f'platform_http_request_duration_seconds_sum{{route="{route}"}} {total:.6f}')
        lines += ["# HELP platform_spans_queued Spans waiting for export.", "# TYPE platform_spans_queued gauge",
                  f"platform_spans_queued {SPANS.qsize()}"]
        data = ("\n".join(lines) + "\n").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main():
    # PID 1 gets no default SIGTERM action: exit at once on `docker stop` instead of waiting for SIGKILL.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # depends_on waits for PostgreSQL's health check, so the schema can be created at once.
    migrate()
    threading.Thread(target=export_spans, daemon=True).start()
    metrics = ThreadingHTTPServer(("0.0.0.0", METRICS_PORT), Metrics)
    threading.Thread(target=metrics.serve_forever, daemon=True).start()
    log(f"API on {API_PORT}, metrics on {METRICS_PORT}")
    api = ThreadingHTTPServer(("0.0.0.0", API_PORT), Api)
    api.daemon_threads = True
    api.serve_forever()


main()
