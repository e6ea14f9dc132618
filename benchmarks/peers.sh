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
tag=peers
# shellcheck source=servers.sh
source "$here/servers.sh"

cleanup() {
  stop_servers
  rm -rf "$tmp"
}
trap cleanup EXIT

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
