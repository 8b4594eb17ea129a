#!/usr/bin/env bash
# Installs the Debian 12 packages deadlined needs to build, test and benchmark.
# Idempotent; run as root (or through sudo) on a machine that reaches a Debian mirror.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git curl
  # libraries (see README "Dependencies" for why each one is here)
  libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev libboost-url1.81-dev
  zlib1g-dev libdeflate-dev
  libsqlitecpp-dev libsqlite3-dev sqlite3
  libhowardhinnant-date-dev tzdata
  libspdlog-dev libfmt-dev
  libyaml-cpp-dev
  libxml2-dev
  libre2-dev
  libutf8proc-dev
  libcurl4-openssl-dev libssl-dev
  libsystemd-dev
  # tests and benchmarks
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-numpy openssl python3-aiosmtpd prometheus-alertmanager prometheus wrk
  chromium fonts-noto-cjk
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo_cmd=()
if ((EUID != 0)); then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: installed ${#missing[@]} packages"
