#!/usr/bin/env bash
# Builds with AddressSanitizer + UndefinedBehaviorSanitizer and -Werror, and runs every test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci -j "$(nproc)"
