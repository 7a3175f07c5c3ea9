#!/usr/bin/env bash
# HTTP latency and throughput of `govmedia serve` with wrk, on the demo data (docs/benchmarks.md).
# Usage: bench/http_bench.sh [BINARY] [WEB_DIR] [SECONDS]
#   BINARY  default build/govmedia; WEB_DIR default web/dist; SECONDS per run, default 10.
# Loopback only. Prints one line per run: target, connections, keep-alive, requests/s, p50, p99,
# errors (non-2xx, timeouts).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/govmedia}
web=${2:-web/dist}
secs=${3:-10}
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
password=$("$bin" demo --db "$tmp/demo.db" | sed -n 's/.*口令 //p')
port=$(( 20000 + RANDOM % 20000 ))
"$bin" serve --db "$tmp/demo.db" --port "$port" --web "$web" --poll-minutes 0 --no-check-availability \
>"$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" "http://127.0.0.1:$port/api/login" |
  sed -n 's/^Set-Cookie: \(gm_session=[^;]*\).*/\1/p')
largest=""
for f in "$web"/assets/*.js; do [ -z "$largest" ] || [ "$(stat -c %s "$f")" -gt "$(stat -c %s "$largest")" ] && largest=$f; done
asset=$(basename "$largest")

cat >"$tmp/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.timeout + summary.errors.connect
  io.write(string.format("%.0f req/s  p50 %.2f ms  p99 %.2f ms  errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, errors))
end
LUA

run() {  # name connections keepalive(yes/no) path
  local extra=()
  [ "$3" = no ] && extra=(-H 'Connection: close')
  printf '%-28s %4s conns  keep-alive %-3s  ' "$1" "$2" "$3"
  wrk -t"$(( $2 < 2 ? $2 : 2 ))" -c"$2" -d"${secs}s" --timeout 10s -s "$tmp/report.lua" -H "Cookie: $cookie" \
    -H 'Accept-Encoding: gzip' "${extra[@]}" "http://127.0.0.1:$port$4" | tail -1
}
run "/api/health"               1 yes /api/health
run "/api/health"               1 no  /api/health
run "/api/health"              50 yes /api/health
run "/api/health"             200 yes /api/health
run "static (largest .js)"     50 yes "/assets/$asset"
run "/api/accounts"            50 yes "/api/accounts?page_size=50"
run "/api/accounts"           200 yes "/api/accounts?page_size=50"
run "/api/dashboard/supervision" 50 yes /api/dashboard/supervision
