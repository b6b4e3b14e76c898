"""The HTTP JSON API: /health, /memories, /memories/<id> and /metrics, on the standard library's threading server."""

import json
import logging
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import __version__
from .metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from .store import InvalidMemory, validate

MAX_BODY_BYTES = 64 * 1024
log = logging.getLogger("memsvc.http")


class MemoryHandler(BaseHTTPRequestHandler):
    server_version = f"memsvc/{__version__}"
    protocol_version = "HTTP/1.1"

    # Set by make_server.
    store = None
    metrics = None

    def do_GET(self):
        if self.path == "/health":
            self._timed("/health", self._health)
        elif self.path == "/metrics":
            self._timed("/metrics", self._metrics)
        elif self.path.startswith("/memories/"):
            self._timed("/memories/{id}", self._get_memory)
        else:
            self._timed("unmatched", lambda: self._json(HTTPStatus.NOT_FOUND, {"error": "not found"}))

    def do_POST(self):
        if self.path in ("/memories", "/memories/"):
            self._timed("/memories", self._add_memory)
        else:
            self._timed("unmatched", lambda: self._json(HTTPStatus.NOT_FOUND, {"error": "not found"}))

    def _health(self):
        if self.store.writable():
            self._json(HTTPStatus.OK, {"status": "ok", "version": __version__})
        else:
            self._json(HTTPStatus.SERVICE_UNAVAILABLE, {"status": "degraded", "reason": "data directory is not writable"})

    def _metrics(self):
        body = self.metrics.render(self.store.count()).encode("utf-8")
        self._send(HTTPStatus.OK, body, METRICS_CONTENT_TYPE)

    def _get_memory(self):
        memory = self.store.get(self.path[len("/memories/"):])
        if memory is None:
            self._json(HTTPStatus.NOT_FOUND, {"error": "memory not found"})
        else:
            self._json(HTTPStatus.OK, memory)

    def _add_memory(self):
        length_header = self.headers.get("Content-Length") or "0"
        if not length_header.isdigit():
            self.close_connection = True
            self._json(HTTPStatus.BAD_REQUEST, {"error": "Content-Length must be a number"})
            return
        length = int(length_header)
        if length > MAX_BODY_BYTES:
            self.close_connection = True
            self._json(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": f"the body is larger than {MAX_BODY_BYTES} bytes"})
            return
        try:
            memory = validate(json.loads(self.rfile.read(length) or b"null"))
        except (ValueError, InvalidMemory) as problem:
            message = str(problem) if isinstance(problem, InvalidMemory) else "the body is not valid JSON"
            self._json(HTTPStatus.BAD_REQUEST, {"error": message})
            return
        stored = self.store.add(memory)
        self.metrics.memory_stored()
        log.info("stored memory %s (%d characters)", stored["id"], len(stored["content"]))
        self._json(HTTPStatus.CREATED, stored, location=f"/memories/{stored['id']}")

    def _timed(self, route, answer):
        started = time.perf_counter()
        self._status = 500
        try:
            answer()
        finally:
            self.metrics.record_request(self.command, route, self._status, time.perf_counter() - started)

    def _json(self, status, document, location=None):
        body = json.dumps(document, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json", location)

    def _send(self, status, body, content_type, location=None):
        self._status = int(status)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        # Access logs at DEBUG: the health check alone would write one line every few seconds.
        log.debug("%s %s", self.address_string(), format % args)

    def log_error(self, format, *args):
        # Malformed requests are the client's problem: a warning, never an ERROR line.
        log.warning("%s %s", self.address_string(), format % args)


def make_server(port, store, metrics):
    handler = type("BoundMemoryHandler", (MemoryHandler,), {"store": store, "metrics": metrics})
    server = ThreadingHTTPServer(("0.0.0.0", port), handler)
    server.daemon_threads = True
    return server
