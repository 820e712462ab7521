#!/usr/bin/env bash
# The A/B comparison as one command: baseline and xsched in one xsb_bench
# run, into one JSON file under results/, then tools/compare.py --gate on
# that file (it pairs each xsched case with the baseline case of the same
# scenario).
# Needs an XSched install: --xsched_root=DIR among the arguments, or
# XSCHED_ROOT in the environment (docs/xsched.md). Arguments go to xsb_bench
# after the script's own defaults, so they override them, e.g.
#   scripts/ab.sh --xsched_root=/opt/xsched
#   scripts/ab.sh --xsb_scenarios=intensive --benchmark_repetitions=3
# Relative paths, in the arguments and in the variables below, are taken
# from the directory it is run in; the defaults are in the checkout the
# script belongs to.
# Environment: XSB_BENCH (default build/bench/xsb_bench), XSB_AB_OUT (the
# JSON file; default results/ab-<UTC time>.json), XSB_COMPARE (default
# tools/compare.py), XSB_COMPARE_ARGS (default "--gate"; e.g. "--gate
# --format markdown"; empty: a report whose verdict leaves the exit code).
# Exit code: xsb_bench's when it is not 0; 1 when no xsched case measured
# anything; else compare.py's (1: a verdict failed under --gate).
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd) || exit 2

bench=${XSB_BENCH:-$repo/build/bench/xsb_bench}
compare=${XSB_COMPARE:-$repo/tools/compare.py}
compare_args=${XSB_COMPARE_ARGS---gate}
out=${XSB_AB_OUT:-$repo/results/ab-$(date -u +%Y%m%dT%H%M%SZ).json}

has_root=${XSCHED_ROOT:-}
for arg in "$@"; do
  case "$arg" in --xsched_root=*) has_root=${arg#--xsched_root=} ;; esac
done
if [ -z "$has_root" ]; then
  echo "ab.sh: no XSched install: pass --xsched_root=DIR or set XSCHED_ROOT" \
       "(see docs/xsched.md)" >&2
  exit 2
fi

if ! command -v python3 >/dev/null; then
  echo "ab.sh: python3 not found: it checks and compares the results" >&2
  exit 2
fi

mkdir -p "$(dirname "$out")"
# The original scenario by default, as in the reference test plan.
"$bench" --xsb_schedulers=baseline,xsched --xsb_scenarios=original \
  --benchmark_out="$out" --benchmark_out_format=json "$@"
bench_status=$?
if [ "$bench_status" -eq 2 ] || [ ! -s "$out" ]; then
  echo "ab.sh: xsb_bench wrote no results (exit code $bench_status)" >&2
  exit "$bench_status"
fi
echo "ab.sh: results in $out" >&2

# Every xsched case skipped (no usable install, no GPU) still leaves a file
# and exit code 0: a comparison would then compare nothing.
measured='
import json, sys
rows = json.load(open(sys.argv[1])).get("benchmarks", [])
sys.exit(not any("/xsched/" in r.get("name", "") and "hp_p99_ms" in r
                 and not r.get("error_occurred") for r in rows))'
if ! python3 -c "$measured" "$out"; then
  echo "ab.sh: no xsched case produced results (see xsb_bench's reasons" \
       "above); nothing was compared" >&2
  [ "$bench_status" -ne 0 ] && exit "$bench_status"
  exit 1
fi

if [ ! -f "$compare" ]; then
  echo "ab.sh: $compare is not there; compare later with:" \
       "python3 $compare $out" >&2
  exit "$bench_status"
fi
# shellcheck disable=SC2086  # XSB_COMPARE_ARGS is a list of flags
python3 "$compare" $compare_args "$out"
compare_status=$?
[ "$bench_status" -ne 0 ] && exit "$bench_status"
exit "$compare_status"
