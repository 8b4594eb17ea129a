#!/usr/bin/env bash
# Compares two builds of evaluation_bench on a host whose speed moves from minute to
# minute: both run at once, each on a core of its own (taskset), so both meet the same
# load; the cores are swapped from run to run. Prints each run's full-evaluation times and
# their ratio (B/A below 1: B is faster).
#
#   bench/evaluation_side_by_side.sh OLD_BINARY NEW_BINARY [RUNS] [FACTS]
#
# Runs with deadlined-check.service's malloc settings; set GLIBC_TUNABLES to override.
set -euo pipefail
if (($# < 2)); then
  echo "usage: $0 OLD_BINARY NEW_BINARY [RUNS] [FACTS]" >&2
  exit 2
fi
old=$1
new=$2
runs=${3:-4}
facts=${4:-1000000}
root=$(cd "$(dirname "$0")/.." && pwd)
export GLIBC_TUNABLES=${GLIBC_TUNABLES-glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=131072}
out=$(mktemp -d "${TMPDIR:-/tmp}/side_by_side.XXXXXX")
trap 'rm -rf "$out"' EXIT
for ((i = 1; i <= runs; i++)); do
  a_core=$(((i + 1) % 2))
  b_core=$((i % 2))
  taskset -c "$a_core" "$old" "$root/config/deadlined.yaml" "$facts" 0 >"$out/a" 2>&1 &
  taskset -c "$b_core" "$new" "$root/config/deadlined.yaml" "$facts" 0 >"$out/b" 2>&1 &
  wait
  a_ms=$(grep -oP '^full evaluation: .* in \K[0-9]+(?= ms)' "$out/a")
  b_ms=$(grep -oP '^full evaluation: .* in \K[0-9]+(?= ms)' "$out/b")
  awk -v a="$a_ms" -v b="$b_ms" 'BEGIN { printf "A %d ms  B %d ms  B/A %.3f\n", a, b, b / a }'
done
