#!/usr/bin/env bash
# Side-by-side: the same two workloads (flash sale on one hot SKU; 3-line orders over 100
# locations) against omnistock embedded, Redis (a Lua check-and-decrement per order, pipelined
# clients) and PostgreSQL (a transaction per order with row locks), from the same number of client
# threads, at equal durability and at each system's strongest. See docs/benchmarks.md.
#
# Installs Redis and PostgreSQL from the system's packages when they are missing (apt-get, as
# root), starts private instances on loopback only (Redis 127.0.0.1:16379, PostgreSQL
# 127.0.0.1:15432, data in a temp dir), and stops and deletes them on exit. A peer that cannot be
# installed or started is skipped with a message; omnistock always runs.
#
# Usage: bash benchmarks/peers.sh [results.tsv]
#   PEERS_SECONDS (10), PEERS_WARMUP (3), PEERS_CLIENTS (8), PEERS_BATCH (64),
#   PEERS_SYSTEMS ("omnistock redis postgres"), PEERS_WORKLOADS ("flash basket"),
#   PEERS_DURABILITY ("equal strongest")
# Build the jar first (never mvn install): mvn -q -B -pl benchmarks -am package -DskipTests
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"
results="${1:-$here/results/$(date -u +%Y-%m-%d)-peers.tsv}"
seconds="${PEERS_SECONDS:-10}"
warmup="${PEERS_WARMUP:-3}"
clients="${PEERS_CLIENTS:-8}"
batch="${PEERS_BATCH:-64}"
systems="${PEERS_SYSTEMS:-omnistock redis postgres}"
workloads="${PEERS_WORKLOADS:-flash basket}"
durabilities="${PEERS_DURABILITY:-equal strongest}"
redis_port=16379
pg_port=15432

if [[ ! -f "$jar" ]]; then
  echo "peers: $jar not found; build it with: mvn -q -B -pl benchmarks -am package -DskipTests" >&2
  exit 1
fi
flags="$(sed -n 's:.*<chronicle.jvm.flags>\(.*\)</chronicle.jvm.flags>.*:\1:p' "$root/pom.xml")"
read -r -a jvm_flags <<< "$flags"
jvm_flags+=(-Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true)

tmp="$(mktemp -d "${TMPDIR:-/tmp}/omnistock-peers.XXXXXX")"
chmod 755 "$tmp"
redis_up=""
pg_up=""
pg_bin=""
as_postgres=()

cleanup() {
  if [[ -n "$redis_up" ]]; then
    redis-cli -h 127.0.0.1 -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  fi
  if [[ -n "$pg_up" ]]; then
    "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$tmp/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# apt-get install, only as root and only when apt-get exists; quiet, and never fatal.
install_package() {
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    return 1
  fi
  echo "peers: installing $1 from the system's packages"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >"$tmp/apt-$1.log" 2>&1 ||
    { apt-get update -q >>"$tmp/apt-$1.log" 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >>"$tmp/apt-$1.log" 2>&1; }
}

start_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then
    install_package redis-server || { echo "peers: skipping Redis: redis-server is not installed and cannot be"; return 1; }
  fi
  mkdir -p "$tmp/redis"
  # Private instance: loopback only, no RDB snapshots, append-only file in the temp dir.
  if ! redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$tmp/redis" --save "" --appendonly yes \
      --appendfsync everysec --daemonize yes --pidfile "$tmp/redis/redis.pid" --logfile "$tmp/redis/redis.log"; then
    echo "peers: skipping Redis: redis-server did not start"; return 1
  fi
  for _ in $(seq 50); do
    if redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1; then
      redis_up=1; echo "peers: Redis $(redis-server --version | awk '{print $3}') on 127.0.0.1:$redis_port"; return 0
    fi
    sleep 0.1
  done
  echo "peers: skipping Redis: no answer on 127.0.0.1:$redis_port"; return 1
}

find_pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then pg_bin="$d"; fi
  done
  if [[ -z "$pg_bin" ]] && command -v initdb >/dev/null 2>&1; then
    pg_bin="$(dirname "$(readlink -f "$(command -v initdb)")")"
  fi
  [[ -n "$pg_bin" ]]
}

start_postgres() {
  if ! find_pg_bin; then
    install_package postgresql && find_pg_bin ||
      { echo "peers: skipping PostgreSQL: initdb/pg_ctl not installed and cannot be"; return 1; }
  fi
  # PostgreSQL refuses to run as root: run it as the postgres user when we are root.
  if [[ $(id -u) -eq 0 ]]; then
    if ! id postgres >/dev/null 2>&1; then
      echo "peers: skipping PostgreSQL: running as root and there is no postgres user"; return 1
    fi
    as_postgres=(runuser -u postgres --)
    mkdir -p "$tmp/pg" && chown postgres "$tmp/pg"
  else
    mkdir -p "$tmp/pg"
  fi
  if ! "${as_postgres[@]}" "$pg_bin/initdb" -D "$tmp/pg" -U postgres --auth=trust -E UTF8 >"$tmp/initdb.log" 2>&1; then
    echo "peers: skipping PostgreSQL: initdb failed (see below)"; tail -3 "$tmp/initdb.log"; return 1
  fi
  # Loopback only, fsync on (durability is chosen per session with synchronous_commit).
  if ! "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$tmp/pg" -l "$tmp/pg/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $tmp/pg -c fsync=on -c shared_buffers=512MB -c max_connections=64" \
      start >/dev/null 2>&1; then
    echo "peers: skipping PostgreSQL: the server did not start"; tail -3 "$tmp/pg/server.log" 2>/dev/null; return 1
  fi
  pg_up=1
  echo "peers: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"
}

run_systems=()
for s in $systems; do
  case "$s" in
    omnistock) run_systems+=(omnistock) ;;
    redis) start_redis && run_systems+=(redis) ;;
    postgres) start_postgres && run_systems+=(postgres) ;;
    *) echo "peers: unknown system $s" >&2; exit 1 ;;
  esac
done

mkdir -p "$(dirname "$results")"
echo "peers: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), $(date -u +%FT%TZ)"
echo "peers: results to $results"
status=0
for durability in $durabilities; do
  for workload in $workloads; do
    for system in "${run_systems[@]}"; do
      echo "== $system, $workload, durability $durability"
      if ! java -Xms8g -Xmx8g "${jvm_flags[@]}" "-Djava.io.tmpdir=$tmp" -cp "$jar" io.omnistock.benchmarks.PeerComparison \
          --system "$system" --workload "$workload" --durability "$durability" --clients "$clients" --batch "$batch" \
          --seconds "$seconds" --warmup-seconds "$warmup" --redis "127.0.0.1:$redis_port" \
          --postgres "jdbc:postgresql://127.0.0.1:$pg_port/postgres?user=postgres" --results "$results" \
          2> >(grep -v -e 'INFO net.openhft' -e '^\[main\] INFO' >&2); then
        echo "peers: $system $workload $durability FAILED" >&2
        status=1
      fi
    done
  done
done

echo
if [[ -s "$results" ]]; then
  java -cp "$jar" io.omnistock.benchmarks.PeerComparison summarize "$results"
else
  echo "peers: nothing was measured (no system could run)"
fi
exit $status
