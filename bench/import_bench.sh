#!/usr/bin/env bash
# Import benchmark: 1 million complete records (JSON Lines, the seed pack's vocabulary)
# into an empty database with `deadlined import`, beside the sqlite3 shell importing the
# same rows as CSV into a table with the same columns and a unique index. Best of 3 each.
# Usage: bench/import_bench.sh [path/to/deadlined] [record count]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
deadlined=${1:-$root/build/release/daemon/deadlined}
count=${2:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 - "$work" "$count" <<'PY'
import csv, json, sys
work, count = sys.argv[1], int(sys.argv[2])
units = ["区政府办公室", "区财政局", "区司法局", "区住建局", "区人社局", "区卫健局", "温泉镇", "街口街"]
def record(i):
    unit = units[i % len(units)]
    day = 1 + i % 28
    kind = i % 6
    if kind == 0:
        return "document.published", {"title": f"广州市从化区关于印发第{i}号管理办法的通知", "url": f"http://www.conghua.gov.cn/doc/{i}.html", "category": "normative", "document_id": f"从府规〔2019〕{i}号"}
    if kind == 1:
        return "interpretation.published", {"title": f"《第{i - 1}号管理办法》政策解读", "url": f"http://www.conghua.gov.cn/jd/{i}.html"}
    if kind == 2:
        return "request.received", {"request_id": f"依申〔2019〕{i}号", "channel": "网络", "confirmed_date": f"2019-06-{day:02d}"}
    if kind == 3:
        return "request.answered", {"request_id": f"依申〔2019〕{i - 1}号"}
    if kind == 4:
        return "call.made", {"hotline": f"020-8792{i % 10000:04d}", "answered": "true" if i % 7 else "false"}
    return "meeting.topic", {"topic_id": f"2019-常务-{i}", "meeting_date": f"2019-07-{day:02d}"}
with open(f"{work}/records.jsonl", "w", encoding="utf-8") as jl, open(f"{work}/rows.csv", "w", encoding="utf-8", newline="") as c:
    rows = csv.writer(c)
    for i in range(count):
        type_, attrs = record(i)
        unit = units[i % len(units)]
        time = f"2019-{1 + i % 12:02d}-{1 + i % 28:02d}T{8 + i % 10:02d}:00:00+08:00"
        subject = attrs.get("title", f"记录{i}")
        jl.write(json.dumps({"id": f"B{i}", "type": type_, "unit": unit, "time": time, "subject": subject, "attrs": attrs}, ensure_ascii=False) + "\n")
        rows.writerow(["record", f"B{i}", "bench", type_, unit, subject, time, json.dumps(attrs, ensure_ascii=False),
                       f"{i:016x}", "2026-11-28T00:00:00Z", "2026-11-28T00:00:00Z"])
PY

best() {  # best of 3 wall-clock milliseconds of "$@", each on a fresh database
  local min=""
  for _ in 1 2 3; do
    rm -f "$work"/*.db "$work"/*.db-wal "$work"/*.db-shm
    local t0 t1 ms
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    if [[ -z "$min" || $ms -lt $min ]]; then min=$ms; fi
  done
  echo "$min"
}

ours=$(best "$deadlined" import --config "$root/config/deadlined.yaml" --db "$work/deadlined.db" "$work/records.jsonl")
# Check that the run imported everything (a run that rejected rows would look fast).
"$deadlined" import --config "$root/config/deadlined.yaml" --db "$work/check.db" "$work/records.jsonl" 2>/dev/null | tail -1

cat > "$work/shell.sql" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
-- The stored columns of deadlined's facts table (the rowid and the revision counter are implicit).
CREATE TABLE facts (source TEXT NOT NULL, external_id TEXT NOT NULL, via TEXT NOT NULL, type TEXT NOT NULL,
                    unit TEXT NOT NULL, subject TEXT NOT NULL, time TEXT NOT NULL, attrs TEXT NOT NULL,
                    content_hash TEXT NOT NULL, observed_at TEXT NOT NULL, updated_at TEXT NOT NULL,
                    UNIQUE (source, external_id));
.mode csv
.import $work/rows.csv facts
SQL
shell=$(best sqlite3 "$work/shell.db" ".read $work/shell.sql")

awk -v n="$count" -v a="$ours" -v b="$shell" 'BEGIN {
  printf "deadlined import:    %d ms = %.0f rows/s\n", a, n / (a / 1000.0);
  printf "sqlite3 shell .import: %d ms = %.0f rows/s\n", b, n / (b / 1000.0);
  printf "ratio: %.2f of the shell (target >= 0.50)\n", b / a }'
