"""What both servers (obsd.py and llm_server.py) share: a JSON request handler with quiet access logs, logging set up
from an environment variable, and serving until SIGTERM. Standard library only; copied into both images."""

import json
import logging
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class JsonHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    log = logging.getLogger("http")  # each server's handler names its own

    def _json(self, status, document):
        self._send(status, json.dumps(document).encode("utf-8"), "application/json")

    def _send(self, status, body, content_type):
        self._status = int(status)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        # Access logs at DEBUG: the health check alone would write a line every few seconds.
        self.log.debug("%s %s", self.address_string(), format % args)

    def log_error(self, format, *args):
        # Malformed requests and timeouts are the client's problem: a warning, never an ERROR line.
        self.log.warning("%s %s", self.address_string(), format % args)


def configure_logging(level_variable):
    logging.basicConfig(
        level=os.environ.get(level_variable, "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )


def make_server(port, handler_class, **bound):
    """A threading server on all interfaces whose handler class carries `bound` as class attributes."""
    handler = type("Bound" + handler_class.__name__, (handler_class,), bound)
    server = ThreadingHTTPServer(("0.0.0.0", port), handler)
    server.daemon_threads = True
    server.stopping = threading.Event()  # set on SIGTERM: long answers (streams) end early
    return server


def serve_until_signalled(server, log):
    """Serves until SIGTERM (docker stop) or SIGINT, then exits 0 at once rather than being killed after 10 s."""

    def stop(signum, _frame):
        log.info("received signal %d, shutting down", signum)
        server.stopping.set()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.serve_forever()
    server.server_close()
    log.info("stopped")
    # Without finalizing the interpreter: daemon threads (streams, a poller, a name lookup) may still run, and one
    # waking during finalization calls pthread_exit, which needs libgcc_s, absent from the base image: the process
    # would abort with exit code 139 instead of 0.
    logging.shutdown()
    os._exit(0)
