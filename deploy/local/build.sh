#!/usr/bin/env bash
# Configures and builds civicase into ./build (incremental).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${CIVICASE_BUILD:-$root/build}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${CIVICASE_BUILD_TYPE:-RelWithDebInfo} >/dev/null
cmake --build "$build" -j "$(nproc)"
