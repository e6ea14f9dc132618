#!/usr/bin/env bash
# Failover benchmark (issue 18): N SIGKILLs of the leader of a three-member cluster on loopback,
# under load; the time from each kill to the first write acknowledged by the next leader (median
# and max), and, at the end, a check that no acknowledged command was lost or applied twice.
# A benchmark run, not part of CI: about 20 s a kill (the killed member restarts from its disk,
# waits out its mark files, about 10 s, and catches up before the next kill).
#
# Usage: bash benchmarks/cluster/failover.sh [KILLS (20)] [LOAD_SECONDS per phase (3)]
# Output: the demo's lines, kept in benchmarks/results/<date>-failover-<N>.txt (and the members'
# logs under a temporary directory, removed unless KEEP=1).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
kills="${1:-20}"
load_seconds="${2:-3}"
mkdir -p "$root/benchmarks/results"
out="$root/benchmarks/results/$(date -u +%Y-%m-%d)-failover-$kills.txt"
work="$(mktemp -d "${TMPDIR:-/tmp}/omnistock-failover.XXXXXX")"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT

{
  echo "# failover.sh $kills kills, $load_seconds s of load per phase; $(date -u +%FT%TZ); $(nproc) cores; $(uname -r)"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out"
set +e
"$root/bin/omnistock" cluster-demo --dir "$work/cluster" --kills "$kills" --load-seconds "$load_seconds" 2>&1 \
  | grep --line-buffered -v -e '^SLF4J' -e 'DiskSpaceMonitor' | tee -a "$out"
status="${PIPESTATUS[0]}"
set -e
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out"

summary="$(grep '^failover ' "$out" || true)"
lost="$(sed -n 's/^journals of members .*: acknowledged commands lost or applied twice: \([0-9]*\)$/\1/p' "$out")"
if [ "$status" -ne 0 ] || [ -z "$summary" ] || [ "$lost" != 0 ]; then
  echo "failover.sh: FAILED (exit $status, lost or applied twice: ${lost:-unknown}); see $out" >&2
  exit 1
fi
echo "failover.sh: $kills kills; ${summary#*: }; 0 acknowledged commands lost or applied twice ($out)"
