#!/usr/bin/env bash
# Forecast accuracy against R's forecast package (issue 23). One command:
#   benchmarks/forecast/compare.sh [OUT_DIR]
# Installs r-cran-forecast from Debian when missing (needs root; skips the R columns with a
# message when it cannot), exports the real series from R at run time, fits ets() and auto.arima()
# and omnistock's forecaster on the same holdouts, then the generator's store x SKU series.
# Settings (environment): GEN_STORES (10), GEN_SKUS (12), GEN_DAYS (730), GEN_SEED (42),
# R_GENERATED (1: also fit R on the generated series, the slow part).
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
stores="${GEN_STORES:-10}" skus="${GEN_SKUS:-12}" days="${GEN_DAYS:-730}" seed="${GEN_SEED:-42}"

mvn -o -q -B -pl forecast compile
run() { java -cp forecast/target/classes io.omnistock.forecast.AccuracyRun "$@"; }

have_r=0
if Rscript -e 'library(forecast)' > /dev/null 2>&1; then
  have_r=1
elif [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
  echo "installing r-cran-forecast (apt-get) ..."
  if DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends r-cran-forecast > "$out/apt.log" 2>&1; then
    have_r=1
  fi
fi
if [ "$have_r" = 0 ]; then
  echo "R's forecast package is not installed and cannot be (not root, or apt-get failed: $out/apt.log):"
  echo "the R columns are skipped; only omnistock's figures on the generator follow."
fi

echo "== real series (MASE, holdout = 18 months / 8 quarters) =="
if [ "$have_r" = 1 ]; then
  Rscript benchmarks/forecast/export.R "$out/real.csv"
  Rscript -e 'cat("R", R.version$major, ".", R.version$minor, ", forecast ", as.character(packageVersion("forecast")), "\n", sep = "")'
  Rscript benchmarks/forecast/fit.R "$out/real.csv" "$out/real-r.csv"
  run real "$out/real.csv" "$out/real-r.csv" | tee "$out/real.md"
else
  echo "(skipped: the real series come from R)"
fi

echo "== generator: $stores stores x $skus SKUs x $days days, seed $seed, 28-day horizon =="
run generated "$stores" "$skus" "$days" "$seed" "$out" > /dev/null
if [ "$have_r" = 1 ] && [ "${R_GENERATED:-1}" = 1 ]; then
  start=$(date +%s)
  Rscript benchmarks/forecast/fit.R "$out/generated-store-day.csv" "$out/generated-r.csv"
  Rscript benchmarks/forecast/fit.R "$out/generated-network-week.csv" "$out/generated-week-r.csv"
  echo "R fits on the generated series: $(( $(date +%s) - start )) s"
  cat "$out/generated-r.csv" <(tail -n +2 "$out/generated-week-r.csv") > "$out/generated-all-r.csv"
  run generated "$stores" "$skus" "$days" "$seed" "$out" "$out/generated-all-r.csv" | tee "$out/generated.md"
else
  run generated "$stores" "$skus" "$days" "$seed" "$out" | tee "$out/generated.md"
fi
echo "results in $out"
