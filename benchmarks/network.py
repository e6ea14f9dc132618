#!/usr/bin/env python3
"""Helpers of benchmarks/network.sh: load the daemon, read back every system's stock, turn each
load generator's output into one TSV row, and summarise the TSV as markdown.

  network.py daemon-load URL ADMIN_KEY              network of the workloads; prints an orders key
  network.py daemon-stock URL KEY                   every position, summed: JSON on stdout
  network.py record --tool wrk|redis|pgbench ...    one measured cell: appends a TSV row
  network.py stock-row ...                          one system's final stock check: a TSV row
  network.py summarize RESULTS.tsv                  markdown tables on stdout

Standard library only, so the script runs wherever python3 does.
"""
import argparse
import glob
import http.client
import json
import os
import re
import socket
import statistics
import sys
import time

LOCATIONS = 100
SKUS = 1000
HOT_UNITS = 2 ** 39
BASKET_UNITS = 2 ** 30

COLUMNS = ["date", "round", "durability", "workload", "system", "mode", "connections", "seconds", "requests",
           "orders", "orders_per_s", "accepted", "not_accepted", "errors", "p50_ms", "p99_ms", "p999_ms",
           "server_cpu_s", "cpu_us_per_request", "cpu_us_per_order", "command"]
STOCK_COLUMNS = ["date", "durability", "system", "positions", "initial_units", "sold_units", "remaining_units",
                 "negative_positions", "other_mismatches", "accepted_units_by_clients", "check"]

MODE_LABELS = {
    ("redis", "p1"): "Redis, Lua EVALSHA, one request at a time (redis-benchmark -P 1)",
    ("redis", "p32"): "Redis, Lua EVALSHA, pipelined 32 (redis-benchmark -P 32)",
    ("postgres", "tx"): "PostgreSQL, a transaction per order, row locks (pgbench)",
    ("omnistock", "single"): "omnistock daemon, one order per HTTP request (wrk)",
}


def label(system, mode):
    if (system, mode) in MODE_LABELS:
        return MODE_LABELS[(system, mode)]
    if mode.startswith("pipelined"):
        return f"omnistock daemon, HTTP/1.1 pipelined {mode[len('pipelined'):]} requests per write (wrk)"
    if mode.startswith("batch"):
        return f"omnistock daemon, POST /v1/batch of {mode[len('batch'):]} orders (wrk)"
    return f"{system}, {mode}"


# ---------------------------------------------------------------- the daemon

class Http:
    """One keep-alive connection; every call must succeed (setup is not what is measured)."""

    def __init__(self, url, key):
        host, port = url.split("//")[1].split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=600)
        self.key = key

    def call(self, method, path, body=None, content_type="application/json"):
        headers = {"Authorization": "Bearer " + self.key}
        if body is not None:
            headers["Content-Type"] = content_type
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        if response.status // 100 != 2:
            raise SystemExit(f"network.py: {method} {path} answered {response.status}: {text[:300]}")
        return text


def daemon_load(url, admin_key):
    """The workloads of benchmarks/http/run.sh: 100 stores x 1,000 SKUs, and SKU HOT at L0."""
    api = Http(url, admin_key)
    api.call("POST", "/v1/channels", json.dumps({"code": "app", "holdTtlSeconds": 604800}))
    for location in range(LOCATIONS):
        api.call("POST", "/v1/locations", json.dumps(
            {"code": f"L{location}", "tier": "store", "lat": float(f"31.{1000 + location * 20}"), "lon": 121.47}))
    api.call("POST", "/v1/skus", json.dumps({"code": "HOT"}))
    rows = ["location,sku,quantity", f"L0,HOT,{HOT_UNITS}"]
    for sku in range(SKUS):
        api.call("POST", "/v1/skus", json.dumps({"code": f"SKU-{sku}"}))
        rows.extend(f"L{location},SKU-{sku},{BASKET_UNITS}" for location in range(LOCATIONS))
    done = api.call("POST", "/v1/stock/load", "\n".join(rows) + "\n", "text/csv").strip().splitlines()[-1]
    if json.loads(done)["done"]["applied"] != LOCATIONS * SKUS + 1:
        raise SystemExit(f"network.py: stock load did not apply every line: {done}")
    answer = api.call("POST", "/v1/admin/keys", json.dumps(
        {"name": "network-bench", "channel": "app", "scopes": ["orders", "availability"]}))
    print(json.loads(answer)["key"])


def daemon_positions():
    yield "L0", "HOT", HOT_UNITS
    for location in range(LOCATIONS):
        for sku in range(SKUS):
            yield f"L{location}", f"SKU-{sku}", BASKET_UNITS


def read_pipelined(url, key, paths, depth=500):
    """GETs written `depth` at a time on one connection (HTTP/1.1 pipelining): 100,001 position
    reads one by one would take a minute; answers come back in order."""
    host, port = url.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=600) as sock:
        reader = sock.makefile("rb")
        for start in range(0, len(paths), depth):
            chunk = paths[start:start + depth]
            sock.sendall("".join(f"GET {p} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {key}\r\n\r\n"
                                 for p in chunk).encode())
            for path in chunk:
                status = int(reader.readline().split()[1])
                length = None
                while True:
                    line = reader.readline().strip()
                    if not line:
                        break
                    name, _, value = line.decode().partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                    elif name.lower() == "transfer-encoding":
                        raise SystemExit(f"network.py: chunked answer to GET {path}; expected a length")
                body = reader.read(length)
                if status != 200:
                    raise SystemExit(f"network.py: GET {path} answered {status}: {body[:300]}")
                yield json.loads(body)


def daemon_stock(url, key):
    positions = list(daemon_positions())
    paths = [f"/v1/positions/{location}/{sku}" for location, sku, _ in positions]
    initial = sold = remaining = negative = mismatches = 0
    for (location, sku, units), answer in zip(positions, read_pipelined(url, key, paths)):
        p = answer["position"]
        initial += units
        sold += p["reserved"]
        remaining += p["available"]
        negative += p["available"] < 0
        # Nothing but holds moved stock: on hand stays as loaded, and available is what is not held.
        mismatches += p["onHand"] != units or p["available"] != p["onHand"] - p["reserved"]
    print(json.dumps({"positions": len(positions), "initial": initial, "sold": sold, "remaining": remaining,
                      "negative": negative, "mismatches": mismatches}))


# ---------------------------------------------------------------- one measured cell

def wrk_figures(text):
    line = next((l for l in text.splitlines() if l.startswith("wrk-result ")), None)
    if line is None:
        raise SystemExit("network.py: no wrk-result line in wrk's output (did wrk run orders.lua?)")
    f = dict(kv.split("=") for kv in line.split()[1:])
    return {"seconds": float(f["seconds"]), "requests": int(f["requests"]), "accepted": int(f["accepted"]),
            "not_accepted": int(f["rejected"]), "errors": int(f["errors"]),
            "p50_ms": float(f["p50_us"]) / 1e3, "p99_ms": float(f["p99_us"]) / 1e3,
            "p999_ms": float(f["p999_us"]) / 1e3}


def redis_figures(text):
    """redis-benchmark's full output: the summary's throughput, p50 and p99, and p99.9 from the
    percentile distribution (the first step at or above 99.9%: an upper bound at HDR's resolution)."""
    text = text.replace("\r", "\n")
    requests = int(re.search(r"(\d+) requests completed in ([\d.]+) seconds", text).group(1))
    rps = float(re.search(r"throughput summary: ([\d.]+) requests per second", text).group(1))
    summary = re.search(r"avg\s+min\s+p50\s+p95\s+p99\s+max\s*\n\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+"
                        r"([\d.]+)\s+([\d.]+)", text)
    p999 = None
    for pct, ms in re.findall(r"^([\d.]+)% <= ([\d.]+) milliseconds", text, re.M):
        if float(pct) >= 99.9:
            p999 = float(ms)
            break
    errors = len(re.findall(r"^Error|ERR", text, re.M))
    return {"seconds": requests / rps, "requests": requests, "accepted": None, "not_accepted": None,
            "errors": errors, "p50_ms": float(summary.group(3)), "p99_ms": float(summary.group(5)),
            "p999_ms": p999}


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p / 100.0))]


def pgbench_figures(text, log_prefix):
    """pgbench's summary, and per-transaction latencies from its -l logs (the 3rd field, µs)."""
    requests = int(re.search(r"number of transactions actually processed: (\d+)", text).group(1))
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", text)
    # No transaction in the whole run (a flash sale on a starved machine) prints no tps line.
    seconds = requests / float(tps.group(1)) if tps else float(re.search(r"duration: (\d+) s", text).group(1))
    failed = re.search(r"number of failed transactions: (\d+)", text)
    latencies = []
    for name in glob.glob(log_prefix + ".*"):
        with open(name) as log:
            latencies.extend(int(line.split()[2]) for line in log if line.strip())
        os.remove(name)
    latencies.sort()
    ms = lambda p: None if not latencies else percentile(latencies, p) / 1e3
    return {"seconds": seconds, "requests": requests, "accepted": None,
            "not_accepted": None, "errors": int(failed.group(1)) if failed else 0,
            "p50_ms": ms(50), "p99_ms": ms(99), "p999_ms": ms(99.9)}


def record(a):
    with open(a.out) as f:
        text = f.read()
    if a.tool == "wrk":
        figures = wrk_figures(text)
    elif a.tool == "redis":
        figures = redis_figures(text)
    else:
        figures = pgbench_figures(text, a.pg_log_prefix)
    orders = figures["requests"] * a.orders_per_request
    # Throughput counts the orders served: where the client sees each answer (wrk), an order refused
    # (RING_FULL, an element's error) is not one. redis-benchmark and pgbench cannot tell; the stock
    # is deep, so all of theirs are taken (the stock check shows it).
    served = orders if figures["accepted"] is None else figures["accepted"]
    cpu_s = a.cpu_ticks / os.sysconf("SC_CLK_TCK")
    row = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "round": a.round,
           "durability": a.durability, "workload": a.workload, "system": a.system, "mode": a.mode,
           "connections": a.connections, "seconds": f"{figures['seconds']:.3f}", "requests": figures["requests"],
           "orders": orders,
           "orders_per_s": f"{served / figures['seconds']:.0f}" if figures["seconds"] else "",
           "accepted": "" if figures["accepted"] is None else figures["accepted"],
           "not_accepted": "" if figures["not_accepted"] is None else figures["not_accepted"],
           "errors": figures["errors"],
           "p50_ms": fmt(figures["p50_ms"]), "p99_ms": fmt(figures["p99_ms"]), "p999_ms": fmt(figures["p999_ms"]),
           "server_cpu_s": f"{cpu_s:.2f}",
           "cpu_us_per_request": f"{cpu_s / figures['requests'] * 1e6:.1f}" if figures["requests"] else "",
           "cpu_us_per_order": f"{cpu_s / orders * 1e6:.2f}" if orders else "",
           "command": a.command}
    append(a.results, COLUMNS, row)
    print(f"  {row['orders_per_s']} orders/s, p50 {row['p50_ms']} ms, p99 {row['p99_ms']} ms, "
          f"p99.9 {row['p999_ms']} ms, server CPU {row['cpu_us_per_request']} us/request, "
          f"{row['cpu_us_per_order']} us/order, errors {row['errors']}"
          + (f", not accepted {row['not_accepted']}" if row["not_accepted"] not in ("", 0) else ""))


def fmt(ms):
    return "" if ms is None else f"{ms:.3f}"


def append(path, columns, row):
    new = not os.path.exists(path) or os.path.getsize(path) == 0
    with open(path, "a") as f:
        if new:
            f.write("\t".join(columns) + "\n")
        f.write("\t".join(str(row[c]).replace("\t", " ") for c in columns) + "\n")


def stock_row(a):
    """Sold + remaining == initial, nothing negative, and the system's own count of what it sold
    at least what its clients were told (a client that stops mid-request leaves orders the server
    accepted without the client reading the answer)."""
    ok = (a.initial == a.sold + a.remaining and a.negative == 0 and a.mismatches == 0
          and (a.accepted_by_clients is None or a.sold >= a.accepted_by_clients))
    row = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "durability": a.durability,
           "system": a.system, "positions": a.positions, "initial_units": a.initial, "sold_units": a.sold,
           "remaining_units": a.remaining, "negative_positions": a.negative, "other_mismatches": a.mismatches,
           "accepted_units_by_clients": "" if a.accepted_by_clients is None else a.accepted_by_clients,
           "check": "ok" if ok else "FAILED"}
    append(a.results, STOCK_COLUMNS, row)
    print(f"  stock {a.system}: initial {a.initial:,} = sold {a.sold:,} + remaining {a.remaining:,}? "
          f"{a.initial == a.sold + a.remaining}; negative positions {a.negative}; other mismatches {a.mismatches}; "
          f"units clients were told they got {row['accepted_units_by_clients'] or 'n/a'}: {row['check']}")
    return ok


# ---------------------------------------------------------------- summary

def read_tsv(path):
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f if line.strip()]


def median_of(rows, column):
    values = [float(r[column]) for r in rows if r[column] != ""]
    return statistics.median(values) if values else None


def summarize(path):
    rows = read_tsv(path)
    cells = {}
    for r in rows:
        cells.setdefault((r["durability"], r["workload"], r["system"], r["mode"]), []).append(r)
    order = {"redis": 0, "postgres": 1, "omnistock": 2}
    print("| durability | workload | system, mode | orders/s (median) | range (rounds) | p50 ms | p99 ms | p99.9 ms "
          "| server CPU µs/request | µs/order | ÷ Redis -P 1 | ÷ Redis -P 32 | orders not accepted |")
    print("|---|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for key in sorted(cells, key=lambda k: (k[0] != "equal", k[0], k[1] != "flash", k[1], order.get(k[2], 9),
                                            mode_rank(k[3]))):
        durability, workload, system, mode = key
        group = cells[key]
        throughput = median_of(group, "orders_per_s")
        values = [float(r["orders_per_s"]) for r in group if r["orders_per_s"]]
        ratios = []
        for redis_mode in ("p1", "p32"):
            redis = median_of(cells.get((durability, workload, "redis", redis_mode), []), "orders_per_s")
            ratios.append(f"{throughput / redis:.2f}x" if redis and throughput is not None else "–")
        print(f"| {durability} | {workload} | {label(system, mode)} | {num(throughput)} | "
              f"{num(min(values)) if values else '–'}–{num(max(values)) if values else '–'} ({len(group)}) | "
              f"{dec(median_of(group, 'p50_ms'))} | {dec(median_of(group, 'p99_ms'))} | "
              f"{dec(median_of(group, 'p999_ms'))} | {dec(median_of(group, 'cpu_us_per_request'), 1)} | "
              f"{dec(median_of(group, 'cpu_us_per_order'), 2)} | {ratios[0]} | {ratios[1]} | {refused(group)} |")
    stock_path = stock_file(path)
    if os.path.exists(stock_path):
        print()
        print("| durability | system | positions | initial units | sold units | remaining units | negative positions "
              "| other mismatches | units clients were told they got | check |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
        for r in read_tsv(stock_path):
            told = f"{int(r['accepted_units_by_clients']):,}" if r["accepted_units_by_clients"] else "n/a"
            print(f"| {r['durability']} | {r['system']} | {int(r['positions']):,} | {int(r['initial_units']):,} | "
                  f"{int(r['sold_units']):,} | {int(r['remaining_units']):,} | {r['negative_positions']} | "
                  f"{r['other_mismatches']} | {told} | {r['check']} |")


def refused(group):
    """Orders the clients saw refused, summed over the rounds; n/a where the client cannot tell."""
    values = [int(r["not_accepted"]) for r in group if r["not_accepted"] != ""]
    return f"{sum(values):,}" if values else "n/a"


def mode_rank(mode):
    """Redis -P 1, -P 32, PostgreSQL, then the daemon from one order per request to the largest batch."""
    kind, digits = re.fullmatch(r"([a-z]+)(\d*)", mode).groups()
    kinds = ["p", "tx", "single", "pipelined", "batch"]
    return kinds.index(kind) if kind in kinds else len(kinds), int(digits or 0)


def num(value):
    return "–" if value is None else f"{value:,.0f}"


def dec(value, places=2):
    return "–" if value is None else f"{value:,.{places}f}"


def stock_file(results):
    return re.sub(r"\.tsv$", "", results) + "-stock.tsv"


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    command, rest = sys.argv[1], sys.argv[2:]
    if command == "daemon-load":
        daemon_load(*rest)
    elif command == "daemon-stock":
        daemon_stock(*rest)
    elif command == "summarize":
        summarize(rest[0])
    elif command == "record":
        p = argparse.ArgumentParser(prog="network.py record")
        for name in ("--results", "--tool", "--out", "--durability", "--workload", "--system", "--mode",
                     "--command"):
            p.add_argument(name, required=True)
        p.add_argument("--pg-log-prefix")
        p.add_argument("--round", type=int, required=True)
        p.add_argument("--connections", type=int, required=True)
        p.add_argument("--orders-per-request", type=int, default=1)
        p.add_argument("--cpu-ticks", type=int, required=True)
        record(p.parse_args(rest))
    elif command == "stock-row":
        p = argparse.ArgumentParser(prog="network.py stock-row")
        for name in ("--results", "--durability", "--system"):
            p.add_argument(name, required=True)
        for name in ("--positions", "--initial", "--sold", "--remaining", "--negative", "--mismatches"):
            p.add_argument(name, type=int, required=True)
        p.add_argument("--accepted-by-clients", type=int)
        a = p.parse_args(rest)
        a.results = stock_file(a.results)
        sys.exit(0 if stock_row(a) else 1)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
