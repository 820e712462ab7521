#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: install the dependencies, build,
# and run the main job: the original scenario's dual-model cases under every
# scheduler of the default backend (baseline against the prioritised run)
# with their Standalone references, in paired rounds (--xsb_rounds=auto:
# baseline and candidate back to back, the order alternating, 10 s
# windows after 1 s of warm-up, at least 4 rounds so the pooled HP
# requests bound a P99, at most 14, stopping as soon as the verdict is
# decisive; docs/user-guide.md#rounds), into a results folder
# results/<scenario>-<UTC time>/ with a report (tools/report.py: report.md,
# report.html, plots, trace.json; docs/report.md). The output ends with the
# verdict block.
# --aa (the script's own flag): an A/A main job, the same scheduler in both
# arms (--xsb_schedulers=baseline,baseline-again): it must never FAIL.
# Extra arguments go to xsb_bench after these defaults, so they override
# them, e.g. scripts/setup.sh --xsb_rounds=3 (a fixed number of rounds);
# relative paths in them are relative to where you run the script from.
# XSB_BENCH=PATH runs that xsb_bench instead, skipping install and build
# (re-running the main job on a built checkout).
# Exit code: xsb_bench's when it is not 0 (the report is still written when
# it left results), 2 when the report cannot be made, else 0 whatever the
# verdict (scripts/ab.sh and tools/report.py --gate gate on it).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib/python.sh
source "$root/scripts/lib/python.sh"
# shellcheck source=scripts/lib/results.sh
source "$root/scripts/lib/results.sh"

# The script's own flag, taken out of what goes to xsb_bench.
aa=()
args=()
for arg in "$@"; do
  case "$arg" in
    --aa) aa=(--xsb_schedulers=baseline,baseline-again) ;;
    *) args+=("$arg") ;;
  esac
done
set -- ${args[@]+"${args[@]}"}

bench="${XSB_BENCH:-}"
if [ -z "$bench" ]; then
  (
    cd "$root"  # cmake --preset reads CMakePresets.json from here
    scripts/install-deps.sh
    cmake --preset default
    # Only what the main job runs; scripts/test.sh builds the tests.
    cmake --build --preset default -j "$(nproc)" --target xsb_bench xsb_worker
  )
  bench="$root/build/bench/xsb_bench"
fi

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
folder="$root/results/original-$stamp"  # renamed after the run's scenarios
samples="$(xsb_last_value xsb_samples_dir "$@")"
mkdir -p "$folder"
bench_status=0
"$bench" \
  --benchmark_filter='/original/' --xsb_duration_s=10 --xsb_warmup_s=1 \
  --xsb_rounds=auto ${aa[@]+"${aa[@]}"} \
  --xsb_samples_dir="$folder/samples" \
  --benchmark_out="$folder/benchmark.json" --benchmark_out_format=json \
  "$@" || bench_status=$?
if [ ! -s "$folder/benchmark.json" ]; then
  echo "xsb: xsb_bench wrote no results (exit code $bench_status)" >&2
  exit "$bench_status"
fi

# A Python with matplotlib draws the plots; any Python 3 writes the rest.
python="$(xsb_python matplotlib || xsb_python json || true)"
if [ -z "$python" ]; then
  echo "xsb: no python3: results in $folder/benchmark.json without a" \
       "report" >&2
  exit "$bench_status"
fi
folder="$(xsb_name_folder "$python" "$folder" "$stamp")"
"$python" "$root/tools/report.py" "$folder/benchmark.json" \
  ${samples:+--samples-dir "$samples"} || exit 2
exit "$bench_status"
