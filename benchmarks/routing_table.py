#!/usr/bin/env python3
"""Turn a RoutingBenchmark JMH JSON (-rf json, -prof gc) into the routing table of docs/benchmarks.md.

Usage: python3 benchmarks/routing_table.py routing.json
"""
import json
import statistics
import sys


def alloc(result):
    metrics = result.get("secondaryMetrics", {})
    for name in ("gc.alloc.rate.norm", "\u00b7gc.alloc.rate.norm"):
        if name in metrics:
            return metrics[name]["score"]
    return float("nan")


def main(path):
    rows = {}
    for result in json.load(open(path)):
        method = result["benchmark"].rsplit(".", 1)[-1]
        params = result["params"]
        key = (int(params["candidates"]), int(params["lines"]))
        row = rows.setdefault(key, {})
        metric = result["primaryMetric"]
        if method == "routeInLogic":
            pct = metric["scorePercentiles"]
            row["latency"] = (pct["50.0"], pct["90.0"], pct["99.0"])
            row["logic_alloc"] = alloc(result)
        else:
            row["throughput"] = statistics.median(x for fork in metric["rawData"] for x in fork)
            row["pipeline_alloc"] = alloc(result)
    print("| candidates in range | lines | route + cancel in the logic: p50 / p90 / p99 ns | alloc B/op |"
          " routed orders/s through the engine, journal on (median) | alloc B/op |")
    print("|---:|---:|---:|---:|---:|---:|")
    for (candidates, lines), row in sorted(rows.items()):
        p50, p90, p99 = row.get("latency", (0, 0, 0))
        print(f"| {candidates:,} | {lines} | {p50:,.0f} / {p90:,.0f} / {p99:,.0f} | {row.get('logic_alloc', 0):.2f} |"
              f" {row.get('throughput', 0):,.0f} | {row.get('pipeline_alloc', 0):.2f} |")


if __name__ == "__main__":
    main(sys.argv[1])
