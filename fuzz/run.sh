#!/usr/bin/env bash
# Short libFuzzer run of every target: fuzz/run.sh [SECONDS] (default 60 per target).
# Configures a clang-14 ASan+UBSan+libFuzzer build in build-fuzz (override with
# BUILD_DIR=...), builds the targets, runs each on a scratch copy of its seed
# corpus and prints one summary line per target. Exit status 1 if any crashed.
set -euo pipefail

seconds="${1:-60}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source_dir="$(dirname "$here")"
build_dir="${BUILD_DIR:-$source_dir/build-fuzz}"
jobs="${JOBS:-1}"
targets=(fuzz_tlsa_text fuzz_tlsa_rdata fuzz_cert fuzz_message fuzz_validate)

CC=clang-14 CXX=clang++-14 cmake -S "$source_dir" -B "$build_dir" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++-14 \
  -DDANE_SANITIZE=ON -DDANE_BUILD_FUZZ=ON \
  -DDANE_BUILD_TESTS=OFF -DDANE_BUILD_PYTHON=OFF -DDANE_BUILD_BENCH=OFF \
  -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link >/dev/null
cmake --build "$build_dir" -j"$jobs" --target "${targets[@]}"

out="$build_dir/fuzz-run"
mkdir -p "$out"
summary=()
status=0

# Replay the saved reproducers of earlier crashes (regressions/<target>/): each
# must now run clean. A failing one is reported but does not stop the fuzzing.
for t in "${targets[@]}"; do
  for r in "$here/regressions/$t/"*; do
    [ -e "$r" ] || continue
    if UBSAN_OPTIONS=halt_on_error=1 "$build_dir/fuzz/$t" "$r" >"$out/replay.log" 2>&1; then
      summary+=("regression $t/$(basename "$r"): fixed")
    else
      status=1
      summary+=("regression $t/$(basename "$r"): STILL CRASHES: $(grep -m1 -E 'what\(\)|property violated|runtime error|ERROR' "$out/replay.log")")
    fi
  done
done
for t in "${targets[@]}"; do
  work="$out/$t"
  rm -rf "$work"
  mkdir -p "$work/corpus" "$work/artifacts"
  cp "$here/corpus/$t/"* "$work/corpus/"
  log="$work/log.txt"
  echo "== $t: ${seconds}s (log: $log)"
  rc=0
  # UBSan must abort so libFuzzer records the input; leaks are reported as crashes too.
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$build_dir/fuzz/$t" "$work/corpus" -max_total_time="$seconds" -max_len=16384 -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/artifacts/" >"$log" 2>&1 || rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 || true)
  corpus_size=$(ls "$work/corpus" | wc -l)
  eps=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  crashes=$(ls "$work/artifacts" | wc -l)
  line="$t: rc=$rc runs=$runs exec/s=$eps ${cov:-cov: ?} corpus=$corpus_size artifacts=$crashes"
  if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
    status=1
    for a in "$work/artifacts/"*; do
      [ -e "$a" ] || continue
      line+=$'\n'"  reproducer $a: $(xxd -p "$a" | tr -d '\n' | head -c 2000)"
    done
    line+=$'\n'"  $(grep -m1 -E 'ERROR|property violated|terminate|runtime error' "$log" || tail -1 "$log")"
  fi
  summary+=("$line")
done

echo
echo "== summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
exit "$status"
