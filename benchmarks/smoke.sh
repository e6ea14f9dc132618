#!/usr/bin/env bash
# CI smoke test for the benchmarks: proves every JMH benchmark and the footprint tool start, run
# and finish cleanly. It measures nothing worth reading (tiny iterations, tiny network); see
# docs/benchmarks.md for real runs.
#
# Usage: bash benchmarks/smoke.sh [path/to/benchmarks.jar]
# Build the jar first (never mvn install): mvn -q -B -pl benchmarks -am package -DskipTests
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="${1:-$here/target/benchmarks.jar}"
if [[ ! -f "$jar" ]]; then
  echo "smoke: $jar not found; build it with: mvn -q -B -pl benchmarks -am package -DskipTests" >&2
  exit 1
fi

# The JVM flags Agrona and Chronicle Queue need on JDK 17, from the one place they are kept.
flags="$(sed -n 's:.*<chronicle.jvm.flags>\(.*\)</chronicle.jvm.flags>.*:\1:p' "$root/pom.xml")"
if [[ -z "$flags" ]]; then
  echo "smoke: <chronicle.jvm.flags> not found in $root/pom.xml" >&2
  exit 1
fi
read -r -a jvm_flags <<< "$flags"
jvm_flags+=(-Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true)

# A private temp dir: forked benchmark JVMs inherit java.io.tmpdir, so journals land here and we
# can check that the pipeline benchmark deleted them.
tmp="$(mktemp -d "${TMPDIR:-/tmp}/omnistock-smoke.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# -foe true: a benchmark that throws (e.g. a rejected command, a halted engine) fails the script.
jmh=(java "-Djava.io.tmpdir=$tmp" -jar "$jar" -foe true -wi 0 -i 1 -r 1s -f 1 -p locations=10 -p skus=100)

echo "== smoke: LedgerBenchmark (journal off, on)"
"${jmh[@]}" 'LedgerBenchmark' -p journal=off,on -prof gc

echo "== smoke: PipelineBenchmark (journal off, on)"
"${jmh[@]}" 'PipelineBenchmark' -p journal=off,on -prof gc

echo "== smoke: JournalBenchmark (encode, append)"
"${jmh[@]}" 'JournalBenchmark' -prof gc

echo "== smoke: RoutingBenchmark (10 candidates, 3 lines)"
java "-Djava.io.tmpdir=$tmp" -jar "$jar" -foe true -wi 0 -i 1 -r 1s -f 1 -p candidates=10 -p lines=3 \
  'RoutingBenchmark' -prof gc

echo "== smoke: OrderReadModelBenchmark (the daemon's order read model)"
"${jmh[@]}" 'OrderReadModelBenchmark' -prof gc

echo "== smoke: SnapshotBenchmark (write, load, replay of 10,000 commands)"
"${jmh[@]}" 'SnapshotBenchmark' -p commands=10000

leftover="$(find "$tmp" -mindepth 1 -maxdepth 1 -name 'omnistock-bench-*' -print)"
if [[ -n "$leftover" ]]; then
  echo "smoke: a benchmark left journal directories behind: $leftover" >&2
  exit 1
fi

echo "== smoke: PositionFootprint (100,000 positions)"
java -Xmx1g "${jvm_flags[@]}" "-Djava.io.tmpdir=$tmp" -cp "$jar" io.omnistock.benchmarks.PositionFootprint 100000

echo "== smoke: OrderFootprint (100,000 orders, fulfilled)"
java -Xmx1g "${jvm_flags[@]}" "-Djava.io.tmpdir=$tmp" -cp "$jar" io.omnistock.benchmarks.OrderFootprint 100000 2 fulfilled

echo "== smoke: LatencyProfile (1,000 commands/s for 1 s)"
java -Xmx1g "${jvm_flags[@]}" "-Djava.io.tmpdir=$tmp" -cp "$jar" io.omnistock.benchmarks.LatencyProfile \
  --rates 1000 --seconds 1 --warmup-seconds 1 --locations 10 --skus 100 --out "$tmp/latency"
test -s "$tmp/latency/latency-profile.svg"

echo "== smoke: PeerComparison (omnistock only; the peers need servers: benchmarks/peers.sh)"
java -Xmx1g "${jvm_flags[@]}" "-Djava.io.tmpdir=$tmp" -cp "$jar" io.omnistock.benchmarks.PeerComparison \
  --system omnistock --workload basket --durability equal --clients 2 --seconds 1 --warmup-seconds 0 \
  --skus 100 --omnistock-holds 65536 --results "$tmp/peers.tsv"
java -cp "$jar" io.omnistock.benchmarks.PeerComparison summarize "$tmp/peers.tsv"

echo "== smoke: ScaleRun (1,000 positions, 10,000 commands)"
java -Xmx1g "${jvm_flags[@]}" "-Djava.io.tmpdir=$tmp" -cp "$jar" io.omnistock.benchmarks.ScaleRun 10 100 10000

echo "== smoke: OK"
