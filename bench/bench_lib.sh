# Shared by the benchmark scripts (sourced): packages, a private copy of the binary, free
# ports, stopping helpers. Set `bench_name` before sourcing; it prefixes messages.

PATH=$PATH:/usr/sbin:/sbin

need_package() {  # need_package PACKAGE TEST…: installs PACKAGE (as root) unless TEST succeeds
  local package=$1
  shift
  "$@" >/dev/null 2>&1 && return 0
  if ((EUID == 0)) && command -v apt-get >/dev/null; then
    echo "$bench_name: installing $package" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >/dev/null ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >/dev/null; }
  fi
  "$@" >/dev/null 2>&1 || { echo "$bench_name: needs the Debian package $package (as root: apt-get install $package)" >&2; exit 1; }
}

stop_pid() {  # stop_pid PID SIGNAL: signal, wait up to 10 s, then SIGKILL
  local pid=$1 signal=$2
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill "-$signal" "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

private_binary() {  # private_binary SOURCE DIR: a copy in DIR (a build may be relinking SOURCE)
  local source=$1 dir=$2
  for _ in $(seq 120); do
    if [[ -x $source ]] && cp "$source" "$dir/deadlined" 2>/dev/null && "$dir/deadlined" --version >/dev/null 2>&1; then
      return 0
    fi
    rm -f "$dir/deadlined"
    sleep 5
  done
  echo "$bench_name: no runnable $source" >&2
  exit 1
}

listening() { ss -Htln 2>/dev/null | awk '{print $4}'; }
free_port() {  # free_port FROM [HOSTS-REGEX]: the first port ≥ FROM nobody listens on (on those hosts)
  local p=$1 hosts=${2:-127\\.0\\.0\\.1}
  while listening | grep -Eq "(^|[.:*])($hosts|0\.0\.0\.0|\*|\[::\]):$p\$"; do p=$((p + 1)); done
  echo "$p"
}
