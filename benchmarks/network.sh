#!/usr/bin/env bash
# Network against network (issue 16): on one machine, in one run, the same two workloads against
# Redis (a Lua check-and-decrement per order, redis-benchmark), PostgreSQL (a transaction per order
# with row locks, pgbench) and the omnistock daemon over HTTP (wrk), from the same number of client
# connections, at equal durability and then at each system's strongest. See docs/benchmarks.md,
# "How to run the network comparison".
#
#   flash   a flash sale: every order 1 unit of one hot SKU at one location
#   basket  3-line orders, 1 unit each, over 100 locations x 1,000 SKUs
#
# Cells (system:mode), run in a rotated order each round so that no system always runs first:
#   redis:p1, redis:p32         EVALSHA of the check-and-decrement script, redis-benchmark -P 1 / -P 32
#   postgres:tx                 pgbench, BEGIN; SELECT ... FOR UPDATE; UPDATE ... WHERE available >= 1;
#                               INSERT the hold rows; COMMIT (ROLLBACK when short), -M prepared, -j 2
#   omnistock:single            wrk, keep-alive, one POST /v1/orders per request (benchmarks/http/orders.lua)
#   omnistock:pipelined16       wrk, 16 POST /v1/orders written at once on a connection (HTTP/1.1 pipelining)
#   omnistock:batch32, batch256 wrk, POST /v1/batch of 32 / 256 orders (skipped when the daemon answers 404)
# Durability: equal = Redis appendfsync everysec, PostgreSQL synchronous_commit=off, the daemon's
# default journal (periodic: forced every 1,000 commands or 100 ms); strongest = appendfsync always,
# synchronous_commit=on, engine.durability=sync-each-batch.
#
# Per cell: orders/s (a batch of 256 counts 256), p50/p99/p99.9 per request, and the server's CPU
# over the measured interval from /proc (utime+stime of the server's process tree, plus what its
# reaped children used: the sum of every PostgreSQL backend), per request and per order. At the end
# of each durability every system's stock is read back: sold + remaining == initial, nothing negative.
# Orders not accepted are tallied by reason (each refused element's error code, else the HTTP
# status) on a line of wrk's output, kept in the raw log (run 40 counted 794 without one).
# Latency is per answer: redis-benchmark's, pgbench's per transaction (-l), and for wrk the script's
# own (orders.lua times each answer from the write that carried it; wrk's built-in percentiles do
# not hold up once a write carries several requests).
# Results: a TSV row per cell, a TSV of stock checks beside it (<results>-stock.tsv), every client's
# raw output (<results>-raw.log), and markdown tables on stdout.
#
# Installs what it lacks from Debian's packages when run as root (wrk, redis-server, redis-tools,
# postgresql, postgresql-client) and skips a system with a message when it cannot. Redis and
# PostgreSQL are private instances on 127.0.0.1:16379 and :15432 with data in a temp dir; the daemon
# runs from bin/omnistock serve (built on first use, never mvn install) on a free loopback port.
#
# Usage: bash benchmarks/network.sh [results.tsv]    (default benchmarks/results/<date>-network.tsv)
#   NET_SECONDS (15)       measured seconds per cell
#   NET_WARMUP (3)         seconds of the same load before each cell, not recorded (0: none)
#   NET_DAEMON_WARMUP (30) seconds per workload and per omnistock cell of NET_CELLS after each daemon
#                          start, not recorded, so that the cells do not measure the JIT compiler (its
#                          compile time levelled off after about 45 s of batches: run 49)
#   NET_ROUNDS (3)         rounds; each round runs every cell of every workload once
#   NET_CONNECTIONS (64)   client connections, for every system
#   NET_CLIENT_THREADS (2) wrk -t and pgbench -j (redis-benchmark runs one thread)
#   NET_WORKLOADS ("flash basket"), NET_DURABILITY ("equal strongest")
#   NET_CELLS ("redis:p1 redis:p32 postgres:tx omnistock:single omnistock:pipelined16
#              omnistock:batch32 omnistock:batch256"): p<N> is redis-benchmark -P N,
#              pipelined<N> N requests per write, batch<N> N orders per POST /v1/batch
#   NET_SYSTEMS ("redis postgres omnistock"): drop a system without editing NET_CELLS
#   NET_DAEMON_JAR (unset) run this daemon jar (java -jar JAR serve) instead of bin/omnistock serve,
#                          e.g. a build from another branch
#   NET_DAEMON_JAVA_OPTS ("-XX:+UseTransparentHugePages -Xms8g -Xmx8g -XX:+AlwaysPreTouch") the
#                          daemon's JVM options, as docs/operations.md ("JVM settings") has them for a
#                          daemon that runs for long: a cell lasts seconds, a service months, and
#                          with the JVM's defaults a cell measures the heap being faulted in (run 49).
#                          8 GB: every order a round takes stays held (a week's hold TTL), millions
#                          of them; a 70 s cell of batches filled 2 GB and the daemon fell behind
# The daemon takes its other settings from OMNISTOCK_* variables as usual (docs/daemon.md).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
results="${1:-$here/results/$(date -u +%Y-%m-%d)-network.tsv}"
seconds="${NET_SECONDS:-15}"
daemon_java_opts="${NET_DAEMON_JAVA_OPTS--XX:+UseTransparentHugePages -Xms8g -Xmx8g -XX:+AlwaysPreTouch}"
warmup="${NET_WARMUP:-3}"
daemon_warmup="${NET_DAEMON_WARMUP:-30}"
rounds="${NET_ROUNDS:-3}"
connections="${NET_CONNECTIONS:-64}"
client_threads="${NET_CLIENT_THREADS:-2}"
workloads="${NET_WORKLOADS:-flash basket}"
durabilities="${NET_DURABILITY:-equal strongest}"
cells="${NET_CELLS:-redis:p1 redis:p32 postgres:tx omnistock:single omnistock:pipelined16 omnistock:batch32 omnistock:batch256}"
systems="${NET_SYSTEMS:-redis postgres omnistock}"
daemon_jar="${NET_DAEMON_JAR:-}"
redis_port=16379
pg_port=15432
pg_max_connections=$((connections + 10))
tool="$here/network.py"
raw="${results%.tsv}-raw.log"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/omnistock-network.XXXXXX")"
chmod 755 "$tmp"
tag=network
# shellcheck source=servers.sh
source "$here/servers.sh"

daemon=""
cleanup() {
  stop_daemon
  stop_servers
  rm -rf "$tmp"
}
trap cleanup EXIT

# CPU clock ticks of a process and all its descendants: utime+stime of each, plus cutime+cstime
# (what each one's children used before it reaped them), so a PostgreSQL backend that exits
# within the interval is still counted through the postmaster.
tree_ticks() {
  cat /proc/[0-9]*/stat 2>/dev/null | sed 's/^\([0-9]*\) (.*) /\1 /' | awk -v root="$1" '
    { parent[$1] = $3; ticks[$1] = $13 + $14 + $15 + $16 }
    END {
      total = 0
      for (p in ticks) {
        q = p
        while (q != "" && q != root && q > 1) q = parent[q]
        if (q == root) total += ticks[p]
      }
      print total
    }'
}

# A measured client's output, kept beside the results (without redis-benchmark's progress lines).
keep_raw() {
  { echo "== $(date -u +%FT%TZ) $1"; tr '\r' '\n' <"$2" | grep -v ' rps='; echo; } >>"$raw"
}

# ------------------------------------------------------------------------------- Redis

# KEYS: the order's positions. ARGV[1]: units per line. All lines or none; the script keeps
# counters of units sold and orders short instead of a hold per order (redis-benchmark sends no
# order ids), which is less work than the daemon's order book does.
redis_take='local q = tonumber(ARGV[1])
for i = 1, #KEYS do
  if tonumber(redis.call("GET", KEYS[i])) < q then redis.call("INCR", "short") return 0 end
end
for i = 1, #KEYS do redis.call("DECRBY", KEYS[i], q) end
redis.call("INCRBY", "sold", #KEYS * q)
return 1'
# Basket positions are s:<12 digits>, as redis-benchmark writes __rand_int__; the hot SKU is s:hot.
redis_load='for i = 0, 99999 do redis.call("SET", string.format("s:%012d", i), ARGV[1]) end
redis.call("SET", "s:hot", ARGV[2]) redis.call("SET", "sold", 0) redis.call("SET", "short", 0)
return 1'
redis_stock='local initial, remaining, negative, n = 0, 0, 0, 0
local function add(key, units)
  local v = tonumber(redis.call("GET", key))
  n = n + 1 initial = initial + units remaining = remaining + v
  if v < 0 then negative = negative + 1 end
end
add("s:hot", tonumber(ARGV[2]))
for i = 0, 99999 do add(string.format("s:%012d", i), tonumber(ARGV[1])) end
return {n, string.format("%.0f", initial), redis.call("GET", "sold"), string.format("%.0f", remaining), negative}'
redis_sha=""

rcli() { redis-cli -h 127.0.0.1 -p "$redis_port" "$@"; }

setup_redis() {
  command -v redis-benchmark >/dev/null 2>&1 || install_package redis-tools ||
    { echo "network: skipping Redis: redis-benchmark (redis-tools) is not installed and cannot be"; return 1; }
  start_redis || return 1
  rcli eval "$redis_load" 0 $((1 << 30)) $((1 << 39)) >/dev/null &&
    redis_sha="$(rcli script load "$redis_take")" ||
    { echo "network: skipping Redis: loading the stock failed"; return 1; }
}

redis_durability() {
  case "$1" in equal) rcli config set appendfsync everysec ;; strongest) rcli config set appendfsync always ;; esac >/dev/null
}

redis_describe() {
  case "$1" in equal) echo "appendonly yes, appendfsync everysec" ;; strongest) echo "appendonly yes, appendfsync always" ;; esac
}

# redis-benchmark has no duration, only a request count: a calibration run sets the count of the
# warm-up, and the warm-up's rate that of the measured run.
run_redis() {
  local durability=$1 workload=$2 mode=$3 round=$4 depth=${3#p}
  local args=(-h 127.0.0.1 -p "$redis_port" -c "$connections" -P "$depth" --precision 3)
  local command=(evalsha "$redis_sha" 1 s:hot 1)
  if [[ $workload == basket ]]; then
    command=(evalsha "$redis_sha" 3 s:__rand_int__ s:__rand_int__ s:__rand_int__ 1)
    args+=(-r 100000)
  fi
  local n=$((5000 * depth)) rps
  redis-benchmark "${args[@]}" -n "$n" "${command[@]}" >"$tmp/redis.out" 2>&1
  rps=$(sed -n 's/.*throughput summary: \([0-9.]*\) requests per second.*/\1/p' "$tmp/redis.out")
  if [[ -z "$rps" ]]; then echo "network: redis-benchmark failed:"; tail -5 "$tmp/redis.out"; return 1; fi
  if [[ $warmup -gt 0 ]]; then
    redis-benchmark "${args[@]}" -n "$(python3 -c "print(max(1000, int($rps * $warmup)))")" "${command[@]}" >"$tmp/redis.out" 2>&1
    rps=$(sed -n 's/.*throughput summary: \([0-9.]*\) requests per second.*/\1/p' "$tmp/redis.out")
  fi
  n=$(python3 -c "print(max(1000, int($rps * $seconds)))")
  local pid before after
  pid=$(cat "$tmp/redis/redis.pid")
  before=$(tree_ticks "$pid")
  redis-benchmark "${args[@]}" -n "$n" "${command[@]}" >"$tmp/redis.out" 2>&1
  after=$(tree_ticks "$pid")
  keep_raw "round $round, $durability, $workload, redis $mode" "$tmp/redis.out"
  python3 "$tool" record --results "$results" --tool redis --out "$tmp/redis.out" --round "$round" \
    --durability "$durability" --workload "$workload" --system redis --mode "$mode" --connections "$connections" \
    --cpu-ticks $((after - before)) --command "redis-benchmark -c $connections -P $depth -n $n ${command[*]/$redis_sha/<sha>}"
}

check_redis() {
  local answer
  mapfile -t answer < <(rcli eval "$redis_stock" 0 $((1 << 30)) $((1 << 39)))
  python3 "$tool" stock-row --results "$results" --durability "$1" --system redis --positions "${answer[0]}" \
    --initial "${answer[1]}" --sold "${answer[2]}" --remaining "${answer[3]}" --negative "${answer[4]}" --mismatches 0
}

# ------------------------------------------------------------------------------- PostgreSQL

psql_run() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -X -q -v ON_ERROR_STOP=1 "$@" postgres; }

setup_postgres() {
  { command -v pgbench >/dev/null 2>&1 && command -v psql >/dev/null 2>&1; } ||
    install_package postgresql-client || install_package postgresql-contrib
  { command -v pgbench >/dev/null 2>&1 && command -v psql >/dev/null 2>&1; } ||
    { echo "network: skipping PostgreSQL: pgbench/psql (postgresql-client) not installed and cannot be"; return 1; }
  start_postgres || return 1
  # The stock of PeerComparison (benchmarks/peers.sh); the hot SKU is the row (0, -1).
  psql_run -c "CREATE TABLE stock (location int NOT NULL, sku int NOT NULL, available bigint NOT NULL, PRIMARY KEY (location, sku));
    CREATE TABLE holds (id bigserial PRIMARY KEY, location int NOT NULL, sku int NOT NULL, quantity bigint NOT NULL);
    INSERT INTO stock SELECT l, s, $((1 << 30)) FROM generate_series(0, 99) l, generate_series(0, 999) s;
    INSERT INTO stock VALUES (0, -1, $((1 << 39)));" && psql_run -c "VACUUM ANALYZE stock" ||
    { echo "network: skipping PostgreSQL: loading the stock failed"; return 1; }
  # One transaction per order: lock the order's rows in key order (no deadlocks), check them,
  # take the units and record the hold rows, or roll back when a line is short.
  local workload
  for workload in flash basket; do
    if [[ $workload == flash ]]; then
      printf '\\set loc 0\n\\set first -1\n\\set lines 1\n'
    else
      printf '\\set loc random(0, 99)\n\\set first random(0, 997)\n\\set lines 3\n'
    fi >"$tmp/pg-$workload.sql"
    cat >>"$tmp/pg-$workload.sql" <<'SQL'
\set last :first + :lines - 1
BEGIN;
SELECT count(*) FILTER (WHERE available >= 1) AS ok FROM (SELECT available FROM stock WHERE location = :loc AND sku BETWEEN :first AND :last ORDER BY sku FOR UPDATE) AS locked \gset
\if :ok = :lines
UPDATE stock SET available = available - 1 WHERE location = :loc AND sku BETWEEN :first AND :last AND available >= 1;
INSERT INTO holds (location, sku, quantity) SELECT :loc, s, 1 FROM generate_series(:first::int, :last::int) AS s;
COMMIT;
\else
ROLLBACK;
\endif
SQL
  done
}

pg_synchronous_commit() { case "$1" in equal) echo off ;; strongest) echo on ;; esac; }

run_postgres() {
  local durability=$1 workload=$2 mode=$3 round=$4
  local sc
  sc=$(pg_synchronous_commit "$durability")
  local bench=(pgbench -h 127.0.0.1 -p "$pg_port" -U postgres -n -M prepared -c "$connections" -j "$client_threads"
    -f "$tmp/pg-$workload.sql")
  if [[ $warmup -gt 0 ]]; then
    PGOPTIONS="-c synchronous_commit=$sc" "${bench[@]}" -T "$warmup" postgres >"$tmp/pg.out" 2>&1
  fi
  local pid before after
  pid=$(head -1 "$tmp/pg/postmaster.pid")
  before=$(tree_ticks "$pid")
  PGOPTIONS="-c synchronous_commit=$sc" "${bench[@]}" -T "$seconds" -l --log-prefix="$tmp/pglog" postgres >"$tmp/pg.out" 2>&1
  after=$(tree_ticks "$pid")
  keep_raw "round $round, $durability, $workload, postgres $mode" "$tmp/pg.out"
  if ! grep -q "transactions actually processed" "$tmp/pg.out"; then echo "network: pgbench failed:"; tail -5 "$tmp/pg.out"; return 1; fi
  python3 "$tool" record --results "$results" --tool pgbench --out "$tmp/pg.out" --pg-log-prefix "$tmp/pglog" \
    --round "$round" --durability "$durability" --workload "$workload" --system postgres --mode "$mode" \
    --connections "$connections" --cpu-ticks $((after - before)) \
    --command "PGOPTIONS='-c synchronous_commit=$sc' pgbench -M prepared -c $connections -j $client_threads -T $seconds -f $workload.sql"
}

check_postgres() {
  local answer
  answer=$(psql_run -A -t -F ' ' -c "SELECT count(*), sum(CASE WHEN sku = -1 THEN $((1 << 39)) ELSE $((1 << 30)) END),
    (SELECT coalesce(sum(quantity), 0) FROM holds), sum(available), count(*) FILTER (WHERE available < 0) FROM stock")
  read -r positions initial sold remaining negative <<<"$answer"
  python3 "$tool" stock-row --results "$results" --durability "$1" --system postgres --positions "$positions" \
    --initial "$initial" --sold "$sold" --remaining "$remaining" --negative "$negative" --mismatches 0
}

# ------------------------------------------------------------------------------- the daemon

url=""
key=""
has_batch=""
order_block=0      # each wrk run numbers its orders from its own block of 2^32 (orders.lua)
wrk_command=""     # the last wrk run, as the results record it
accepted_units=0   # units the daemon's clients were told they got, warm-ups included

setup_omnistock() {
  command -v wrk >/dev/null 2>&1 || install_package wrk ||
    { echo "network: skipping omnistock: wrk is not installed and cannot be"; return 1; }
  command -v java >/dev/null 2>&1 || { echo "network: skipping omnistock: no java on PATH"; return 1; }
  if [[ $client_threads -gt 64 ]]; then echo "network: NET_CLIENT_THREADS above 64 overlaps order numbers" >&2; exit 2; fi
}

daemon_durability() { case "$1" in equal) echo periodic ;; strongest) echo sync-each-batch ;; esac; }

# A fresh daemon per durability, on a fresh data directory, loaded with both workloads' stock.
start_daemon() {
  local durability port
  durability=$(daemon_durability "$1")
  accepted_units=0
  rm -rf "$tmp/daemon" && mkdir -p "$tmp/daemon"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  local serve=("$root/bin/omnistock" serve) opts
  read -r -a opts <<< "$daemon_java_opts"
  if [[ -n $daemon_jar ]]; then serve=(java "${opts[@]}" -Dchronicle.analytics.disable=true -jar "$daemon_jar" serve); fi
  (cd "$tmp/daemon" && OMNISTOCK_JAVA_OPTS="$daemon_java_opts" OMNISTOCK_HTTP_PORT=$port OMNISTOCK_SNAPSHOT_INTERVAL_SECONDS=0 \
    OMNISTOCK_ENGINE_DURABILITY=$durability exec "${serve[@]}" >serve.log 2>&1) &
  daemon=$!
  url="http://127.0.0.1:$port"
  # bin/omnistock builds the daemon first when its jar is missing or stale: allow for that.
  for _ in $(seq 1 600); do
    curl -sf "$url/ready" >/dev/null 2>&1 && break
    kill -0 "$daemon" 2>/dev/null || break
    sleep 0.5
  done
  if ! curl -sf "$url/ready" >/dev/null 2>&1; then
    echo "network: skipping omnistock: the daemon did not get ready"; tail -5 "$tmp/daemon/serve.log"; stop_daemon; return 1
  fi
  key=$(python3 "$tool" daemon-load "$url" "$(cat "$tmp/daemon/data/admin.key")") ||
    { echo "network: skipping omnistock: loading the daemon failed"; stop_daemon; return 1; }
  order_block=0
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d '[]' "$url/v1/batch")
  if [[ $status == 404 ]]; then
    has_batch=""
    echo "network: this daemon has no POST /v1/batch (404): skipping the batch cells"
  else
    has_batch=1
  fi
  echo "network: omnistock daemon ${daemon_jar:-bin/omnistock} (engine.durability=$durability, JVM: ${daemon_java_opts:-defaults}) on $url, 100 x 1,000 positions and HOT loaded"
  if [[ $daemon_warmup -gt 0 ]]; then
    # Every path the cells take, not only single orders: a daemon warmed on single orders alone was
    # still compiling the batch path 40 s into the load, the JIT taking a fifth of its CPU; its
    # compile time levelled off after about 45 s of batches (run 49).
    local workload cell mode
    for workload in $workloads; do
      for cell in $cells; do
        [[ $cell == omnistock:* ]] || continue
        mode=${cell#omnistock:}
        [[ $mode == batch* && -z $has_batch ]] && continue
        run_wrk "$workload" "$mode" "$daemon_warmup" "$tmp/wrk.out" || { stop_daemon; return 1; }
      done
    done
  fi
}

stop_daemon() {
  if [[ -n "$daemon" ]]; then
    kill -TERM "$daemon" 2>/dev/null
    wait "$daemon" 2>/dev/null
    daemon=""
  fi
}

run_wrk() {
  local workload=$1 mode=$2 duration=$3 out=$4 depth=1 batch=0
  case "$mode" in
    pipelined*) depth=${mode#pipelined} ;;
    batch*) batch=${mode#batch} ;;
  esac
  order_block=$((order_block + 1))
  if [[ $order_block -ge 256 ]]; then echo "network: out of order numbers (2^40); fewer rounds per daemon" >&2; return 1; fi
  MODE=$workload SKUS=1000 LOCATIONS=100 OMNISTOCK_KEY=$key DEPTH=$depth BATCH=$batch \
    ORDER_BASE=$((order_block << 32)) wrk -t"$client_threads" -c"$connections" -d"${duration}s" --timeout 10s \
    --latency -s "$here/http/orders.lua" "$url" >"$out" 2>&1
  wrk_command="MODE=$workload DEPTH=$depth BATCH=$batch wrk -t$client_threads -c$connections -d${duration}s --latency -s benchmarks/http/orders.lua"
  local accepted
  accepted=$(sed -n 's/^wrk-result .*accepted=\([0-9]*\).*/\1/p' "$out")
  if [[ -z "$accepted" ]]; then echo "network: wrk failed:"; tail -5 "$out"; return 1; fi
  accepted_units=$((accepted_units + accepted * $([[ $workload == basket ]] && echo 3 || echo 1)))
}

run_omnistock() {
  local durability=$1 workload=$2 mode=$3 round=$4 per_request=1
  case "$mode" in batch*) per_request=${mode#batch} ;; esac
  if [[ $warmup -gt 0 ]]; then run_wrk "$workload" "$mode" "$warmup" "$tmp/wrk.out" || return 1; fi
  local before after
  before=$(tree_ticks "$daemon")
  run_wrk "$workload" "$mode" "$seconds" "$tmp/wrk.out" || return 1
  after=$(tree_ticks "$daemon")
  keep_raw "round $round, $durability, $workload, omnistock $mode" "$tmp/wrk.out"
  grep -m3 -e '^non-200' -e '^batch:' "$tmp/wrk.out"
  python3 "$tool" record --results "$results" --tool wrk --out "$tmp/wrk.out" --round "$round" \
    --durability "$durability" --workload "$workload" --system omnistock --mode "$mode" --connections "$connections" \
    --orders-per-request "$per_request" --cpu-ticks $((after - before)) \
    --command "$wrk_command"
}

check_omnistock() {
  local answer
  # Read with the admin key: a channel key's position shows only what its channel may promise, not
  # the books (on hand, reserved) the check adds up.
  answer=$(python3 "$tool" daemon-stock "$url" "$(cat "$tmp/daemon/data/admin.key")") ||
    { echo "network: reading the daemon's stock failed"; return 1; }
  python3 "$tool" stock-row --results "$results" --durability "$1" --system omnistock $(python3 -c "
import json, sys
a = json.loads(sys.argv[1])
print(f\"--positions {a['positions']} --initial {a['initial']} --sold {a['sold']} --remaining {a['remaining']}\",
      f\"--negative {a['negative']} --mismatches {a['mismatches']}\")" "$answer") --accepted-by-clients "$accepted_units"
}

# ------------------------------------------------------------------------------- the run

describe() {
  case "$1" in
    redis) redis_describe "$2" ;;
    postgres) echo "synchronous_commit=$(pg_synchronous_commit "$2")" ;;
    omnistock) echo "engine.durability=$(daemon_durability "$2")" ;;
  esac
}

ready=()
for s in $systems; do
  case "$s" in
    redis) setup_redis && ready+=(redis) ;;
    postgres) setup_postgres && ready+=(postgres) ;;
    omnistock) setup_omnistock && ready+=(omnistock) ;;
    *) echo "network: unknown system $s" >&2; exit 2 ;;
  esac
done
run_cells=()
for cell in $cells; do
  for s in "${ready[@]}"; do [[ ${cell%%:*} == "$s" ]] && run_cells+=("$cell"); done
done
if [[ ${#run_cells[@]} -eq 0 ]]; then
  echo "network: nothing to measure (no system could run)"
  exit 0
fi

mkdir -p "$(dirname "$results")"
echo "network: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
echo "network: ${seconds} s per cell after ${warmup} s of warm-up, $rounds round(s), $connections connections; results to $results"
status=0
for durability in $durabilities; do
  [[ $durability == equal || $durability == strongest ]] || { echo "network: durability is equal or strongest: $durability" >&2; exit 2; }
  active=()
  for s in "${ready[@]}"; do
    case "$s" in
      redis) redis_durability "$durability" && active+=(redis) ;;
      postgres) active+=(postgres) ;;
      omnistock) start_daemon "$durability" && active+=(omnistock) ;;
    esac
  done
  for round in $(seq 1 "$rounds"); do
    for workload in $workloads; do
      n=${#run_cells[@]}
      for ((i = 0; i < n; i++)); do
        cell=${run_cells[$(((i + round - 1) % n))]}
        system=${cell%%:*} mode=${cell#*:}
        [[ " ${active[*]} " == *" $system "* ]] || continue
        [[ $system == omnistock && $mode == batch* && -z $has_batch ]] && continue
        echo "== round $round, $durability, $workload: $system $mode ($(describe "$system" "$durability")), load $(cut -d' ' -f1 /proc/loadavg)"
        if ! "run_$system" "$durability" "$workload" "$mode" "$round"; then
          echo "network: $system $mode $workload $durability FAILED" >&2
          status=1
        fi
      done
    done
  done
  echo "== stock checks after $durability durability"
  for s in "${active[@]}"; do "check_$s" "$durability" || status=1; done
  stop_daemon
done

echo
python3 "$tool" summarize "$results"
exit $status
