#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: install the dependencies, build,
# and run the main job, the dual-model scenario (baseline against the
# prioritised run) on the default backend. Extra arguments go to xsb_bench,
# e.g. scripts/setup.sh --xsb_duration_s=20; relative paths in them are
# relative to where you run the script from. The results go to
# results/dual_model.json in the repository.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

(
  cd "$root"  # cmake --preset reads CMakePresets.json from here
  scripts/install-deps.sh
  cmake --preset default
  cmake --build --preset default -j "$(nproc)"
)

mkdir -p "$root/results"
out="$root/results/dual_model.json"
"$root/build/bench/xsb_bench" \
  --benchmark_filter='DualModel/.*/original' \
  --benchmark_out="$out" --benchmark_out_format=json "$@"
echo "xsb: results in $out (see docs/metrics.md for each counter;" \
     "compare them with: tools/compare.py $out)"
