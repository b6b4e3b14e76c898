"""Entry point: `python3.11 -m memsvc`. Configured by MEMSVC_PORT, MEMSVC_DATA_DIR and MEMSVC_LOG_LEVEL."""

import logging
import os
import signal
import sys
import threading

from . import __version__
from .metrics import Metrics
from .server import make_server
from .store import MemoryStore


def main():
    logging.basicConfig(
        level=os.environ.get("MEMSVC_LOG_LEVEL", "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    log = logging.getLogger("memsvc")
    port = int(os.environ.get("MEMSVC_PORT", "8000"))
    store = MemoryStore(os.environ.get("MEMSVC_DATA_DIR", "/app/data"))
    server = make_server(port, store, Metrics())

    # docker stop sends SIGTERM: finish the request in flight and leave, rather than being killed after 10 s.
    def stop(signum, _frame):
        log.info("received signal %d, shutting down", signum)
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("memsvc %s listening on port %d, data in %s", __version__, port, store.directory)
    server.serve_forever()
    server.server_close()
    log.info("stopped")


main()
