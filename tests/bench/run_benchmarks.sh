#!/usr/bin/env bash
# `make bench`: the Google Benchmark suite, then whole-process runs of the binary over the
# machine's standard library. Measures and prints; asserts nothing about time.
set -euo pipefail
build=${1:-build}
bin="$build/server/closurelens"
stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== Google Benchmark (single thread; bytes_per_second is source bytes)"
"$build/tests/bench/closurelens_bench" --benchmark_min_time=2 ${BENCH_FILTER:+--benchmark_filter="$BENCH_FILTER"}

# The standard library without site-packages, as the Google benchmarks read it.
find "$stdlib" -path "$stdlib/site-packages" -prune -o -name '*.py' -print | sort > "$tmp/files"
echo "== whole process over $(wc -l < "$tmp/files") files of $stdlib (site-packages excluded)"
measure() {
  local label=$1
  shift
  /usr/bin/time -f "%e s wall, %U s user, %M KiB max RSS" -o "$tmp/time" "$@" > /dev/null || true
  printf '%-40s %s\n' "$label" "$(cat "$tmp/time")"
}
measure "closurelens facts" xargs -a "$tmp/files" "$bin" facts
measure "closurelens check (both cores)" xargs -a "$tmp/files" "$bin" check --quiet
# The workspace index: the server indexes the standard library as its workspace folder.
python3 "$(dirname "$0")/index_stdlib.py" "$bin" "$stdlib" --runs 3
