#!/usr/bin/env bash
# Load test: wrk with many connections against the daemon's HTTP endpoints while it polls
# column pages over HTTP and sends notices by webhook and mail (peers on 127.0.0.1 only).
#
#   scripts/load-test.sh [--seconds N] [--connections N] [--binary PATH]
#
# Defaults: 300 s, 1000 connections, the release build. Passes when no request failed
# (no non-2xx answer, no socket error), polls and deliveries went on meanwhile, and — on runs
# of at least 120 s — RSS grew less than 5 % over the second half. Prints the figures
# docs/reliability.md records.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench_name=load-test
# shellcheck source=../bench/bench_lib.sh
source "$root/bench/bench_lib.sh"

seconds=300
connections=1000
binary=""
while (($#)); do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "load-test: unknown argument $1" >&2; exit 2 ;;
  esac
done

need_package wrk command -v wrk
need_package python3-aiosmtpd /usr/bin/python3 -c 'import aiosmtpd'
if [[ -z $binary ]]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target deadlined >/dev/null
  binary=$root/build/release/daemon/deadlined
fi

# One descriptor per client connection and then some: as the systemd unit allows (65536),
# or as far as this machine's hard limit goes.
limit=$(ulimit -Hn)
[[ $limit == unlimited || $limit -gt 65536 ]] && limit=65536
ulimit -n "$limit"

work=$(mktemp -d "${TMPDIR:-/tmp}/deadlined-load.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do stop_pid "$pid" TERM; done
  [[ -n ${KEEP_WORK:-} ]] && echo "load-test: kept $work" || rm -rf "$work"
}
trap cleanup EXIT

peer() {  # peer NAME SCRIPT ARGS…: starts a test peer (in this shell: it ends with its parent)
  local name=$1 script=$2
  shift 2
  /usr/bin/python3 "$root/tests/support/$script" --port-file "$work/$name.port" --host 127.0.0.1 "$@" \
    >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do [[ -s $work/$name.port ]] && break; sleep 0.1; done
}
mkdir -p "$work/mail"
peer site site_server.py --root "$root/config/examples/site"
peer hook webhook_receiver.py
peer smtp smtp_server.py --maildir "$work/mail"
site=$(cat "$work/site.port") hook=$(cat "$work/hook.port") smtp=$(cat "$work/smtp.port")
sed -e "s|@SITE@|$site|g; s|@HOOK@|$hook|g; s|@SMTP@|$smtp|g; s|@DATA@|$root/tests/data|g" \
  "$root/tests/load/deadlined.yaml.in" >"$work/deadlined.yaml"

"$binary" run --config "$work/deadlined.yaml" --db "$work/state.db" --listen 127.0.0.1:0 2>"$work/daemon.log" &
daemon=$!
pids+=("$daemon")
port=""
for _ in $(seq 300); do
  port=$(grep -o 'http.listening: 127.0.0.1:[0-9]*' "$work/daemon.log" | sed 's/.*://' || true)
  [[ -n $port ]] && grep -q daemon.ready "$work/daemon.log" && break
  sleep 0.1
done
[[ -n $port ]] || { echo "load-test: the daemon did not start" >&2; cat "$work/daemon.log" >&2; exit 1; }
base=http://127.0.0.1:$port

# Records keep arriving: unanswered hotline calls, each an overdue notice by webhook and mail.
(
  n=0
  while true; do
    body="["
    for i in 1 2 3 4 5; do
      n=$((n + 1))
      body+="{\"id\":\"LOAD-$n\",\"type\":\"call.made\",\"unit\":\"区财政局\",\"time\":\"$(date -u +%FT%TZ)\","
      body+="\"attrs\":{\"hotline\":\"020-$n\",\"answered\":false}}"
      ((i < 5)) && body+=","
    done
    body+="]"
    curl -s -o /dev/null -H 'Authorization: Bearer czj-token-0123456789' -H 'Content-Type: application/json' \
      --data-binary "$body" "$base/api/v1/records" || true
    sleep 5
  done
) &
pids+=($!)

# RSS every 5 s.
(
  while kill -0 "$daemon" 2>/dev/null; do
    awk '/^VmRSS/ {print $2}' "/proc/$daemon/status" 2>/dev/null || true
    sleep 5
  done
) >"$work/rss.kib" &
pids+=($!)

echo "load-test: wrk -t2 -c$connections -d${seconds}s against $base (mixed read endpoints)"
wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$root/tests/load/mixed_paths.lua" "$base" \
  | tee "$work/wrk.txt"

metrics=$(curl -s "$base/metrics")
polls=$(echo "$metrics" | awk '/^deadlined_source_polls_total/ {s += $2} END {print s + 0}')
sent=$(echo "$metrics" | awk '/^deadlined_notifications\{state="sent"\}/ {print $2 + 0}')
refused=$(echo "$metrics" | awk '/^deadlined_http_connections_refused_total/ {print $2 + 0}')
non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")
socket_errors=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$work/wrk.txt")
mapfile -t rss <"$work/rss.kib"
count=${#rss[@]}
first=${rss[0]}
middle=${rss[$((count / 2))]}
last=${rss[$((count - 1))]}
growth=$(awk -v m="$middle" -v l="$last" 'BEGIN {printf "%.1f", (l - m) * 100 / m}')
echo "load-test: non-2xx ${non2xx:-0}, socket errors ${socket_errors:-0}, connections refused $refused"
echo "load-test: polls $polls, notices sent $sent"
echo "load-test: RSS start $((first / 1024)) MiB, middle $((middle / 1024)) MiB, end $((last / 1024)) MiB;" \
  "second half ${growth} %"

status=0
[[ ${non2xx:-0} -eq 0 && ${socket_errors:-0} -eq 0 ]] || { echo "load-test: FAIL: requests failed"; status=1; }
[[ $polls -gt 0 && $sent -gt 0 ]] || { echo "load-test: FAIL: polling or delivery stalled"; status=1; }
if ((seconds >= 120)); then
  awk -v g="$growth" 'BEGIN {exit !(g < 5)}' || { echo "load-test: FAIL: RSS grew ${growth} % in the second half"; status=1; }
fi
((status == 0)) && echo "load-test: ok"
exit $status
