#!/usr/bin/env bash
# HTTP benchmark: `deadlined run` answering GET /api/v1/status for a large city (500 units,
# ~100,000 obligations), beside nginx serving the same bytes as a static file, in one run:
# `wrk -t1 -c100 -d30s --latency` against each, one after the other.
#
# Usage: bench/http_bench.sh [--units N] [--obligations N] [--duration S] [--port P]
#                            [--deadlined PATH] [--keep]
#   --units N         units of the city, 第1单位 … (default 500)
#   --obligations N   documents imported, one obligation each (default 100000); 60 % of them
#                     get an interpretation record too (bench/http_bench/generate.py)
#   --duration S      seconds of each measured wrk run (default 30); each is preceded by an
#                     unmeasured 2-second warm-up
#   --port P          first port to try (default 18180; the daemon and nginx take the next
#                     two free ones)
#   --deadlined P     the binary (default build/release/daemon/deadlined; copied before use)
#   --keep            leave the work directory (configuration, records, database, logs)
#
# Steps: generate the city (one rule: document.published → interpretation.published within
# 3 working days, by document_id), `deadlined import`, `deadlined check --no-poll` so the
# obligations are stored, start `deadlined run` and wait for `daemon.ready`, fetch
# /api/v1/status once, serve those bytes from nginx (1 worker, access_log off, Content-Type
# application/json), then wrk against both. Prints a Markdown table: requests/s, ratio
# (target: deadlined ≥ 0.5× nginx), p99 (target: deadlined < 20 ms), response size,
# obligations, the daemon's peak RSS (VmHWM), and the CPU each side spent per request.
# Run it on a quiet machine: wrk takes one core, the server the other; the CPU used by
# anything else during the measurement is reported under the table.
# Needs nginx (nginx-light), wrk, curl, sqlite3, python3, GNU time and ss; installs the
# missing ones with apt-get when run as root.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
units=500
obligations=100000
duration=30
port=18180
deadlined=$root/build/release/daemon/deadlined
keep=0
while (($#)); do
  case $1 in
    --units) units=$2; shift 2 ;;
    --obligations) obligations=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --deadlined) deadlined=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "http_bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
for v in "$units" "$obligations" "$duration" "$port"; do
  [[ $v =~ ^[0-9]+$ ]] || { echo "http_bench: --units, --obligations, --duration and --port are whole numbers" >&2; exit 2; }
done
if ((units < 1 || obligations < 1 || duration < 1)); then
  echo "http_bench: --units, --obligations and --duration must be positive" >&2
  exit 2
fi

# ---- tools
bench_name=http_bench
# shellcheck source=bench/bench_lib.sh
source "$root/bench/bench_lib.sh"
need_package nginx-light command -v nginx
need_package wrk command -v wrk
need_package time test -x /usr/bin/time
need_package curl command -v curl
need_package sqlite3 command -v sqlite3
need_package python3 command -v python3
need_package procps command -v pgrep
need_package iproute2 command -v ss

work=$(mktemp -d "${TMPDIR:-/tmp}/http_bench.XXXXXX")
daemon_pid=""
nginx_pid=""
cleanup() {
  local rc=$?
  [[ -n $daemon_pid ]] && stop_pid "$daemon_pid" TERM
  [[ -n $nginx_pid ]] && stop_pid "$nginx_pid" QUIT  # graceful: the master stops its worker
  if ((keep)); then echo "http_bench: work directory kept: $work" >&2; else rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

private_binary "$deadlined" "$work"
bin=$work/deadlined

# ---- two free loopback ports
dport=$(free_port "$port")
nport=$(free_port $((dport + 1)))

ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }
config=$work/deadlined.yaml
db=$work/db/deadlined.db
mkdir -p "$work/db"

# ---- the city
echo "== generating the city: $units units, $obligations documents (daemon on port $dport, nginx on $nport)"
python3 "$root/bench/http_bench/generate.py" "$work" "$units" "$obligations" "$dport"
"$bin" validate --config "$config" 2>/dev/null || { "$bin" validate --config "$config"; exit 1; }

echo "== deadlined import"
t0=$(date +%s%N)
"$bin" import --config "$config" --db "$db" "$work/records.jsonl" >"$work/import.out" 2>"$work/import.err" || {
  echo "http_bench: import failed:" >&2
  tail -5 "$work/import.err" "$work/import.out" >&2
  exit 1
}
echo "  $(tail -1 "$work/import.out") in $(ms_since "$t0") ms"

echo "== deadlined check --no-poll (evaluate, store the obligations)"
t0=$(date +%s%N)
"$bin" check --config "$config" --db "$db" --no-poll --format json >/dev/null 2>"$work/check.err" || {
  echo "http_bench: check failed:" >&2
  tail -5 "$work/check.err" >&2
  exit 1
}
stored=$(sqlite3 "$db" "select count(*) from obligations")
by_state=$(sqlite3 "$db" "select state || ' ' || count(*) from obligations group by state order by state" | paste -sd, - | sed 's/,/, /g')
echo "  $stored obligations ($by_state) in $(ms_since "$t0") ms"
if ((stored < obligations * 99 / 100)); then
  echo "http_bench: expected about $obligations obligations, found $stored; check's log:" >&2
  tail -5 "$work/check.err" >&2
  exit 1
fi

# ---- the daemon
echo "== deadlined run"
t0=$(date +%s%N)
"$bin" run --config "$config" --db "$db" --listen "127.0.0.1:$dport" >"$work/daemon.out" 2>"$work/daemon.log" &
daemon_pid=$!
until grep -q 'daemon\.ready' "$work/daemon.log" 2>/dev/null; do
  kill -0 "$daemon_pid" 2>/dev/null || { echo "http_bench: deadlined run exited; its log:" >&2; tail -20 "$work/daemon.log" >&2; exit 1; }
  (($(ms_since "$t0") < 600000)) || { echo "http_bench: deadlined not ready after 10 minutes" >&2; tail -20 "$work/daemon.log" >&2; exit 1; }
  sleep 0.1
done
grep -q "http.listening: 127.0.0.1:$dport" "$work/daemon.log" ||
  { echo "http_bench: the daemon does not say it listens on 127.0.0.1:$dport; its log:" >&2; cat "$work/daemon.log" >&2; exit 1; }
echo "  ready in $(ms_since "$t0") ms; $(grep -o 'check\.evaluated: .*' "$work/daemon.log" | tail -1)"

# ---- the same bytes, from nginx
mkdir -p "$work/nginx/tmp" "$work/nginx/html/api/v1"
status_file=$work/nginx/html/api/v1/status
code=$(curl -s --noproxy '*' -o "$status_file" -D "$work/status.headers" -w '%{http_code}' "http://127.0.0.1:$dport/api/v1/status")
[[ $code == 200 ]] || { echo "http_bench: GET /api/v1/status answered $code:" >&2; head -c 500 "$status_file" >&2; exit 1; }
size=$(stat -c %s "$status_file")
status_units=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["units"]))' "$status_file")
echo "  GET /api/v1/status: $size bytes, $status_units units"
{
  ((EUID == 0)) && echo "user $(id -un) $(id -gn);"
  cat <<NGINX
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 65;
  types { }
  default_type application/json;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$nport;
    root $work/nginx/html;
  }
}
NGINX
} >"$work/nginx/nginx.conf"
nginx -p "$work/nginx/" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
for _ in $(seq 100); do
  curl -s --noproxy '*' -o "$work/nginx.copy" "http://127.0.0.1:$nport/api/v1/status" && break
  kill -0 "$nginx_pid" 2>/dev/null || { cat "$work/nginx/error.log" >&2; exit 1; }
  sleep 0.1
done
cmp -s "$status_file" "$work/nginx.copy" || { echo "http_bench: nginx does not serve the same bytes" >&2; exit 1; }
nginx_type=$(curl -s --noproxy '*' -o /dev/null -w '%{content_type}' "http://127.0.0.1:$nport/api/v1/status")
[[ $nginx_type == application/json* ]] || { echo "http_bench: nginx serves Content-Type $nginx_type" >&2; exit 1; }
nginx_worker=$(pgrep -P "$nginx_pid" | head -1)
[[ -n $nginx_worker ]] || { echo "http_bench: no nginx worker" >&2; exit 1; }

# ---- wrk, one after the other
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # utime + stime of a process, in clock ticks
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }
hz=$(getconf CLK_TCK)
bench() {  # bench NAME PORT SERVER_PID: a warm-up, then the measured run into $work/NAME.wrk
  local name=$1 url="http://127.0.0.1:$2/api/v1/status" pid=$3
  wrk -t1 -c100 -d2s "$url" >/dev/null
  local server0 machine0 machine1
  server0=$(cpu_ticks "$pid")
  machine0=$(machine_ticks)
  /usr/bin/time -f '%U %S' -o "$work/$name.wrk-time" wrk -t1 -c100 -d"${duration}s" --latency "$url" >"$work/$name.wrk"
  machine1=$(machine_ticks)
  # server CPU ticks, wrk CPU seconds, machine busy ticks, machine total ticks
  echo "$(($(cpu_ticks "$pid") - server0)) $(awk '{print $1 + $2}' "$work/$name.wrk-time")" \
    "$(awk -v a="$machine0" -v b="$machine1" 'BEGIN {split(a, x, " "); split(b, y, " "); print y[1] - x[1], y[2] - x[2]}')" \
    >"$work/$name.cpu"
}
evaluations_before=$(grep -c 'check\.evaluated' "$work/daemon.log" || true)
echo "== wrk -t1 -c100 -d${duration}s --latency: deadlined"
bench deadlined "$dport" "$daemon_pid"
echo "== wrk -t1 -c100 -d${duration}s --latency: nginx"
bench nginx "$nport" "$nginx_worker"
evaluations_after=$(grep -c 'check\.evaluated' "$work/daemon.log" || true)
peak_kib=$(awk '/^VmHWM:/ {print $2}' "/proc/$daemon_pid/status")
rss_kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$daemon_pid/status")
threads=$(awk '/^Threads:/ {print $2}' "/proc/$daemon_pid/status")
curl -s --noproxy '*' "http://127.0.0.1:$dport/metrics" >"$work/metrics.txt" || true

# ---- figures
wrk_rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
wrk_requests() { awk '/ requests in / {print $1}' "$1"; }
wrk_p() {  # wrk_p FILE PERCENT: that latency percentile in ms
  awk -v p="$2%" '$1 == p {v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
                   printf "%.2f", v * (u == "us" ? 0.001 : u == "ms" ? 1 : u == "s" ? 1000 : u == "m" ? 60000 : 0)}' "$1"
}
wrk_timeouts() { awk '/Socket errors:/ {print $NF + 0; found = 1} END {if (!found) print 0}' "$1"; }
wrk_p99() {  # wrk_p99 FILE: p99 in ms, or ">= 2000" when over 1 % of the answers took longer than wrk's
  # 2 s timeout: wrk counts those as timeouts and leaves them out of its percentiles
  local timeouts requests
  timeouts=$(wrk_timeouts "$1") requests=$(wrk_requests "$1")
  if ((timeouts * 100 >= requests)); then echo ">= 2000"; else wrk_p "$1" 99; fi
}
wrk_errors() {  # non-2xx/3xx answers and socket errors, or "none"
  local out
  out=$(awk '/Non-2xx or 3xx responses:/ {printf "%s non-2xx/3xx; ", $NF} /Socket errors:/ {sub(/^ *Socket errors: */, ""); printf "socket errors %s; ", $0}' "$1")
  out=${out%; }
  echo "${out:-none}"
}
for side in deadlined nginx; do
  [[ -n $(wrk_rps "$work/$side.wrk") ]] || { echo "http_bench: no figures from wrk against $side:" >&2; cat "$work/$side.wrk" >&2; exit 1; }
done
d_rps=$(wrk_rps "$work/deadlined.wrk") n_rps=$(wrk_rps "$work/nginx.wrk")
d_req=$(wrk_requests "$work/deadlined.wrk") n_req=$(wrk_requests "$work/nginx.wrk")
read -r d_ticks d_wrk d_busy d_total <"$work/deadlined.cpu"
read -r n_ticks n_wrk n_busy n_total <"$work/nginx.cpu"

echo
echo "== GET /api/v1/status: $units units, $stored obligations; wrk -t1 -c100 -d${duration}s, one after the other"
echo
awk -v dr="$d_rps" -v nr="$n_rps" -v d50="$(wrk_p "$work/deadlined.wrk" 50)" -v n50="$(wrk_p "$work/nginx.wrk" 50)" \
    -v d99="$(wrk_p99 "$work/deadlined.wrk")" -v n99="$(wrk_p99 "$work/nginx.wrk")" -v size="$size" -v ob="$stored" \
    -v peak="$peak_kib" -v rss="$rss_kib" -v dt="$d_ticks" -v nt="$n_ticks" -v dq="$d_req" -v nq="$n_req" -v hz="$hz" \
    -v de="$(wrk_errors "$work/deadlined.wrk")" -v ne="$(wrk_errors "$work/nginx.wrk")" 'BEGIN {
  printf "| what | deadlined | nginx (same bytes, static file) | target |\n| --- | --- | --- | --- |\n";
  printf "| requests/s | **%.0f** | %.0f | |\n", dr, nr;
  printf "| ratio deadlined / nginx | **%.3f×** | 1× | ≥ 0.5× |\n", dr / nr;
  printf "| p50 latency | %.2f ms | %.2f ms | |\n", d50, n50;
  printf "| p99 latency | **%s ms** | %s ms | < 20 ms |\n", d99, n99;
  printf "| server CPU per request | %.3f ms | %.3f ms | |\n", dq ? dt * 1000 / hz / dq : 0, nq ? nt * 1000 / hz / nq : 0;
  printf "| errors reported by wrk | %s | %s | |\n", de, ne;
  printf "| response body | %d bytes | %d bytes | |\n", size, size;
  printf "| obligations in the database | %d | | |\n", ob;
  printf "| deadlined peak RSS (VmHWM) | %.1f MiB (%.1f MiB at the end) | | |\n", peak / 1024, rss / 1024 }'
echo
awk -v db="$d_busy" -v dtot="$d_total" -v dt="$d_ticks" -v dw="$d_wrk" -v nb="$n_busy" -v ntot="$n_total" -v nt="$n_ticks" \
    -v nw="$n_wrk" -v hz="$hz" -v cores="$(nproc)" 'BEGIN {
  # busy cores over each run, and what was neither the server nor wrk (other load, e.g. a build)
  printf "CPU during the runs (%d cores): deadlined run %.2f cores busy (server %.2f, wrk %.2f, other %.2f); ",
         cores, cores * db / dtot, dt / hz / (dtot / cores / hz), dw / (dtot / cores / hz), cores * db / dtot - dt / hz / (dtot / cores / hz) - dw / (dtot / cores / hz);
  printf "nginx run %.2f cores busy (server %.2f, wrk %.2f, other %.2f)\n",
         cores * nb / ntot, nt / hz / (ntot / cores / hz), nw / (ntot / cores / hz), cores * nb / ntot - nt / hz / (ntot / cores / hz) - nw / (ntot / cores / hz) }'
for side in deadlined nginx; do
  timeouts=$(wrk_timeouts "$work/$side.wrk")
  ((timeouts > 0)) && echo "$side: $timeouts of $(wrk_requests "$work/$side.wrk") answers took longer than wrk's 2 s timeout;" \
    "wrk leaves them out of its latency percentiles (p50 and p99 above are of the rest, or >= 2000 ms)"
done
echo "deadlined: $threads threads; evaluations during the measurement: $((evaluations_after - evaluations_before))"
responses=$(awk '/^deadlined_http_responses_total\{/ {printf "%s%s", sep, $0; sep = ", "}' "$work/metrics.txt")
[[ -n $responses ]] && echo "deadlined /metrics: $responses"
problems=$(grep -cE '^(warning|error|critical) ' "$work/daemon.log" || true)  # deadlined logs "LEVEL message"
if ((problems > 0)); then
  echo "deadlined's log has $problems warnings/errors, by kind:"
  awk '$1 ~ /^(warning|error|critical)$/ {print "  " $1 " " $2}' "$work/daemon.log" | sort | uniq -c | sort -rn | head -10
  grep -E '^(warning|error|critical) ' "$work/daemon.log" | head -3 | sed 's/^/  e.g. /'
fi
if [[ -s $work/nginx/error.log ]]; then
  echo "nginx's error log:"
  head -5 "$work/nginx/error.log" | sed 's/^/  /'
fi
