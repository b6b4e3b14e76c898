# syntax=docker/dockerfile:1
# Stand-in for llama.cpp's server (scenario S1): standard-library Python on drydock-base/python:3.11 (see
# daemon.Dockerfile). It needs /models/${LLM_MODEL:-model}.gguf, mounted read-only; it exits 1 without it.
FROM drydock-base/python:3.11
COPY src/jsonhttp.py src/llm_server.py /app/
WORKDIR /app
ENV LLM_PORT=8081 \
    LLM_MODEL_DIR=/models
EXPOSE 8081
USER 1000:1000
HEALTHCHECK --interval=2s --timeout=2s --start-period=10s --retries=3 \
  CMD ["/bin/drydock-probe", "http://127.0.0.1:8081/health"]
ENTRYPOINT ["python3.11", "/app/llm_server.py"]
