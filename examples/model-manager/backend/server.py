"""Model-manager backend (scenario S2): a JSON API over a model registry, launching model servers on request.

Read-only inputs: /models (model files), /opt/model-server (the server program), /config (profiles).
Read-write state: /app/data/registry.json (the registry) and /app/logs (one log per model server).
Redis keeps the launch counter; the backend answers /health only while Redis answers PING.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ.get("BACKEND_PORT", "8000"))
MODELS_DIR = os.environ.get("MODELS_DIR", "/models")
CONFIG_DIR = os.environ.get("CONFIG_DIR", "/config")
DATA_DIR = os.environ.get("DATA_DIR", "/app/data")
LOG_DIR = os.environ.get("LOG_DIR", "/app/logs")
REDIS_HOST = os.environ.get("REDIS_HOST", "redis")
REDIS_PORT = int(os.environ.get("REDIS_PORT", "6379"))
SERVER_PORTS = range(int(os.environ.get("MODEL_PORT_FIRST", "8080")), int(os.environ.get("MODEL_PORT_LAST", "8099")) + 1)
LAUNCHER = os.environ.get("MODEL_LAUNCHER", "/app/bin/start-model-server.sh")
REGISTRY = os.path.join(DATA_DIR, "registry.json")

_lock = threading.Lock()
_servers = {}  # port -> {"model", "port", "pid", "process"}


def log(message):
    print(f"model-manager: {message}", file=sys.stderr, flush=True)


def redis(*args):
    """One RESP command on a fresh connection; returns the reply as text (errors raise)."""
    payload = f"*{len(args)}\r\n" + "".join(f"${len(str(a).encode())}\r\n{a}\r\n" for a in args)
    with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=2) as connection:
        connection.sendall(payload.encode())
        reply = connection.makefile("rb").readline().decode().rstrip("\r\n")
    if reply.startswith("-"):
        raise OSError(f"redis: {reply[1:]}")
    return reply[1:]


def load_registry():
    try:
        with open(REGISTRY, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        return {"models": []}


def save_registry(registry):
    # Written beside and renamed: a restart never finds half a file.
    temporary = REGISTRY + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(registry, handle, indent=2)
    os.replace(temporary, REGISTRY)


def profiles():
    with open(os.path.join(CONFIG_DIR, "profiles.json"), encoding="utf-8") as handle:
        return json.load(handle)


def model_files():
    return sorted(name for name in os.listdir(MODELS_DIR) if name.endswith(".gguf"))


def port_is_free(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def start_server(model):
    path = os.path.join(MODELS_DIR, model + ".gguf")
    if not os.path.isfile(path):
        return 404, {"error": f"no model file {path}"}
    with _lock:
        port = next((p for p in SERVER_PORTS if p not in _servers and port_is_free(p)), None)
        if port is None:
            return 503, {"error": f"every port {SERVER_PORTS.start}-{SERVER_PORTS.stop - 1} is in use"}
        log_path = os.path.join(LOG_DIR, f"model-server-{port}.log")
        with open(log_path, "ab") as log_file:
            process = subprocess.Popen([LAUNCHER, path, str(port)], stdout=log_file, stderr=subprocess.STDOUT)
        _servers[port] = {"model": model, "port": port, "pid": process.pid, "process": process}
    redis("INCR", "model-manager:launches")
    # Answer when the server answers: a caller may use the port at once.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and process.poll() is None:
        if not port_is_free(port):
            return 201, {"model": model, "port": port, "pid": process.pid, "log": log_path}
        time.sleep(0.05)
    return 500, {"error": f"the model server on {port} did not start (see {log_path})"}


def servers():
    listed = []
    with _lock:
        for port, server in sorted(_servers.items()):
            state = "running" if server["process"].poll() is None else f"exited {server['process'].returncode}"
            listed.append({"model": server["model"], "port": port, "pid": server["pid"], "state": state})
    return {"servers": listed, "port_range": [SERVER_PORTS.start, SERVER_PORTS.stop - 1]}


class Handler(BaseHTTPRequestHandler):
    server_version = "model-manager/0.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        try:
            return json.loads(self.rfile.read(length) or b"{}")
        except json.JSONDecodeError:
            return None

    def do_GET(self):
        path = self.path.split("?", 1)[0].rstrip("/") or "/"
        if path == "/health":
            try:
                pong = redis("PING")
            except OSError as error:
                return self.reply(503, {"status": "unavailable", "redis": str(error)})
            return self.reply(200, {"status": "ok", "redis": pong, "redis_at_start": STARTED_AFTER_REDIS})
        if path == "/api/models/registry":
            registry = load_registry()
            return self.reply(200, {"models": registry["models"], "files": model_files()})
        if path.startswith("/api/models/registry/"):
            name = path.rsplit("/", 1)[1]
            found = next((m for m in load_registry()["models"] if m["name"] == name), None)
            return self.reply(200, found) if found else self.reply(404, {"error": f"no model '{name}'"})
        if path == "/api/models/servers":
            return self.reply(200, servers())
        if path == "/api/models/profiles":
            return self.reply(200, profiles())
        return self.reply(404, {"error": f"no route {path}"})

    def do_POST(self):
        path = self.path.split("?", 1)[0].rstrip("/")
        body = self.body()
        if not isinstance(body, dict):
            return self.reply(400, {"error": "the body must be a JSON object"})
        if path == "/api/models/registry":
            name, model_path = body.get("name"), body.get("path")
            if not isinstance(name, str) or not name.isidentifier() or not isinstance(model_path, str):
                return self.reply(400, {"error": "name (letters, digits, _) and path are required"})
            with _lock:
                registry = load_registry()
                registry["models"] = [m for m in registry["models"] if m["name"] != name]
                entry = {"name": name, "path": model_path, "profile": body.get("profile", "default")}
                registry["models"].append(entry)
                save_registry(registry)
            return self.reply(201, entry)
        if path == "/api/models/servers":
            model = body.get("model")
            if not isinstance(model, str) or not model.replace("-", "_").isidentifier():
                return self.reply(400, {"error": "model (a file name under /models, without .gguf) is required"})
            status, answer = start_server(model)
            return self.reply(status, answer)
        return self.reply(404, {"error": f"no route {path}"})


def redis_answers_at_start():
    """depends_on: service_healthy means Redis answers before this process starts; record whether it did."""
    try:
        return redis("PING") == "PONG"
    except OSError:
        return False


STARTED_AFTER_REDIS = redis_answers_at_start()

if __name__ == "__main__":
    # PID 1 gets no default SIGTERM action: exit at once on `docker stop` instead of waiting for SIGKILL.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    os.makedirs(LOG_DIR, exist_ok=True)
    if not os.path.exists(REGISTRY):
        save_registry({"models": [{"name": m[:-5], "path": os.path.join(MODELS_DIR, m), "profile": "default"} for m in model_files()]})
    log(f"listening on {PORT}; Redis answered at start: {STARTED_AFTER_REDIS}; {len(model_files())} model file(s)")
    ThreadingHTTPServer(("0.0.0.0", PORT), Handler).serve_forever()
