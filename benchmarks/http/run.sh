#!/usr/bin/env bash
# HTTP route-and-reserve load over loopback against the real daemon, with wrk (Debian package).
#   benchmarks/http/run.sh [DURATION_S] [CONNECTIONS] [THREADS]
# Starts bin/omnistock serve on a temporary data directory, defines a warehouse and 50 stores with
# 100 SKUs each stocked deep enough never to run out, then offers route-and-reserve requests
# (one-line regular orders routed over the network) for DURATION seconds and prints wrk's figures.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
duration="${1:-20}"; connections="${2:-32}"; threads="${3:-2}"
command -v wrk > /dev/null || { echo "wrk is not installed (apt-get install wrk); skipping" >&2; exit 0; }
data="$(mktemp -d)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$data" && OMNISTOCK_HTTP_PORT=$port OMNISTOCK_SNAPSHOT_INTERVAL_SECONDS=0 exec "$root/bin/omnistock" serve > serve.log 2>&1) &
daemon=$!
trap 'kill -TERM $daemon 2>/dev/null; wait $daemon 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/ready" > /dev/null && break; sleep 1; done
admin="$(cat "$data/data/admin.key")"
url="http://127.0.0.1:$port"
post() { curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d "$2" "$url$1" > /dev/null; }
post /v1/channels '{"code":"app","holdTtlSeconds":604800}'
post /v1/locations '{"code":"DC","tier":"warehouse","lat":31.0,"lon":121.0}'
for s in $(seq 0 49); do
  post /v1/locations "{\"code\":\"ST$s\",\"tier\":\"store\",\"lat\":31.$((1000 + s * 20)),\"lon\":121.47}"
done
{ echo "location,sku,quantity"
  for k in $(seq 0 99); do
    post /v1/skus "{\"code\":\"SKU-$k\"}"
    echo "DC,SKU-$k,1000000000"
    for s in $(seq 0 49); do echo "ST$s,SKU-$k,1000000000"; done
  done; } > "$data/stock.csv"
curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: text/csv' --data-binary @"$data/stock.csv" "$url/v1/stock/load" | tail -1
key=$(curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"name":"load","channel":"app","scopes":["orders"]}' "$url/v1/admin/keys" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
echo "== wrk: ${duration}s, $connections connections, $threads threads, java $(java -version 2>&1 | head -1) =="
OMNISTOCK_KEY="$key" wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$root/benchmarks/http/orders.lua" "$url"
curl -sf "$url/metrics" | grep -E '^omnistock_command_latency_seconds\{type="ROUTE_ORDER",quantile="0.(5|99)"\}' || true
