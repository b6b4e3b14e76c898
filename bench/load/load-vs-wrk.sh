#!/usr/bin/env bash
# Drydock's load generator against wrk, closed model, same connection count, same local target: nginx from Debian
# serving a small static file on a free 127.0.0.1 port, with its own temporary config, stopped afterwards.
#
#   bash bench/load/load-vs-wrk.sh [CONNECTIONS=50] [SECONDS=10] [ROUNDS=5]
#
# CPU placement (this machine has 2 cores): nginx (one worker) is pinned to core 0 and each load generator in turn to
# core 1, so generator and server never compete and each generator has exactly one core (wrk runs one thread; .NET
# sees ProcessorCount=1). Rounds alternate wrk and Drydock; the medians are compared. Both get the same 1 s warm-up
# of the server; Drydock also discards its own first second (--warmup) so JIT tiering is not in its numbers.
# As root, all three run at nice -15, so other work on this shared machine interferes less.
# Set DRYDOCK_BENCH_CLIENT=handler to measure the HttpClient/SocketsHttpHandler closed loop instead of Drydock's
# raw-socket generator.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

CONNECTIONS="${1:-50}"
SECONDS_PER_RUN="${2:-10}"
ROUNDS="${3:-5}"
CLIENT="${DRYDOCK_BENCH_CLIENT:-sockets}"
SERVER_CPU=0
CLIENT_CPU=1
# On a shared machine, other work on the same cores skews both tools; as root, the benchmark raises its own priority
# (server and generators alike) for the minute it runs.
PRIORITY=""
if [ "$(id -u)" -eq 0 ]; then PRIORITY="nice -n -15"; fi

for tool in nginx wrk taskset ss curl dotnet; do
  command -v "$tool" >/dev/null 2>&1 || { echo "load-vs-wrk: '$tool' is missing (bash scripts/setup-engine.sh installs nginx and wrk)" >&2; exit 2; }
done
[ "$(nproc --all)" -ge 2 ] || { echo "load-vs-wrk: needs 2 cores to keep server and generator apart" >&2; exit 2; }

work="$(mktemp -d /tmp/drydock-load-bench.XXXXXX)"
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# A free port: a random one nothing listens on.
port=""
for _ in $(seq 1 100); do
  candidate=$((20000 + RANDOM % 40000))
  if [ -z "$(ss -ltnH "sport = :$candidate")" ]; then port="$candidate"; break; fi
done
[ -n "$port" ] || { echo "load-vs-wrk: found no free port" >&2; exit 2; }
mkdir -p "$work/www" "$work/logs"
head -c 612 /dev/zero | tr '\0' 'x' > "$work/www/index.html"   # the size of nginx's default page
cat > "$work/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  server {
    listen 127.0.0.1:$port;
    root $work/www;
  }
}
EOF
$PRIORITY taskset -c "$SERVER_CPU" nginx -c "$work/nginx.conf" -p "$work" >"$work/logs/nginx.out" 2>&1 &
nginx_pid=$!
for _ in $(seq 1 50); do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then break; fi
  sleep 0.1
done
curl -s -o /dev/null "http://127.0.0.1:$port/" || { echo "load-vs-wrk: nginx did not start:" >&2; cat "$work/logs/"* >&2; exit 2; }
url="http://127.0.0.1:$port/"

dotnet build bench/load/Drydock.LoadBench.csproj -c Release --nologo -v q >/dev/null
bench_dll="bench/load/bin/Release/net10.0/Drydock.LoadBench.dll"

# wrk prints "50%  411.00us"; convert us/ms/s to milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

run_wrk() {
  local out
  out="$($PRIORITY taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$url")"
  echo "wrk $(echo "$out" | awk '/Requests\/sec/ { print $2 }') $(to_ms "$(echo "$out" | awk '$1 == "50%" { print $2 }')") $(to_ms "$(echo "$out" | awk '$1 == "99%" { print $2 }')")"
}
run_drydock() {
  local out
  out="$($PRIORITY taskset -c "$CLIENT_CPU" dotnet "$bench_dll" "$url" "$CONNECTIONS" "$SECONDS_PER_RUN" 1 "$CLIENT")"
  echo "drydock $(echo "$out" | sed -n 's/^rps=//p') $(echo "$out" | sed -n 's/^p50_ms=//p') $(echo "$out" | sed -n 's/^p99_ms=//p') $(echo "$out" | sed -n 's/^cpu_cores=//p')"
}

echo "load-vs-wrk: nginx on core $SERVER_CPU at $url; generators on core $CLIENT_CPU; $CONNECTIONS connections, ${SECONDS_PER_RUN}s x $ROUNDS rounds; client=$CLIENT" >&2
results="$work/results"
: > "$results"
for round in $(seq 1 "$ROUNDS"); do
  taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d1s "$url" >/dev/null   # warm the server
  if [ $((round % 2)) -eq 1 ]; then
    run_wrk | tee -a "$results" >&2; run_drydock | tee -a "$results" >&2
  else
    run_drydock | tee -a "$results" >&2; run_wrk | tee -a "$results" >&2
  fi
done

column_median() { awk -v tool="$1" -v col="$2" '$1 == tool { print $col }' "$results" | median; }
wrk_rps="$(column_median wrk 2)"; wrk_p50="$(column_median wrk 3)"; wrk_p99="$(column_median wrk 4)"
dd_rps="$(column_median drydock 2)"; dd_p50="$(column_median drydock 3)"; dd_p99="$(column_median drydock 4)"; dd_cpu="$(column_median drydock 5)"

awk -v wr="$wrk_rps" -v w50="$wrk_p50" -v w99="$wrk_p99" -v dr="$dd_rps" -v d50="$dd_p50" -v d99="$dd_p99" -v cpu="$dd_cpu" \
    -v c="$CONNECTIONS" -v s="$SECONDS_PER_RUN" -v n="$ROUNDS" 'BEGIN {
  rr = dr / wr; r50 = d50 / w50; r99 = d99 / w99
  printf "\nclosed model, %d connections, %d s x %d rounds (medians)\n", c, s, n
  printf "%-10s %12s %10s %10s\n", "", "requests/s", "p50 ms", "p99 ms"
  printf "%-10s %12.0f %10.3f %10.3f\n", "wrk", wr, w50, w99
  printf "%-10s %12.0f %10.3f %10.3f   (generator CPU %.2f cores)\n", "drydock", dr, d50, d99, cpu
  printf "%-10s %12.2f %10.2f %10.2f\n", "ratio", rr, r50, r99
  ok = (rr >= 0.70) && (r50 >= 0.85 && r50 <= 1.15) && (r99 >= 0.85 && r99 <= 1.15)
  printf "bar: throughput >= 0.70 x wrk, p50 and p99 within 15%% of wrk: %s\n", ok ? "met" : "NOT met"
}'
