#!/usr/bin/env bash
# The crash-recovery test at length: SIGKILL the daemon N times (default 50) at random
# moments during ingest, evaluation and delivery, with real SMTP and webhook peers on
# 127.0.0.1, then check that nothing accepted was lost and nothing sent twice but the
# message in flight at a kill. CI runs the same test with 5 kills.
#
#   scripts/crash-soak.sh [--kills N] [--seed S]
#
# A failure prints its seed; --seed replays the same kill moments.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

kills=50
seed=""
while (($#)); do
  case $1 in
    --kills) kills=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "crash-soak: unknown argument $1" >&2; exit 2 ;;
  esac
done

cmake --preset ci >/dev/null
cmake --build --preset ci --target deadlined integration_tests
export DEADLINED_CRASH_KILLS=$kills
[[ -n $seed ]] && export DEADLINED_CRASH_SEED=$seed
exec build/ci/tests/integration_tests --gtest_filter='CrashRecovery.*'
