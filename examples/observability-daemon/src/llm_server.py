"""A stand-in for llama.cpp's HTTP server (scenario S1), standard library only.

At start it opens /models/${LLM_MODEL:-model}.gguf and reads its first 4 bytes: a missing file, or one that does not
begin with GGUF, ends the process with exit code 1 and `error: failed to read magic: <path>`, as llama.cpp does.
Otherwise it serves, on LLM_PORT (8081):
  GET  /health       {"status": "ok", "model": "<name>"}
  POST /completion   a canned llama.cpp-style answer: {"content": "...", "model": ..., "stop": true, ...}
"""

import json
import logging
import os
import sys
from http import HTTPStatus

import jsonhttp

GGUF_MAGIC = b"GGUF"
MAX_BODY_BYTES = 64 * 1024
CANNED_CONTENT = (
    "- The daemon is the busiest process; its memory is steady.\n"
    "- No process is in the zombie state.\n"
    "- Nothing unusual: the load is low."
)

log = logging.getLogger("llm")


def check_model(path):
    """True when the file exists and begins with the GGUF magic; llama.cpp refuses anything else."""
    try:
        with open(path, "rb") as model:
            return model.read(len(GGUF_MAGIC)) == GGUF_MAGIC
    except OSError:
        return False


class LlmHandler(jsonhttp.JsonHandler):
    server_version = "llm-stand-in/0.1.0"
    log = logging.getLogger("llm.http")
    model_name = None  # set by make_server

    def do_GET(self):
        if self.path == "/health":
            self._json(HTTPStatus.OK, {"status": "ok", "model": self.model_name})
        else:
            self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})

    def do_POST(self):
        if self.path != "/completion":
            self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        length = self.headers.get("Content-Length") or "0"
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            self.close_connection = True
            self._json(HTTPStatus.BAD_REQUEST, {"error": f"a Content-Length of at most {MAX_BODY_BYTES} bytes is required"})
            return
        try:
            request = json.loads(self.rfile.read(int(length)) or b"{}")
        except ValueError:
            self._json(HTTPStatus.BAD_REQUEST, {"error": "the body is not valid JSON"})
            return
        prompt = request.get("prompt", "") if isinstance(request, dict) else ""
        self._json(HTTPStatus.OK, {
            "content": CANNED_CONTENT,
            "model": self.model_name,
            "tokens_evaluated": len(str(prompt).split()),
            "tokens_predicted": len(CANNED_CONTENT.split()),
            "stop": True,
        })


def main():
    jsonhttp.configure_logging("LLM_LOG_LEVEL")
    model_name = os.environ.get("LLM_MODEL") or "model"
    path = os.path.join(os.environ.get("LLM_MODEL_DIR", "/models"), model_name + ".gguf")
    if not check_model(path):
        # llama.cpp's wording for a missing or foreign model file (the failure S1's report hit).
        print(f"error: failed to read magic: {path}", file=sys.stderr, flush=True)
        sys.exit(1)

    port = int(os.environ.get("LLM_PORT", "8081"))
    server = jsonhttp.make_server(port, LlmHandler, model_name=model_name)
    log.info("serving %s on port %d", path, port)
    jsonhttp.serve_until_signalled(server, log)


if __name__ == "__main__":
    main()
