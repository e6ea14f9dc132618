#!/usr/bin/env python3
"""Summarise a JMH JSON result file (-rf json) into the tables of docs/benchmarks.md.

Usage: python3 benchmarks/summarize.py result.json

Prints, per benchmark and parameter set: median, min and max of all measured iterations (all
forks), JMH's score with its 99.9% error, and the median gc.alloc.rate.norm (bytes per command)
when the run used -prof gc. Then the ratio of the pipeline with the journal on to the ledger-only
ceiling, from medians of the same file.
"""
import json
import statistics
import sys


def label(result):
    name = ".".join(result["benchmark"].rsplit(".", 2)[-2:])
    params = result.get("params", {})
    shown = ", ".join(f"{k}={v}" for k, v in sorted(params.items()))
    return f"{name} ({shown})" if shown else name


def flatten(raw):
    return [x for fork in raw for x in fork]


def main(path):
    with open(path) as f:
        results = json.load(f)
    medians = {}
    print("| benchmark | median ops/s | min | max | JMH score ± 99.9% error | iterations | alloc B/op (median) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        primary = r["primaryMetric"]
        values = flatten(primary["rawData"])
        median = statistics.median(values)
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        alloc_text = f"{statistics.median(flatten(alloc['rawData'])):.3f}" if alloc else "n/a"
        medians[(r["benchmark"].rsplit(".", 2)[-2], r.get("params", {}).get("journal"))] = median
        print(f"| {label(r)} | {median:,.0f} | {min(values):,.0f} | {max(values):,.0f} | "
              f"{primary['score']:,.0f} ± {primary['scoreError']:,.0f} | {len(values)} | {alloc_text} |")
    ledger = medians.get(("LedgerBenchmark", None))
    for journal in ("off", "on"):
        pipeline = medians.get(("PipelineBenchmark", journal))
        if ledger and pipeline:
            print(f"pipeline journal {journal} / ledger-only (medians): {pipeline / ledger:.1%}")


if __name__ == "__main__":
    main(sys.argv[1])
