#!/bin/sh
# Starts one model server (the program mounted read-only at /opt/model-server) for a model file on a port.
# Usage: start-model-server.sh MODEL_FILE PORT
set -eu
exec python3.11 /opt/model-server/model_server.py --model "$1" --port "$2"
