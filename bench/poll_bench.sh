#!/usr/bin/env bash
# Polling benchmark (issue 7): `deadlined check` polling N website columns spread over H
# loopback hosts (127.0.0.1…127.0.0.H, one nginx listening on each), beside curl merely
# downloading the same URLs with the same parallelism (--parallel-max 64), in one run.
#
# Usage: bench/poll_bench.sh [--sources N] [--hosts H] [--port P] [--deadlined PATH] [--daemon-checks N] [--keep]
#   --sources N     columns to poll (default 10000)
#   --hosts H       loopback hosts, at most 254 (default 64)
#   --port P        first port to try for nginx (default 18080; the next free one is used)
#   --deadlined P   the binary (default build/release/daemon/deadlined; copied before use)
#   --daemon-checks N  then run the daemon on the same database, a check a minute, and
#                   report its first check and the next N (nothing new: what each of its
#                   checks costs a district this size); N+1 minutes more (default 0: skipped)
#   --keep          leave the work directory (pages, configuration, database, logs)
#
# Each column is a ~20 KB UTF-8 list page with 20 dated items and the portal's chrome
# (bench/poll_bench/generate.py); deadlined polls them with concurrency 64, per_host 1,
# no politeness delay, the shipped district's units and all shipped rule packs, into a fresh
# database (--no-spool --format json >/dev/null), measured with /usr/bin/time -v. A second
# check on the same database (conditional GETs: everything 304) is reported too.
# Needs nginx (nginx-light), curl, sqlite3, python3 and GNU time; installs nginx-light and
# time with apt-get when missing and run as root.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sources=10000
hosts=64
port=18080
deadlined=$root/build/release/daemon/deadlined
keep=0
daemon_checks=0
while (($#)); do
  case $1 in
    --sources) sources=$2; shift 2 ;;
    --hosts) hosts=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --deadlined) deadlined=$2; shift 2 ;;
    --daemon-checks) daemon_checks=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "poll_bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
if ! [[ $sources =~ ^[0-9]+$ && $hosts =~ ^[0-9]+$ && $port =~ ^[0-9]+$ && $daemon_checks =~ ^[0-9]+$ ]] || ((sources < 1 || hosts < 1 || hosts > 254)); then
  echo "poll_bench: --sources and --hosts must be positive numbers, --hosts at most 254, --daemon-checks a number" >&2
  exit 2
fi

# ---- tools
bench_name=poll_bench
# shellcheck source=bench/bench_lib.sh
source "$root/bench/bench_lib.sh"
need_package nginx-light command -v nginx
need_package time test -x /usr/bin/time
need_package curl command -v curl
need_package sqlite3 command -v sqlite3
need_package python3 command -v python3
need_package perl perl -MTime::HiRes -e 1  # stamps deadlined's log lines
need_package procps command -v pgrep
need_package iproute2 command -v ss

work=$(mktemp -d "${TMPDIR:-/tmp}/poll_bench.XXXXXX")
nginx_pid=""
daemon_pid=""
sampler_pid=""
timer_pid=""
cleanup() {
  local rc=$?
  [[ -n $sampler_pid ]] && kill "$sampler_pid" 2>/dev/null || true
  if [[ -n $timer_pid ]] && kill -0 "$timer_pid" 2>/dev/null; then  # a check still running: stop it
    local child
    child=$(pgrep -P "$timer_pid" -x deadlined 2>/dev/null | head -1) || true
    [[ -n $child ]] && kill "$child" 2>/dev/null
    wait "$timer_pid" 2>/dev/null || true
  fi
  [[ -n $daemon_pid ]] && stop_pid "$daemon_pid" TERM
  [[ -n $nginx_pid ]] && stop_pid "$nginx_pid" QUIT  # graceful: the master stops its workers
  if ((keep)); then echo "poll_bench: work directory kept: $work" >&2; else rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

private_binary "$deadlined" "$work"
bin=$work/deadlined

# ---- a port free on every host address
port=$(free_port "$port" '127\.0\.0\.[0-9]+')

# ---- the world
echo "== generating $sources column pages on $hosts hosts (port $port)"
python3 "$root/bench/poll_bench/generate.py" "$work" "$sources" "$hosts" "$port" "$root"
"$bin" validate --config "$work/deadlined.yaml" 2>/dev/null || { "$bin" validate --config "$work/deadlined.yaml"; exit 1; }

# ---- nginx, as the current user, everything under $work/nginx
mkdir -p "$work/nginx/tmp"
{
  ((EUID == 0)) && echo "user $(id -un) $(id -gn);"
  cat <<NGINX
worker_processes 2;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  keepalive_timeout 65;
  types { text/html html; }
  default_type application/octet-stream;
  charset utf-8;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  server {
NGINX
  for ((h = 1; h <= hosts; h++)); do echo "    listen 127.0.0.$h:$port;"; done
  cat <<NGINX
    root $work/site/\$server_addr;
    index index.html;
  }
}
NGINX
} >"$work/nginx/nginx.conf"
nginx -p "$work/nginx/" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
for h in 1 "$hosts"; do
  for _ in $(seq 100); do
    curl -s --noproxy '*' -o /dev/null "http://127.0.0.$h:$port/zwgk/c0/" && break
    kill -0 "$nginx_pid" 2>/dev/null || { cat "$work/nginx/error.log" >&2; exit 1; }
    sleep 0.1
  done
done

ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

# ---- baseline: curl downloading the same URLs, 64 at a time (one untimed pass warms the page cache)
# (curl 7.88 draws its parallel progress meter on stderr even with -s: stderr goes to a file.)
curl_run() {
  curl --parallel --parallel-max 64 -s --noproxy '*' -w '%{http_code}\n' --config "$work/curl.conf" \
    >"$work/curl.codes" 2>"$work/curl.err"
}
curl_run
t0=$(date +%s%N)
curl_run
curl_ms=$(ms_since "$t0")
curl_ok=$(grep -cx 200 "$work/curl.codes" || true)
if ((curl_ok != sources)); then
  echo "poll_bench: curl got $curl_ok answers 200 of $sources; nginx's log:" >&2
  tail -5 "$work/nginx/error.log" >&2
  exit 1
fi

# ---- deadlined check, with stderr lines stamped (ms since start) and RSS sampled every 100 ms
check_run() {  # check_run NAME COMMAND [ARGS]: deadlined COMMAND --config … --db … ARGS
  local name=$1 start
  shift
  start=$(date +%s%N)
  /usr/bin/time -v -o "$work/$name.time" "$bin" "$1" --config "$work/deadlined.yaml" --db "$work/db/deadlined.db" \
    "${@:2}" >/dev/null \
    2> >(perl -MTime::HiRes=time -ne 'BEGIN { $| = 1; $s = shift(@ARGV) / 1e9 } printf "%9.0f %s", (time - $s) * 1000, $_' \
      "$start" >"$work/$name.log") &
  local timer=$!
  timer_pid=$timer
  (
    while sleep 0.1; do
      child=$(pgrep -P "$timer" -x deadlined 2>/dev/null | head -1) || true
      [[ -n $child && -r /proc/$child/status ]] || { kill -0 "$timer" 2>/dev/null && continue || break; }
      echo "$((($(date +%s%N) - start) / 1000000)) $(awk '/^VmRSS/ {print $2}' "/proc/$child/status" 2>/dev/null)"
    done
  ) >"$work/$name.rss" 2>/dev/null &
  sampler_pid=$!
  local rc=0
  wait "$timer" || rc=$?
  timer_pid=""
  wall_ms=$(ms_since "$start")
  kill "$sampler_pid" 2>/dev/null || true
  wait "$sampler_pid" 2>/dev/null || true
  sampler_pid=""
  sleep 0.2  # let the stamping filter flush
  if ((rc != 0)); then
    echo "poll_bench: deadlined check exited $rc; its log:" >&2
    tail -20 "$work/$name.log" >&2
    exit 1
  fi
  rss_mib=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$work/$name.time")
  cpu_s=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%.1f user + %.1f sys", u, s}' "$work/$name.time")
}

phases() {  # phases NAME: where the time went, from the stamped log and the RSS samples
  local name=$1
  awk '$3 ~ /^source\.polled:/ && !first {first = $1} $3 == "check.polled:" {polled = $1} {last = $1}
       $3 == "check.evaluated:" {evaluated = $1}
       END {printf "  phases (stamped stderr, ms from start): first page recorded %s, polling done %d, evaluation done %d\n",
                   first ? first : "(none logged)", polled, evaluated}' \
    "$work/$name.log"
  local polled
  polled=$(awk '$3 == "check.polled:" {print $1}' "$work/$name.log")
  awk -v p="${polled:-0}" '{if ($1 <= p) {if ($2 > a) a = $2} else if ($2 > b) b = $2}
       END {printf "  RSS samples (every 100 ms): peak %s while polling, %s after polling (evaluation, report)\n",
                   a ? sprintf("%.1f MiB", a / 1024) : "none taken", b ? sprintf("%.1f MiB", b / 1024) : "none taken"}' \
    "$work/$name.rss"
  grep -E ' (check|spool)\.' "$work/$name.log" | sed 's/^ */  log @ /; s/ info / ms: /' || true
  local warnings
  warnings=$(grep -cE '^ *[0-9]+ (warning|error|critical) ' "$work/$name.log" || true)
  if ((warnings > 0)); then
    echo "  $warnings warnings/errors on stderr, by kind:"
    awk '$2 ~ /^(warning|error|critical)$/ {print "    " $2 " " $3}' "$work/$name.log" | sort | uniq -c | sort -rn | head -10
    awk '$2 ~ /^(warning|error|critical)$/' "$work/$name.log" | head -5 | sed 's/^/    e.g./'
  fi
}

mkdir -p "$work/db"
echo "== deadlined poll, fresh database (poll, parse, store: the figure the target is about)"
check_run first poll
first_ms=$wall_ms first_rss=$rss_mib first_cpu=$cpu_s
facts=$(sqlite3 "$work/db/deadlined.db" "select count(*) from facts")
obligations=$(sqlite3 "$work/db/deadlined.db" "select count(*) from obligations")
fetches=$(sqlite3 "$work/db/deadlined.db" "select count(*) from fetches")
evidence_mib=$(du -sm "$work/db/evidence" 2>/dev/null | awk '{print $1}')
echo "  wall ${first_ms} ms, peak RSS ${first_rss} MiB, CPU ${first_cpu} s; $facts facts, $obligations obligations," \
  "$fetches fetches recorded, evidence ${evidence_mib:-0} MiB"
phases first

echo "== deadlined check, same database (pages unchanged: conditional GETs, then evaluation and report)"
check_run second check --no-spool --format json
second_ms=$wall_ms second_rss=$rss_mib second_cpu=$cpu_s
facts2=$(sqlite3 "$work/db/deadlined.db" "select count(*) from facts")
echo "  wall ${second_ms} ms, peak RSS ${second_rss} MiB, CPU ${second_cpu} s; $((facts2 - facts)) new facts"
phases second

# ---- the daemon on the same database: its checks when nothing is new (pages answer 304)
daemon_row=""
if ((daemon_checks > 0)); then
  echo "== deadlined run, same database: the first check and $daemon_checks more, one a minute"
  { cat "$work/deadlined.yaml"; printf '\nhttp:\n  check_interval_minutes: 1\n  listen: 127.0.0.1:0\n'; } \
    >"$work/daemon.yaml"
  "$bin" run --config "$work/daemon.yaml" --db "$work/db/deadlined.db" >/dev/null 2>"$work/daemon.log" &
  daemon_pid=$!
  give_up=$(($(date +%s) + 70 * (daemon_checks + 1) + 60))
  while (($(grep -c 'check\.evaluated:' "$work/daemon.log" || true) < daemon_checks + 1)); do
    kill -0 "$daemon_pid" 2>/dev/null || { echo "poll_bench: the daemon stopped; its log:" >&2; tail -20 "$work/daemon.log" >&2; exit 1; }
    (($(date +%s) < give_up)) || { echo "poll_bench: the daemon's checks did not come in time" >&2; exit 1; }
    sleep 2
  done
  daemon_rss=$(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$daemon_pid/status")
  daemon_hwm=$(awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$daemon_pid/status")
  stop_pid "$daemon_pid" TERM
  daemon_pid=""
  check_times=$(sed -n 's/.*check\.evaluated: .* in \([0-9.]*\) s$/\1/p' "$work/daemon.log" | head -$((daemon_checks + 1)))
  first_check=$(head -1 <<<"$check_times")
  later_checks=$(tail -n +2 <<<"$check_times" | paste -sd ' ')
  echo "  first check ${first_check} s; then ${later_checks} s; RSS ${daemon_rss} MiB (peak ${daemon_hwm} MiB)"
  daemon_row="| then \`deadlined run\`, a check a minute with nothing new | first ${first_check} s, then ${later_checks// /, } s; RSS ${daemon_rss} MiB, peak ${daemon_hwm} MiB | |"
fi

expected=$((sources * 20))
echo
echo "== polling $sources columns (~20 KB, 20 items each) on $hosts loopback hosts, 64 at a time"
echo
awk -v s="$sources" -v h="$hosts" -v c="$curl_ms" -v d="$first_ms" -v r="$first_rss" -v f="$facts" -v e="$expected" \
    -v d2="$second_ms" -v r2="$second_rss" -v f2="$((facts2 - facts))" 'BEGIN {
  printf "| what | figure | target |\n| --- | --- | --- |\n";
  printf "| baseline: `curl --parallel --parallel-max 64` downloading the %d URLs | %d ms | |\n", s, c;
  printf "| `deadlined poll` (fresh database): poll, parse, store | %d ms | |\n", d;
  printf "| ratio deadlined / curl | **%.2f×** | ≤ 2× |\n", d / c;
  printf "| deadlined peak RSS | **%.1f MiB** | < 128 MiB |\n", r;
  printf "| facts stored | %d (expected %d) | |\n", f, e;
  printf "| then `deadlined check`, same database (all 304, evaluation of every fact, report) | %d ms, %.1f MiB, %d new facts | |\n", d2, r2, f2 }'
[[ -z $daemon_row ]] || echo "$daemon_row"
