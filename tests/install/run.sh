#!/usr/bin/env bash
# Install test: run.sh BUILD_DIR WORK_DIR CMAKE CXX "CXXFLAGS"
#  1. cmake --install BUILD_DIR --prefix WORK_DIR/prefix
#  2. builds consumer/ with find_package(dane) + dane::dane (CMAKE_PREFIX_PATH)
#  3. builds consumer/main.cpp with `CXX -std=c++20 $(pkg-config --cflags --libs --static libdane)`
#  4. runs both; each must print the expected lines and exit 0.
set -euo pipefail

if [ $# -lt 4 ]; then
  echo "usage: $0 BUILD_DIR WORK_DIR CMAKE CXX [CXXFLAGS]" >&2
  exit 2
fi
build_dir="$1"
work="$2"
cmake_cmd="$3"
cxx="$4"
cxxflags="${5:-}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prefix="$work/prefix"

step() { echo "== $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"

step "install into $prefix"
"$cmake_cmd" --install "$build_dir" --prefix "$prefix"

header="$prefix/include/dane/dane.hpp"
[ -f "$header" ] || fail "no $header after install"
config="$(find "$prefix" -name daneConfig.cmake -print -quit)"
[ -n "$config" ] || fail "no daneConfig.cmake installed"
pcfile="$(find "$prefix" -name libdane.pc -print -quit)"
[ -n "$pcfile" ] || fail "no libdane.pc installed"
[ -n "$(find "$prefix" -name 'libdane.a' -print -quit)" ] || fail "no libdane.a installed"

expected="$work/expected.txt"
printf '%s\n' "3 1 1 E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855" \
  "_25._tcp.mail.example.com." >"$expected"

run_consumer() {  # NAME BINARY
  local out="$work/$1.out"
  "$2" >"$out" || fail "$1 consumer exited with $?"
  diff -u "$expected" "$out" || fail "$1 consumer printed something else"
  echo "$1 consumer: OK"
}

step "consumer (a): CMake find_package(dane)"
"$cmake_cmd" -S "$here/consumer" -B "$work/cmake-build" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_FLAGS="$cxxflags" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo
"$cmake_cmd" --build "$work/cmake-build"
run_consumer cmake "$work/cmake-build/consumer"

step "consumer (b): pkg-config --static libdane"
export PKG_CONFIG_PATH="$(dirname "$pcfile")${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
pc_flags="$(pkg-config --cflags --libs --static libdane)" || fail "pkg-config libdane failed"
echo "pkg-config: $pc_flags"
# shellcheck disable=SC2086  # the flags are meant to split into words
"$cxx" -std=c++20 $cxxflags "$here/consumer/main.cpp" $pc_flags -o "$work/pc-consumer"
run_consumer pkg-config "$work/pc-consumer"

echo "install test: both consumers OK"
