"""A stand-in model server: loads (reads the header of) one GGUF file and answers on a port.
The real S2 stack runs llama.cpp's server here; this one proves the launch, the port and the read-only mount."""
import argparse
import json
from http.server import BaseHTTPRequestHandler, HTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--model", required=True)
parser.add_argument("--port", type=int, required=True)
options = parser.parse_args()
with open(options.model, "rb") as model:
    if model.read(4) != b"GGUF":
        raise SystemExit(f"{options.model}: not a GGUF file")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        body = json.dumps({"model": options.model, "status": "ok"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


print(f"model server: {options.model} on {options.port}", flush=True)
HTTPServer(("0.0.0.0", options.port), Handler).serve_forever()
