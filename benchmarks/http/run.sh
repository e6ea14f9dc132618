#!/usr/bin/env bash
# Route-and-reserve over loopback HTTP against the real daemon, with wrk (Debian package).
#   MODE=routed|flash|basket [BATCH=N] benchmarks/http/run.sh [DURATION_S] [CONNECTIONS] [THREADS]
# Starts bin/omnistock serve on a temporary data directory (settings from OMNISTOCK_* variables),
# loads a network with stock deep enough never to run out, then offers POST /v1/orders for
# DURATION seconds and prints wrk's figures and the daemon's own engine round-trip quantiles.
#   routed: a warehouse and 50 stores x 100 SKUs; one-line regular orders routed over the network.
#   flash, basket: the workloads of benchmarks/peers.sh: 100 locations x 1,000 SKUs (and SKU HOT
#   at L0); flash = 1 unit of HOT collected at L0; basket = 3 lines collected at a random store.
#   BATCH=N: each request is a POST /v1/batch of N such orders; figures are then also given per order.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
duration="${1:-20}"; connections="${2:-32}"; threads="${3:-2}"; mode="${MODE:-routed}"
command -v wrk > /dev/null || { echo "wrk is not installed (apt-get install wrk); skipping" >&2; exit 0; }
data="$(mktemp -d)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$data" && OMNISTOCK_HTTP_PORT=$port OMNISTOCK_SNAPSHOT_INTERVAL_SECONDS=0 exec "$root/bin/omnistock" serve > serve.log 2>&1) &
daemon=$!
trap 'kill -TERM $daemon 2>/dev/null; wait $daemon 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/ready" > /dev/null && break; sleep 1; done
admin="$(cat "$data/data/admin.key")"
url="http://127.0.0.1:$port"
# Definitions are queued and sent by one curl on one connection (send_posts), in order: a curl
# process per definition took most of a minute for the 1,100 of a flash-sale network on a busy machine.
posts="$data/posts.curl"; : > "$posts"
post() { [ -s "$posts" ] && echo next >> "$posts"
  printf 'url = "%s"\nheader = "Authorization: Bearer %s"\nheader = "Content-Type: application/json"\ndata = "%s"\noutput = "/dev/null"\n' \
  "$url$1" "$admin" "${2//\"/\\\"}" >> "$posts"; }
send_posts() { curl -sf --fail-early -K "$posts"; : > "$posts"; }
post /v1/channels '{"code":"app","holdTtlSeconds":604800}'
if [ "$mode" = routed ]; then
  locations=50; skus=100
  post /v1/locations '{"code":"DC","tier":"warehouse","lat":31.0,"lon":121.0}'
  for s in $(seq 0 $((locations - 1))); do
    post /v1/locations "{\"code\":\"ST$s\",\"tier\":\"store\",\"lat\":31.$((1000 + s * 20)),\"lon\":121.47}"
  done
  { echo "location,sku,quantity"
    for k in $(seq 0 $((skus - 1))); do
      post /v1/skus "{\"code\":\"SKU-$k\"}"
      echo "DC,SKU-$k,1000000000"
      for s in $(seq 0 $((locations - 1))); do echo "ST$s,SKU-$k,1000000000"; done
    done; } > "$data/stock.csv"
else
  locations=100; skus=1000
  for l in $(seq 0 $((locations - 1))); do
    post /v1/locations "{\"code\":\"L$l\",\"tier\":\"store\",\"lat\":31.$((1000 + l * 20)),\"lon\":121.47}"
  done
  post /v1/skus '{"code":"HOT"}'
  { echo "location,sku,quantity"; echo "L0,HOT,549755813888"
    for k in $(seq 0 $((skus - 1))); do
      post /v1/skus "{\"code\":\"SKU-$k\"}"
      for l in $(seq 0 $((locations - 1))); do echo "L$l,SKU-$k,1073741824"; done
    done; } > "$data/stock.csv"
fi
send_posts
curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: text/csv' --data-binary @"$data/stock.csv" "$url/v1/stock/load" | tail -1
key=$(curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"name":"load","channel":"app","scopes":["orders"]}' "$url/v1/admin/keys" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
batch="${BATCH:-0}"
echo "== wrk $mode$([ "$batch" -gt 0 ] && echo " batch $batch"): ${duration}s, $connections connections, $threads threads; $(java -version 2>&1 | head -1); load $(cut -d' ' -f1-3 /proc/loadavg) =="
# The daemon's own CPU over the run, from /proc (utime + stime, in clock ticks): client and server
# share the machine's cores, so CPU per request is the figure that does not depend on the client.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$daemon/stat"; }
system_ticks() { awk '{print $15}' "/proc/$daemon/stat"; }
before=$(cpu_ticks); system_before=$(system_ticks)
MODE="$mode" BATCH="$batch" SKUS=$skus LOCATIONS=$locations OMNISTOCK_KEY="$key" \
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$root/benchmarks/http/orders.lua" "$url" \
  | tee "$data/wrk.out"
after=$(cpu_ticks); system_after=$(system_ticks)
requests=$(awk '/requests in/ {print $1}' "$data/wrk.out")
python3 -c "import os; t=$after-$before; n=$requests; b=max($batch,1); hz=os.sysconf('SC_CLK_TCK'); print(f'daemon CPU: {t/hz:.2f} s over {n} requests = {t/hz/n*1e6:.1f} us per request' + (f', {n*b} orders = {t/hz/(n*b)*1e6:.2f} us per order, {n*b/$duration:.0f} orders/s' if b > 1 else ''))"
python3 -c "import os; hz=os.sysconf('SC_CLK_TCK'); k=$system_after-$system_before; t=max($after-$before,1); print(f'of which in the kernel: {k/hz:.2f} s ({100*k/t:.0f}%)')"
curl -sf "$url/metrics" | grep -E '^omnistock_command_latency_seconds\{type="ROUTE_ORDER",quantile="0.(5|99)"\}' || true
