#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: install the dependencies, build,
# and run the main job, the dual-model scenario (baseline against the
# prioritised run) on the default backend. Extra arguments go to xsb_bench,
# e.g. scripts/setup.sh --xsb_duration_s=20
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset default
cmake --build --preset default -j "$(nproc)"

mkdir -p results
out=results/dual_model.json
build/bench/xsb_bench \
  --benchmark_filter='DualModel/.*/original' \
  --benchmark_out="$out" --benchmark_out_format=json "$@"
echo "xsb: results in $out (see docs/metrics.md for each counter)"
