#!/usr/bin/env bash
# Runs dane_bench and prints each benchmark's time and its ratio to the
# SHA-256-over-the-leaf-SPKI floor.
#   tests/bench/run.sh [BUILD_DIR] [extra benchmark flags...]
# BUILD_DIR defaults to build-bench; build it first as Release:
#   cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench --target dane_bench
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build_dir="${1:-$here/../../build-bench}"
shift || true
bench="$build_dir/tests/bench/dane_bench"
if [ ! -x "$bench" ]; then
  echo "no $bench: build the dane_bench target first" >&2
  exit 1
fi

json="$(mktemp)"
trap 'rm -f "$json"' EXIT
"$bench" --benchmark_min_time=0.5 --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_out="$json" --benchmark_out_format=json "$@"

python3 - "$json" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
rows = {}
for b in data["benchmarks"]:
    if b.get("error_occurred"):
        print(f"{b['name']}: ERROR {b.get('error_message')}")
        continue
    # With repetitions, use the median aggregate; otherwise the single run.
    if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
        continue
    name = b.get("run_name", b["name"])
    ns = b["cpu_time"] * {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
    rows[name] = ns
floor = rows.get("BM_Sha256_LeafSpki")
print()
print(f"{'benchmark':<24}{'cpu time':>14}{'x floor':>12}")
for name, ns in rows.items():
    ratio = f"{ns / floor:10.1f}x" if floor else "n/a"
    print(f"{name:<24}{ns:>11.0f} ns{ratio:>12}")
PY
