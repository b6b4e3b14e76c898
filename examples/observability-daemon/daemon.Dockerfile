# syntax=docker/dockerfile:1
# Observability daemon (scenario S1): standard-library Python on drydock-base/python:3.11, assembled on this machine by
# scripts/build-base-images.sh (no public registry is reachable). The base runs as app (1000) and sets
# PYTHONDONTWRITEBYTECODE and PYTHONUNBUFFERED for read-only root filesystems.
FROM drydock-base/python:3.11
COPY src/jsonhttp.py src/obsd.py /app/
WORKDIR /app
ENV OBSD_PORT=3000 \
    LLM_URL=http://llm:8081
EXPOSE 3000
USER 1000:1000
HEALTHCHECK --interval=2s --timeout=2s --start-period=10s --retries=3 \
  CMD ["/bin/drydock-probe", "http://127.0.0.1:3000/healthz"]
ENTRYPOINT ["python3.11", "/app/obsd.py"]
