#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, integration, crash). The
# benchmarks are built but not run: run them from tests/bench (see its README).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
"$root/deploy/local/install-deps.sh"
"$root/deploy/local/build.sh"
cd "${CIVICASE_BUILD:-$root/build}"
ctest --output-on-failure -j "$(nproc)" --timeout 600
