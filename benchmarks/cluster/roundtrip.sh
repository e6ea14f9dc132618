#!/usr/bin/env bash
# Round-trip benchmark (issue 18): a command's round trip through the three-member cluster on
# loopback (ClusterClient; members in their own JVMs; answered after a quorum committed it and the
# leader applied it) against the embedded engine, the same workload and closed loop (1 and 16
# commands in flight), and through a cluster of one member (every hop but replication), rounds
# alternating the three. Prints p50/p99/p99.9 and throughput per round, the medians over rounds and
# the breakdown by layer (cluster machinery, replication). A benchmark run, not part of CI.
#
# Usage: bash benchmarks/cluster/roundtrip.sh [ROUNDS (3)] [SECONDS per measurement (10)]
# Output: kept in benchmarks/results/<date>-roundtrip.txt (the members' data and logs under a
# temporary directory, removed unless KEEP=1).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-3}"
seconds="${2:-10}"
mkdir -p "$root/benchmarks/results"
out="$root/benchmarks/results/$(date -u +%Y-%m-%d)-roundtrip.txt"
work="$(mktemp -d "${TMPDIR:-/tmp}/omnistock-roundtrip.XXXXXX")"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT

echo "# roundtrip.sh $rounds rounds of $seconds s; $(date -u +%FT%TZ); $(nproc) cores; $(uname -r)" > "$out"
"$root/bin/omnistock" cluster-bench --dir "$work/bench" --rounds "$rounds" --seconds "$seconds" 2>&1 \
  | grep --line-buffered -e '^cluster-bench' -e ' round ' -e 'median' -e '^breakdown' -e '^load average' | tee -a "$out"
echo "roundtrip.sh: results in $out"
