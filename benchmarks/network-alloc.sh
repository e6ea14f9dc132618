#!/usr/bin/env bash
# The daemon's allocation per request (issue 16): runs one omnistock cell of benchmarks/network.sh
# and, while its measured wrk run is under way, records 10 s of JFR on the daemon
# (jdk.ThreadAllocationStatistics), counting the requests answered meanwhile from
# omnistock_http_requests_total. Prints bytes allocated per request, in all and by thread.
# Bytes per request do not depend on the machine's load; the throughput the cell reports does.
#
# Usage: bash benchmarks/network-alloc.sh [cell] [orders per request]
#   cell: omnistock:single (default) or omnistock:batch256 (then pass 256 to count per order)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cell="${1:-omnistock:single}"
per_request="${2:-1}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
command -v jcmd >/dev/null 2>&1 || { echo "network-alloc: skipping: no jcmd (a JDK) on PATH"; exit 0; }
NET_SYSTEMS=omnistock NET_CELLS="$cell" NET_WORKLOADS=flash NET_DURABILITY=equal NET_ROUNDS=1 NET_SECONDS=25 \
  NET_WARMUP=3 NET_DAEMON_WARMUP=8 bash "$here/network.sh" "$out/cell.tsv" >"$out/cell.log" 2>&1 &
bench=$!
# The measured run is the one wrk started with -d25s (warm-ups are shorter).
for _ in $(seq 1 300); do pgrep -f -- "-d25s" >/dev/null && break; sleep 1; done
daemon=$(pgrep -f -- "-jar .* serve" | head -1)
port=$(sed -n 's/.* on http:\/\/127.0.0.1:\([0-9]*\),.*/\1/p' "$out/cell.log" | tail -1)
if [[ -z $daemon || -z $port ]]; then echo "network-alloc: the cell did not start:"; tail -5 "$out/cell.log"; wait $bench; exit 1; fi
key=$(cat "/proc/$daemon/cwd/data/admin.key")
requests() {
  curl -s -H "Authorization: Bearer $key" "http://127.0.0.1:$port/metrics" |
    awk '/^omnistock_http_requests_total/ {s += $2} END {printf "%d", s}'
}
sleep 3
before=$(requests)
jcmd "$daemon" JFR.start name=alloc duration=10s filename="$out/alloc.jfr" >/dev/null
sleep 10.5
after=$(requests)
wait $bench
grep -E "orders/s," "$out/cell.log" | tail -1
jfr print --json --events jdk.ThreadAllocationStatistics "$out/alloc.jfr" >"$out/alloc.json"
python3 - "$out/alloc.json" $(( (after - before) * per_request )) "$per_request" <<'PY'
import collections, json, re, sys
events = json.load(open(sys.argv[1]))["recording"]["events"]
units = int(sys.argv[2]); unit = "request" if sys.argv[3] == "1" else "order"
first, last = {}, {}
for e in events:
    v = e["values"]; t = v["thread"]; key = (re.sub(r"\d+", "#", t["javaName"]), t["javaThreadId"])
    first.setdefault(key, v["allocated"]); last[key] = v["allocated"]
by = collections.Counter()
for key in last:
    by[key[0]] += last[key] - first[key]
total = sum(by.values())
print(f"{units} {unit}s in 10 s of JFR: {total / max(units, 1):,.0f} B allocated per {unit}")
for thread, b in by.most_common(6):
    print(f"  {thread}: {b / max(units, 1):,.0f} B")
PY
