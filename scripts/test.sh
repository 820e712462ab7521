#!/usr/bin/env bash
# Builds and runs the test suite (ctest). Installs missing dependencies
# first, so it also works on a fresh Debian 12 machine. GPU tests skip
# themselves where no device exists.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset default
cmake --build --preset default -j "$(nproc)"
ctest --preset default "$@"
