#!/usr/bin/env bash
# A province on PostgreSQL with three govmedia nodes (issue 14 item 5; figures in docs/benchmarks.md).
#
# Usage: bench/province_bench.sh [--accounts 5000] [--units N] [--days 365] [--fetch-days 90]
#                                [--secs 20] [--delay-ms 0] [--work DIR] [--keep]
#
#   1. starts a throwaway PostgreSQL 15 cluster (scripts/pg-cluster.sh) with a server's memory
#      settings, creates the database `province` (C.UTF-8), lets `govmedia` migrate it;
#   2. fills it with build/bench/province_bench generate (units, accounts, filings, a year of posts
#      and comments, the fetch history, reports, self-inspections) and serves every account's feed
#      with province_bench feeds on 127.0.0.1;
#   3. starts three nodes on the database — `govmedia serve` and two `govmedia worker` — and times a
#      polling round of every feed; then a second round during which one worker is killed (SIGKILL),
#      counting from the database that every feed was polled once;
#   4. times the freshness of every account, the year's assessment of every unit, the dashboards and
#      archive searches through the API, and runs wrk at 50 and 200 connections on the account list,
#      the dashboards and the freshness page beside a static file of the same server;
#   5. times a round with one node left (the worker), and a quiet round (nothing new: 304s).
# Everything listens on 127.0.0.1. Results go to DIR/results.txt (and standard output); DIR also
# keeps the nodes' logs. --keep leaves the cluster and the nodes' database for a look afterwards
# (stop it with scripts/pg-cluster.sh stop /tmp/province-pg).
set -euo pipefail
cd "$(dirname "$0")/.."

accounts=5000 units="" days=365 fetch_days=90 secs=20 delay=0 work=/tmp/province-bench keep=0
while (($#)); do
  case $1 in
    --accounts) accounts=$2; shift 2 ;;
    --units) units=$2; shift 2 ;;
    --days) days=$2; shift 2 ;;
    --fetch-days) fetch_days=$2; shift 2 ;;
    --secs) secs=$2; shift 2 ;;
    --delay-ms) delay=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
web=$PWD/web/dist
pgdir=/tmp/province-pg
for f in build/govmedia build/bench/province_bench; do [[ -x $f ]] || { echo "$f missing: cmake --build --preset default" >&2; exit 2; }; done
[[ -f $web/index.html ]] || { echo "$web missing: (cd web && npm ci && npm run build)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk" >&2; exit 2; }

rm -rf "$work"
mkdir -p "$work"
# The binaries measured are copied first: a build in the checkout during the run changes nothing.
cp build/govmedia build/bench/province_bench "$work/"
bin=$work/govmedia
gen=$work/province_bench
results=$work/results.txt
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  ((keep)) || scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true
}
trap cleanup EXIT
say() { echo "$*" | tee -a "$results"; }
log() { echo "[$(date +%T)] $*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
secs_since() { echo "scale=1; ($(now_ms) - $1) / 1000" | bc; }

say "# A province on PostgreSQL — $(date -u +%FT%TZ)"
say "machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/^Mem:/{print $2}') GiB memory, $(. /etc/os-release; echo "$PRETTY_NAME"), load average at start $(load)"
say "tree: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src migrations || echo ' (with uncommitted changes in src/ or migrations/)')"
say "sizes asked: --accounts $accounts --units ${units:-auto} --days $days --fetch-days $fetch_days; wrk $secs s per run; feed answer delay $delay ms"

# ---- 1. the cluster and the database ----
scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true
url=$(scripts/pg-cluster.sh start "$pgdir")
# A database server's memory rather than the test cluster's (24 GiB machine, shared with builds).
psql "$url" -qX -c "ALTER SYSTEM SET shared_buffers = '2GB'" -c "ALTER SYSTEM SET effective_cache_size = '8GB'" \
  -c "ALTER SYSTEM SET work_mem = '16MB'" -c "ALTER SYSTEM SET maintenance_work_mem = '1GB'" \
  -c "ALTER SYSTEM SET max_wal_size = '16GB'" -c "ALTER SYSTEM SET checkpoint_timeout = '30min'" \
  -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$pgdir/data" -w -m fast restart >/dev/null
psql "$url" -qX -c "CREATE DATABASE province LOCALE 'C.UTF-8' TEMPLATE template0"
db=${url%/postgres}/province
q() { psql "$db" -AtqX -c "$1"; }
# Where the database's time goes (pg_stat_statements; its overhead is a few per cent).
q "CREATE EXTENSION pg_stat_statements" >/dev/null
statements() {  # the statements that took the most time since the last reset
  q "SELECT round(total_exec_time::numeric / 1000, 1) || ' s in ' || calls || ' calls (' || round(mean_exec_time::numeric, 2) || ' ms): ' ||
     left(regexp_replace(query, '\s+', ' ', 'g'), 150) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'province')
     ORDER BY total_exec_time DESC LIMIT $1" | sed 's/^/    /' | tee -a "$results"
}
reset_statements() { q "SELECT pg_stat_statements_reset()" >/dev/null; }
say "PostgreSQL: $(q 'SHOW server_version'), shared_buffers $(q 'SHOW shared_buffers'), work_mem $(q 'SHOW work_mem'), fsync $(q 'SHOW fsync'), synchronous_commit $(q 'SHOW synchronous_commit') (scripts/pg-cluster.sh: a throwaway cluster)"
password=$(head -c 18 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')
t=$(now_ms)
echo "$password" | "$bin" user add --db "$db" --username admin --role city_admin --password-stdin >/dev/null
say "migrations applied by govmedia (and the office's login): $(secs_since "$t") s"

# ---- 2. the province and its feeds ----
feed_port=$(free_port)
log "generating the province"
"$gen" generate --db "$db" --state "$work/state.json" --feed-port "$feed_port" --accounts "$accounts" \
  ${units:+--units "$units"} --days "$days" --fetch-days "$fetch_days" >"$work/generate.json" 2>"$work/generate.log"
say "data (province_bench generate):"
sed 's/^/    /' "$work/generate.json" | tee -a "$results"
say "database $(q "SELECT pg_size_pretty(pg_database_size('province'))"): $(q "SELECT string_agg(t || ' ' || pg_size_pretty(COALESCE((SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree(t::regclass) WHERE isleaf), pg_total_relation_size(t::regclass))), ', ') FROM unnest(ARRAY['post_keys','posts','post_versions','feed_fetches','accounts']) t")"
say "  of which post_versions_text_trgm $(q "SELECT pg_size_pretty(sum(pg_relation_size(relid))) FROM pg_partition_tree('post_versions_text_trgm')")"
feeds=$(q "SELECT COUNT(*) FROM accounts WHERE status = 'open'")

"$gen" feeds --state "$work/state.json" --delay-ms "$delay" >"$work/feeds.log" 2>&1 &
pids+=($!)
feeds_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$feed_port/health" >/dev/null && break; sleep 0.1; done
round_feed() { curl -sf -X POST -d '' "http://127.0.0.1:$feed_port/control/round?n=$1"; }
feed_stats() { curl -sf "http://127.0.0.1:$feed_port/control/stats?round=$1"; }

# CPU seconds so far of some processes (user + system), and of the whole PostgreSQL cluster.
cpu_of() { local s=0 p; for p in "$@"; do s=$((s + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "scale=1; $s / $(getconf CLK_TCK)" | bc; }
pg_cpu() {
  local master
  master=$(head -1 "$pgdir/data/postmaster.pid")
  cpu_of "$master" $(ps -o pid= --ppid "$master")
}

# ---- 3. three nodes and two polling rounds ----
api_port=$(free_port)
common=(--db "$db" --poll-minutes 15 --no-check-availability)
round_feed 1 >/dev/null
reset_statements
log "starting three nodes: serve and two workers"
cpu_pg0=$(pg_cpu)
"$bin" worker "${common[@]}" >"$work/worker1.log" 2>&1 &
victim=$!
pids+=($victim)
"$bin" worker "${common[@]}" >"$work/worker2.log" 2>&1 &
worker=$!
pids+=($worker)
"$bin" serve "${common[@]}" --port "$api_port" --web "$web" >"$work/serve.log" 2>&1 &
server=$!
pids+=($server)
nodes=($victim $worker $server)
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$api_port/api/health" >/dev/null && break; sleep 0.2; done

# Waits until the round whose jobs are keyed "$1/…" has all its jobs done; samples the database
# every second: jobs done, and backends active / waiting for the write lock (an advisory lock).
wait_round() {
  local round=$1 limit=$2 i done active waiting
  : >"$work/samples-$round.txt"
  for ((i = 0; i < limit; i++)); do
    read -r done active waiting < <(q "SELECT (SELECT COUNT(*) FROM jobs WHERE kind = 'feed.poll' AND key LIKE '$round/%' AND status = 'done'),
      (SELECT COUNT(*) FROM pg_stat_activity WHERE datname = 'province' AND state = 'active' AND pid <> pg_backend_pid()),
      (SELECT COUNT(*) FROM pg_stat_activity WHERE datname = 'province' AND wait_event = 'advisory')" | tr '|' ' ')
    echo "$i $done $active $waiting" >>"$work/samples-$round.txt"
    ((done >= feeds)) && return 0
    sleep 1
  done
  return 1
}
blind_in() {  # from to: the fetches recorded blind in that span, by reason
  local r
  r=$(q "SELECT string_agg(reason || ': ' || n, '; ') FROM (SELECT reason, COUNT(*) n FROM feed_fetches WHERE fetched_epoch >= $1 AND fetched_epoch <= $2 AND outcome = 'blind' GROUP BY reason ORDER BY n DESC) x")
  echo "${r:-none}"
}
round_end() { q "SELECT MAX(finished_epoch) FROM jobs WHERE kind = 'feed.poll' AND key LIKE '$1/%'"; }
round_figures() {  # round: wall time from the round's start to its last job, from the jobs' rows
  q "SELECT MAX(finished_epoch) - $1, MAX(finished_epoch) - MIN(EXTRACT(EPOCH FROM created_at::timestamptz))::bigint,
     (SELECT EXTRACT(EPOCH FROM MAX(created_at::timestamptz) - MIN(created_at::timestamptz))) FROM jobs WHERE kind = 'feed.poll' AND key LIKE '$1/%'"
}
sample_means() { awk '{a += $3; w += $4; n++} END {if (n) printf "%.1f active backends, %.1f waiting for the write lock (mean of %d samples)", a/n, w/n, n}' "$work/samples-$1.txt"; }

for _ in $(seq 120); do [[ -n $(q "SELECT last_round FROM schedules WHERE name = 'feed.poll'") ]] && break; sleep 0.5; done
round1=$(q "SELECT last_round FROM schedules WHERE name = 'feed.poll'")
cpu_nodes0=$(cpu_of "${nodes[@]}")
cpu_feeds0=$(cpu_of "$feeds_pid")
log "round 1 ($round1): $feeds feeds"
wait_round "$round1" 1800 || { say "round 1 did not finish in 30 minutes"; exit 1; }
IFS='|' read -r wall1 wall1b enqueue1 <<<"$(round_figures "$round1")"
cpu_nodes1=$(cpu_of "${nodes[@]}")
cpu_pg1=$(pg_cpu)
cpu_feeds1=$(cpu_of "$feeds_pid")
stats1=$(feed_stats 1)
say ""
say "## Round 1: $feeds feeds, three nodes (serve + 2 workers, 4 runner threads each), nothing killed"
say "wall time: $wall1b s from the round's first job enqueued to its last job finished (jobs enqueued in $enqueue1 s); load average after $(load)"
say "during the round: $(sample_means "$round1")"
say "CPU: nodes $(echo "$cpu_nodes1 - $cpu_nodes0" | bc) s, PostgreSQL $(echo "$cpu_pg1 - $cpu_pg0" | bc) s (incl. the nodes' start), feed generator $(echo "$cpu_feeds1 - $cpu_feeds0" | bc) s"
say "feed generator: $stats1"
say "jobs per node: $(q "SELECT string_agg(node || ' ' || n, ', ') FROM (SELECT node, COUNT(*) n FROM jobs WHERE kind = 'feed.poll' AND key LIKE '$round1/%' GROUP BY node ORDER BY node) x")"
say "fetches recorded blind (数据源异常) in the round: $(blind_in "$round1" "$(round_end "$round1")")"
say "archived in the round: $(q "SELECT COUNT(*) FROM posts WHERE first_seen >= to_char(to_timestamp($round1) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')") posts, $(q "SELECT COUNT(*) FROM post_versions WHERE seen_at >= to_char(to_timestamp($round1) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')") versions (new items offered: $(echo "$stats1" | sed 's/.*"new_items":\([0-9]*\).*/\1/'))"
say "the database's busiest statements in the round (pg_stat_statements, total execution time):"
statements 10
reset_statements

# Round 2: started by moving the schedule's next round to now; the first worker is killed (SIGKILL)
# once 40% of the jobs are done. Its jobs return when their leases (120 s) pass.
round_feed 2 >/dev/null
victim_name="$(hostname):$victim"
cpu_nodes0=$(cpu_of "$worker" "$server")
cpu_pg0=$(pg_cpu)
q "UPDATE schedules SET next_at = EXTRACT(EPOCH FROM now())::bigint WHERE name = 'feed.poll'" >/dev/null
for _ in $(seq 120); do
  round2=$(q "SELECT last_round FROM schedules WHERE name = 'feed.poll'")
  [[ $round2 != "$round1" ]] && break
  sleep 0.5
done
log "round 2 ($round2): killing $victim_name at 40%"
for _ in $(seq 1800); do
  d=$(q "SELECT COUNT(*) FROM jobs WHERE kind = 'feed.poll' AND key LIKE '$round2/%' AND status = 'done'")
  ((d * 10 >= feeds * 4)) && break
  sleep 0.2
done
kill -KILL "$victim"
wait "$victim" 2>/dev/null || true
killed_at=$(date +%s)
held=$(q "SELECT COUNT(*) FROM jobs WHERE kind = 'feed.poll' AND key LIKE '$round2/%' AND status = 'running' AND node = '$victim_name'")
done_at_kill=$(q "SELECT COUNT(*) FROM jobs WHERE kind = 'feed.poll' AND key LIKE '$round2/%' AND status = 'done'")
wait_round "$round2" 1800 || { say "round 2 did not finish in 30 minutes"; exit 1; }
IFS='|' read -r wall2 wall2b enqueue2 <<<"$(round_figures "$round2")"
cpu_nodes1=$(cpu_of "$worker" "$server")
cpu_pg1=$(pg_cpu)
stats2=$(feed_stats 2)
since="to_char(to_timestamp($round2) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
say ""
say "## Round 2: $feeds feeds, worker $victim_name killed (SIGKILL) with $done_at_kill jobs done, holding $held"
say "wall time: $wall2b s from the round's first job enqueued to its last job finished; the last job ended $(( $(q "SELECT MAX(finished_epoch) FROM jobs WHERE key LIKE '$round2/%'") - killed_at )) s after the kill (leases: 120 s); load average after $(load)"
say "during the round: $(sample_means "$round2")"
say "CPU: surviving nodes $(echo "$cpu_nodes1 - $cpu_nodes0" | bc) s, PostgreSQL $(echo "$cpu_pg1 - $cpu_pg0" | bc) s"
say "jobs of the round: $(q "SELECT COUNT(*) || ' jobs, ' || COUNT(DISTINCT payload::json->>'account_id') || ' distinct feeds, ' || COUNT(*) FILTER (WHERE status = 'done') || ' done' FROM jobs WHERE kind = 'feed.poll' AND key LIKE '$round2/%'"); by attempts: $(q "SELECT string_agg(attempts || ' attempt(s): ' || n, ', ') FROM (SELECT attempts, COUNT(*) n FROM jobs WHERE kind = 'feed.poll' AND key LIKE '$round2/%' GROUP BY attempts ORDER BY attempts) x")"
say "finished by: $(q "SELECT string_agg(node || ' ' || n, ', ') FROM (SELECT node, COUNT(*) n FROM jobs WHERE kind = 'feed.poll' AND key LIKE '$round2/%' GROUP BY node ORDER BY node) x")"
say "fetches recorded per feed in the round (feed_fetches): $(q "SELECT string_agg(n || ' fetch(es): ' || feeds || ' feeds', ', ') FROM (SELECT n, COUNT(*) feeds FROM (SELECT a.id, (SELECT COUNT(*) FROM feed_fetches f WHERE f.account_id = a.id AND f.fetched_epoch >= $round2) n FROM accounts a WHERE a.status = 'open') x GROUP BY n ORDER BY n) y")"
say "feed generator: $stats2"
say "fetches recorded blind (数据源异常) in the round: $(blind_in "$round2" "$(round_end "$round2")")"
say "archived in the round: $(q "SELECT COUNT(*) FROM posts WHERE first_seen >= $since") posts, $(q "SELECT COUNT(*) FROM post_versions WHERE seen_at >= $since") versions (new items offered: $(echo "$stats2" | sed 's/.*"new_items":\([0-9]*\).*/\1/')); posts with more than one version among them: $(q "SELECT COUNT(*) FROM posts WHERE first_seen >= $since AND current_version > 1")"
# No further round while the API is measured.
q "UPDATE schedules SET next_at = EXTRACT(EPOCH FROM now())::bigint + 30 * 86400 WHERE name = 'feed.poll'" >/dev/null

# ---- 4. the API ----
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" "http://127.0.0.1:$api_port/api/login" |
  sed -n 's/^Set-Cookie: \(gm_session=[^;]*\).*/\1/p')
[[ -n $cookie ]] || { say "login failed"; exit 1; }
year=$(TZ=Asia/Shanghai date +%Y)
say ""
say "## API, one request at a time (serve node; first request, then the median of 3)"
reset_statements
timed() {  # label path
  local first rest=() i code size
  read -r code first size < <(curl -s -o /dev/null -H "Cookie: $gm" -w '%{http_code} %{time_total} %{size_download}\n' "http://127.0.0.1:$api_port$2")
  for i in 1 2 3; do
    rest+=("$(curl -s -o /dev/null -H "Cookie: $gm" -w '%{time_total}' "http://127.0.0.1:$api_port$2")")
  done
  say "$(printf '%-44s HTTP %s  first %7.3f s  median %7.3f s  %9s bytes' "$1" "$code" "$first" \
    "$(printf '%s\n' "${rest[@]}" | sort -n | sed -n 2p)" "$size")"
}
gm=$cookie
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
timed "freshness, every account" "/api/freshness"
timed "freshness, accounts at risk" "/api/freshness?level=risk"
timed "assessment of every unit, $year" "/api/assessments?year=$year"
timed "dashboard (home)" "/api/dashboard"
timed "supervision dashboard, $year" "/api/dashboard/supervision?year=$year"
timed "account list, 50 a page" "/api/accounts?page_size=50"
say "the database's busiest statements of these requests:"
statements 8
reset_statements
for w in 疫情 熊猫 钟南山 办公厅 疫情防控 新冠肺炎; do
  timed "archive search q=$w ($(q "SELECT COUNT(*) FROM post_versions v JOIN posts p ON p.id = v.post_id AND v.version = p.current_version WHERE strpos(v.text, '$w') > 0") found)" "/api/posts?q=$(enc "$w")"
done

say "the database's busiest statements of the searches:"
statements 4
say ""
say "## wrk: p50 and p99 at 50 and 200 connections ($secs s each, keep-alive, gzip accepted)"
largest=""
for f in "$web"/assets/*.js; do [[ -z $largest ]] || (($(stat -c %s "$f") > $(stat -c %s "$largest"))) && largest=$f; done
cat >"$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.timeout + summary.errors.connect + summary.errors.read
  io.write(string.format("%8.1f req/s  p50 %9.2f ms  p99 %9.2f ms  requests %d  errors %d (timeouts %d)\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests, errors, summary.errors.timeout))
end
LUA
bench() {  # label connections path seconds
  local line
  line=$(wrk -t2 -c"$2" -d"$4s" --timeout "$4s" -s "$work/report.lua" -H "Cookie: $cookie" -H 'Accept-Encoding: gzip' \
    "http://127.0.0.1:$api_port$3" | tail -1)
  say "$(printf '%-32s %4s conns %4ss  %s  (load %s)' "$1" "$2" "$4" "$line" "$(load)")"
}
# A request wrk gave up on is still computed by the server; after a run of a slow page the serve
# node is restarted (any node answers any session), so that the next run does not wait behind it.
restart_serve() {
  kill -KILL "$server"
  wait "$server" 2>/dev/null || true
  "$bin" serve "${common[@]}" --port "$api_port" --web "$web" >>"$work/serve.log" 2>&1 &
  server=$!
  pids+=($server)
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$api_port/api/health" >/dev/null && break; sleep 0.2; done
  sleep 2
}
slow=$((secs * 3))
for c in 50 200; do
  bench "static file $(basename "$largest")" $c "/assets/$(basename "$largest")" "$secs"
  bench "/api/accounts?page_size=50" $c "/api/accounts?page_size=50" "$secs"
  bench "/api/dashboard" $c "/api/dashboard" "$secs"
  restart_serve
  bench "/api/dashboard/supervision" $c "/api/dashboard/supervision?year=$year" "$slow"
  restart_serve
  bench "/api/freshness" $c "/api/freshness" "$slow"
  restart_serve
  # The console's request: a page of 50, with the counts of all.
  bench "/api/freshness?page_size=50" $c "/api/freshness?page=1&page_size=50" "$secs"
done
say "(a run that completes no request in its time says that every answer took longer: the page is CPU-bound)"

# ---- 5. one node alone: the serve node stopped, the surviving worker polls round 3 ----
kill -TERM "$server"
wait "$server" 2>/dev/null || true
# A round polled by the surviving worker alone: feed round $1 (its control query), the previous
# round $2, a heading $3; prints the figures and sets `last`.
one_node_round() {
  local n=$1 prev=$2 heading=$3 round wall wallb enqueue cpu0 pg0
  round_feed "$n" >/dev/null
  reset_statements
  cpu0=$(cpu_of "$worker")
  pg0=$(pg_cpu)
  q "UPDATE schedules SET next_at = EXTRACT(EPOCH FROM now())::bigint WHERE name = 'feed.poll'" >/dev/null
  for _ in $(seq 120); do
    round=$(q "SELECT last_round FROM schedules WHERE name = 'feed.poll'")
    [[ $round != "$prev" ]] && break
    sleep 0.5
  done
  log "round ${n%%&*} ($round): one worker"
  wait_round "$round" 3600 || { say "round ${n%%&*} did not finish in 60 minutes"; exit 1; }
  IFS='|' read -r wall wallb enqueue <<<"$(round_figures "$round")"
  say ""
  say "## Round ${n%%&*}: $feeds feeds, $heading"
  say "wall time: $wallb s; during the round: $(sample_means "$round"); CPU: node $(echo "$(cpu_of "$worker") - $cpu0" | bc) s, PostgreSQL $(echo "$(pg_cpu) - $pg0" | bc) s; load average after $(load)"
  say "feed generator: $(feed_stats "${n%%&*}")"
  say "fetches recorded blind (数据源异常) in the round: $(blind_in "$round" "$(round_end "$round")")"
  say "the database's busiest statements in the round:"
  statements 5
  last=$round
}
one_node_round 3 "$round2" "one node (the surviving worker, 4 runner threads)"
# ---- 6. a quiet round: nobody posted since the last one, every healthy feed answers 304 ----
one_node_round "4&quiet=1" "$last" "nothing new since round 3 (conditional requests: 304), one node"
say ""
say "load average at the end $(load)"
log "done: $results"
