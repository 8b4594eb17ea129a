#!/usr/bin/env bash
# The main job on the bundled example district: build (Release), check the configuration,
# and compute the deadlines of the specification's worked examples on its calendar.
#   scripts/run-example.sh            build, then run
#   scripts/run-example.sh --no-build run an already built binary ($DEADLINED)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [[ "${1:-}" != "--no-build" ]]; then
  cmake --preset release >/dev/null
  cmake --build --preset release
fi
deadlined=${DEADLINED:-$root/build/release/daemon/deadlined}
config=$root/config/deadlined.yaml

echo "== deadlined validate --config config/deadlined.yaml"
"$deadlined" validate --config "$config"

echo "== deadlined deadline --config config/deadlined.yaml --batch (the specification's worked examples)"
printf '%s\t%s\n' \
  '2019-09-27 10:00' '3 working days' \
  '2019-06-06' '1 working day' \
  '2019-04-30 18:00' '5 days' \
  '2019-03-14' 'by 20:00 same day' \
  '2019-05-20' '20个工作日' \
  | "$deadlined" deadline --config "$config" --batch | tee /tmp/deadlined-example.$$
expected=$'2019-10-08T23:59:59+08:00\n2019-06-10T23:59:59+08:00\n2019-05-05T23:59:59+08:00\n2019-03-14T20:00:00+08:00\n2019-06-18T23:59:59+08:00'
if [[ "$(cat /tmp/deadlined-example.$$)" != "$expected" ]]; then
  rm -f /tmp/deadlined-example.$$
  echo "run-example: the deadlines differ from the specification's worked examples" >&2
  exit 1
fi
rm -f /tmp/deadlined-example.$$

echo "== deadlined deadline --config config/deadlined.yaml --from '2019-09-27 10:00' --explain '3 working days'"
"$deadlined" deadline --config "$config" --from '2019-09-27 10:00' --explain '3 working days'

# A scratch database, so the example never touches /var/lib/deadlined.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/deadlined.db

echo "== deadlined import (the example district's 2019 records: JSON Lines, and a GBK CSV in the Chinese template)"
"$deadlined" import --config "$config" --db "$db" config/examples/records-2019.jsonl config/examples/records-2019-zh.csv

echo "== deadlined check --now '2019-12-20 18:00' (the example district in late December 2019: polls its"
echo "   eleven website columns, bundled as pages in config/examples/site/, and evaluates everything)"
# --notify-since: the dry run prints the messages of that day (they are printed, not sent).
"$deadlined" check --config "$config" --db "$db" --now '2019-12-20 18:00' --notify-since 2019-12-20 | tee "$work/check.txt"

# A --now far from today is a dry run: the polled items are not kept, so the obligation
# explained is the first overdue one that comes from the imported records.
first_overdue=$("$deadlined" check --config "$config" --db "$db" --now '2019-12-20 18:00' --no-poll 2>/dev/null |
  grep -A1 '✗' | grep -oE '[0-9a-f]{16}$' | head -1)
echo "== deadlined explain $first_overdue"
"$deadlined" explain --config "$config" --db "$db" --now '2019-12-20 18:00' "$first_overdue"

report_html=${DEADLINED_REPORT_HTML:-$root/build/example-report-2019.html}
mkdir -p "$(dirname "$report_html")"
echo "== deadlined report --period 2019 (the evaluation scorecard of 2019 as of 10 January 2020; HTML with charts"
echo "   written to $report_html)"
"$deadlined" report --config "$config" --db "$db" --now '2020-01-10 12:00' --period 2019 --html "$report_html"
"$deadlined" report --config "$config" --db "$db" --now '2020-01-10 12:00' --period 2019 --table requests

echo "== deadlined run (the daemon on the same database, briefly, at today's date): /healthz and /api/v1/status"
log=$work/daemon.log
"$deadlined" run --config "$config" --db "$db" --listen 127.0.0.1:0 2> "$log" &
daemon_pid=$!
port=""
for _ in $(seq 1 200); do
  port=$(grep -oE 'http\.listening: 127\.0\.0\.1:[0-9]+' "$log" | grep -oE '[0-9]+$' || true)
  if [[ -n "$port" ]] && grep -q 'daemon.ready' "$log"; then break; fi
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/healthz"
curl -fsS "http://127.0.0.1:$port/api/v1/status" | head -c 300
echo " …"
kill -TERM "$daemon_pid"
wait "$daemon_pid"
cat "$log"
