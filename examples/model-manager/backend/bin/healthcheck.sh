#!/bin/sh
# The backend's health check, for humans too: exits 0 when /health answers 200.
exec /bin/drydock-probe "http://127.0.0.1:${BACKEND_PORT:-8000}/health"
