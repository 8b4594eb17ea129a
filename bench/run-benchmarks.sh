#!/usr/bin/env bash
# Every benchmark beside its baseline, in one run (figures go to docs/benchmarks.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
echo "== in process: 10 million (date, N) pairs"
./build/release/bench/calendar_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
/usr/bin/python3 bench/numpy_busday.py rules/data/cn-holidays
echo "== whole job: deadline --batch on 1 million lines"
bench/batch_bench.sh ./build/release/daemon/deadlined 2>/dev/null
echo "== import: 1 million records beside the sqlite3 shell"
bench/import_bench.sh ./build/release/daemon/deadlined 1000000
echo "== evaluation at city scale: 500 units, 1 million facts (several minutes)"
echo "-- with malloc's settings of deadlined-check.service (huge pages, large blocks mapped apart)"
GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=131072 ./build/release/bench/evaluation_bench config/deadlined.yaml 1000000
echo "-- 4 KiB pages (malloc's default), as deadlined.service runs the daemon"
./build/release/bench/evaluation_bench config/deadlined.yaml 1000000
echo "== one column page, stage by stage (a page of the polling bench's generator)"
page_dir=$(mktemp -d "${TMPDIR:-/tmp}/page_bench.XXXXXX")
/usr/bin/python3 bench/poll_bench/generate.py "$page_dir" 1 1 18080 "$root" >/dev/null
./build/release/bench/page_bench "$page_dir/site/127.0.0.1/zwgk/c0/index.html" --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true
rm -rf "$page_dir"
echo "== polling: 10,000 columns on 64 loopback hosts (nginx) beside curl --parallel; then the daemon's checks"
bench/poll_bench.sh --sources 10000 --hosts 64 --daemon-checks 3 --deadlined ./build/release/daemon/deadlined
echo "== HTTP: GET /api/v1/status for 500 units and 100,000 obligations beside nginx serving the same bytes"
bench/http_bench.sh --units 500 --obligations 100000 --deadlined ./build/release/daemon/deadlined
