#!/usr/bin/env bash
# Runs the libFuzzer targets (tests/fuzz/) for a given time each: the repository's corpus
# is the seed, new inputs are kept in build/fuzz/corpus/, faults land in build/fuzz/findings/.
#
#   scripts/fuzz.sh [--seconds N] [--jobs N] [TARGET...]
#
# Targets: deadline_expr rule_pack config feed page records http_request (default: all).
# --seconds: time per target (default 300). --jobs: targets run at once (default 1).
# Exit status 1 when any target found a fault; the input that caused it is printed. Copy it
# into tests/fuzz/corpus/TARGET/ with the fix: CI replays that corpus on every run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

seconds=300
jobs=1
targets=()
while (($#)); do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
((${#targets[@]})) || targets=(deadline_expr rule_pack config feed page records http_request)

# clang and libFuzzer are needed only here, not for the daemon or its tests.
if ! command -v clang++-14 >/dev/null || ! dpkg -s libfuzzer-14-dev >/dev/null 2>&1; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "fuzz.sh: needs clang-14 and libfuzzer-14-dev (apt-get install clang-14 libfuzzer-14-dev)" >&2
    exit 2
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang-14 libfuzzer-14-dev >/dev/null
fi

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

out=build/fuzz
run_one() {
  local name=$1 seconds=$2 out=$3
  mkdir -p "$out/corpus/$name" "$out/findings/$name" "$out/logs"
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: a page may not blow memory up.
  if "$out/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="$out/findings/$name/" \
       "$out/corpus/$name" "tests/fuzz/corpus/$name" >"$out/logs/$name.log" 2>&1; then
    printf '%-14s ok      %s\n' "$name" "$(grep -E '^stat::number_of_executed_units' "$out/logs/$name.log" | awk '{print $2 " runs"}')"
  else
    printf '%-14s FAULT   see %s; input: %s\n' "$name" "$out/logs/$name.log" "$(ls -t "$out/findings/$name/" | head -1)"
    return 1
  fi
}
export -f run_one
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c "run_one {} $seconds $out"
