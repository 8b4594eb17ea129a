#!/usr/bin/env bash
# Whole-job benchmark: `deadlined deadline --batch` on 1 million `FROM<TAB>N working days`
# lines against bench/numpy_batch.py on the same file. Best of 3 wall-clock runs each.
# Usage: bench/batch_bench.sh [path/to/deadlined]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
deadlined=${1:-$root/build/release/daemon/deadlined}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work/lines.tsv" <<'PY'
import datetime, sys
first = datetime.date(2019, 1, 1)
span = (datetime.date(2026, 12, 31) - first).days + 1
with open(sys.argv[1], "w") as f:
    for i in range(1_000_000):
        day = first + datetime.timedelta(days=(i * 7919) % span)
        n = 1 + (i * 31) % 30
        f.write(f"{day.isoformat()} 10:00\t{n} working days\n")
PY

best() {  # best-of-3 wall time in ms of "$@" reading lines.tsv
  local min=""
  for _ in 1 2 3; do
    local t0 t1 ms
    t0=$(date +%s%N)
    "$@" < "$work/lines.tsv" > "$work/out.txt"
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    if [[ -z "$min" || $ms -lt $min ]]; then min=$ms; fi
  done
  echo "$min"
}

ours=$(best "$deadlined" deadline --batch)
cp "$work/out.txt" "$work/ours.txt"
numpy=$(best /usr/bin/python3 "$root/bench/numpy_batch.py" "$root/rules/data/cn-holidays")
# numpy cannot count adjusted working weekends (调休), so the outputs differ on those lines.
differing=$(paste "$work/ours.txt" "$work/out.txt" | awk -F'\t' '$1 != $2' | wc -l)
echo "deadlined deadline --batch: ${ours} ms for 1,000,000 lines"
echo "numpy_batch.py:             ${numpy} ms for 1,000,000 lines"
awk -v a="$numpy" -v b="$ours" 'BEGIN { printf "speed-up: %.1fx\n", a / b }'
echo "lines where numpy differs (adjusted working weekends it cannot model): $differing"
