#!/usr/bin/env bash
# Generates the tree the `drydock check` speed benchmark runs on: 40 Compose projects, 35 of them with a Dockerfile
# (multi-stage builds in five language styles, 15 to 40 lines each), plus .dockerignore files and some noise
# (node_modules, .git) that discovery must prune. Deterministic: the same tree every time.
# Usage: bench/generate-check-tree.sh DIR
set -euo pipefail
out="${1:?usage: generate-check-tree.sh DIR}"
rm -rf "$out"
mkdir -p "$out"

dockerfile_python() { # $1 = index
  cat <<EOF
# syntax=docker/dockerfile:1
ARG PYTHON_VERSION=3.12
FROM python:\${PYTHON_VERSION}-slim AS build
WORKDIR /src
RUN apt-get update \\
    && apt-get install -y --no-install-recommends build-essential libpq-dev \\
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir --prefix=/install -r requirements.txt
COPY . .
RUN python -m compileall -q /src

FROM python:\${PYTHON_VERSION}-slim
ENV PYTHONDONTWRITEBYTECODE=1 \\
    PYTHONUNBUFFERED=1 \\
    APP_PORT=80$(( $1 % 10 ))0
RUN groupadd -r app && useradd -r -g app -u 10001 app
WORKDIR /app
COPY --from=build /install /usr/local
COPY --from=build --chown=app:app /src /app
EXPOSE \${APP_PORT}
USER app
HEALTHCHECK --interval=10s --timeout=3s CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"]
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "service$1.wsgi:app"]
EOF
}

dockerfile_node() {
  cat <<EOF
FROM node:20-alpine AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

FROM node:20-alpine AS build
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-alpine
RUN apk add --no-cache tini=0.19.0-r3 curl
WORKDIR /app
ENV NODE_ENV=production PORT=30$(( $1 % 10 ))0
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/node_modules ./node_modules
USER node
EXPOSE 3000
HEALTHCHECK CMD wget -q -O /dev/null http://127.0.0.1:3000/health || exit 1
ENTRYPOINT ["/sbin/tini", "--"]
CMD node dist/server.js
EOF
}

dockerfile_go() {
  cat <<EOF
ARG GO_VERSION=1.22
FROM --platform=\$BUILDPLATFORM golang:\${GO_VERSION} AS build
ARG TARGETOS
ARG TARGETARCH
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build \\
    CGO_ENABLED=0 GOOS=\$TARGETOS GOARCH=\$TARGETARCH go build -trimpath -ldflags="-s -w" -o /out/service$1 ./cmd/service
RUN go install github.com/grpc-ecosystem/grpc-health-probe@v0.4.25

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/service$1 /service
COPY --from=build /go/bin/grpc-health-probe /bin/grpc-health-probe
EXPOSE 9090
HEALTHCHECK CMD ["/bin/grpc-health-probe", "-addr=:9090"]
ENTRYPOINT ["/service"]
EOF
}

dockerfile_legacy() {
  cat <<EOF
FROM ubuntu:latest
MAINTAINER ops@example.com
ENV DEBIAN_FRONTEND noninteractive
ARG API_TOKEN
RUN apt-get update
RUN apt-get install -y curl wget git python3 python3-pip nginx
RUN curl -sSL https://example.com/install-agent.sh | bash
RUN pip3 install flask requests
RUN cd /opt && git clone https://github.com/example/legacy$1.git
ADD config /etc/legacy/
ADD https://example.com/tool.tar.gz /opt/
COPY . /opt/legacy$1
WORKDIR opt/legacy$1
RUN chmod -R 777 /opt/legacy$1
EXPOSE 22 80 8080:80
CMD service nginx start && python3 app.py
EOF
}

dockerfile_dotnet() {
  cat <<EOF
# syntax=docker/dockerfile:1
FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
ARG CONFIGURATION=Release
WORKDIR /src
COPY ["Service$1/Service$1.csproj", "Service$1/"]
RUN dotnet restore "Service$1/Service$1.csproj"
COPY . .
WORKDIR /src/Service$1
RUN dotnet publish -c \$CONFIGURATION -o /app/publish /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:8.0 AS final
WORKDIR /app
EXPOSE 8080
COPY --from=build /app/publish .
USER \$APP_UID
HEALTHCHECK --interval=30s CMD ["curl", "-f", "http://localhost:8080/healthz"]
ENTRYPOINT ["dotnet", "Service$1.dll"]
EOF
}

compose_file() { # $1 = index, $2 = has build
  local build=""
  if [ "$2" = 1 ]; then
    build=$'    build:\n      context: .\n      args:\n        - APP_VERSION=1.'"$1"$'.0\n'
  fi
  cat <<EOF
name: project$1
services:
  app:
${build}    image: registry.example.com/project$1/app:1.$1.0
    ports:
      - "127.0.0.1:$(( 18000 + $1 )):8000"
    environment:
      DATABASE_URL: postgres://app:\${DB_PASSWORD}@db:5432/app
      LOG_LEVEL: info
    depends_on:
      db:
        condition: service_healthy
    restart: unless-stopped
    deploy:
      resources:
        limits:
          cpus: "1.0"
          memory: 512M
  db:
    image: postgres:16.3
    environment:
      POSTGRES_PASSWORD: \${DB_PASSWORD:?set DB_PASSWORD}
    volumes:
      - db-data:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
      interval: 5s
      timeout: 3s
      retries: 10
  cache:
    image: redis:7.2
    command: ["redis-server", "--appendonly", "yes"]
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
volumes:
  db-data:
EOF
}

styles=(python node go legacy dotnet)
for i in $(seq 1 40); do
  project="$out/project$(printf '%02d' "$i")"
  mkdir -p "$project/src"
  if [ "$i" -le 35 ]; then
    style="${styles[$(( i % 5 ))]}"
    "dockerfile_$style" "$i" > "$project/Dockerfile"
    printf '.git\nnode_modules\n**/__pycache__\n*.log\n.env\n' > "$project/.dockerignore"
    compose_file "$i" 1 > "$project/compose.yaml"
  else
    compose_file "$i" 0 > "$project/compose.yaml"
  fi
  printf 'print("service %s")\n' "$i" > "$project/src/app.py"
  # Noise that discovery must prune without descending into it.
  mkdir -p "$project/node_modules/left-pad" "$project/.git/objects"
  printf 'FROM scratch\n' > "$project/node_modules/left-pad/Dockerfile"
  printf 'ref: refs/heads/main\n' > "$project/.git/HEAD"
done
echo "generate-check-tree: $out: $(find "$out" -name Dockerfile -not -path '*/node_modules/*' | wc -l) Dockerfiles, $(find "$out" -name compose.yaml | wc -l) compose files" >&2
