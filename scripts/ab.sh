#!/usr/bin/env bash
# The A/B comparison as one command: baseline and xsched in one xsb_bench
# run of paired rounds (the main job's: 10 s windows, 1 s warm-up,
# --xsb_rounds=auto; docs/user-guide.md#rounds), into a results folder
# results/<scenario>-<UTC time>/ (the JSON as
# benchmark.json, the per-request samples), then tools/compare.py --gate on
# that file (it pairs each xsched case with the baseline case of the same
# scenario), then tools/report.py: report.md, report.html, plots and
# trace.json in the folder, and the verdict block, last, on stderr (stdout
# stays xsb_bench's and compare.py's; docs/report.md).
# Needs an XSched install: --xsched_root=DIR among the arguments, or
# XSCHED_ROOT in the environment (docs/xsched.md); --aa (the script's own
# flag) compares baseline with baseline-again instead, an A/A run that
# needs no install and must never FAIL. Arguments go to xsb_bench after the
# script's own defaults, so they override them, e.g.
#   scripts/ab.sh --xsched_root=/opt/xsched
#   scripts/ab.sh --xsb_scenarios=intensive --xsb_rounds=3
# Relative paths, in the arguments and in the variables below, are taken
# from the directory it is run in; the defaults are in the checkout the
# script belongs to.
# Environment: XSB_BENCH (default build/bench/xsb_bench), XSB_AB_OUT (the
# JSON file; default results/<scenario>-<UTC time>/benchmark.json; the
# report goes next to it, the samples into samples/ there unless
# --xsb_samples_dir is given), XSB_COMPARE (default
# tools/compare.py), XSB_COMPARE_ARGS (default "--gate"; e.g. "--gate
# --format markdown"; empty: a report whose verdict leaves the exit code).
# Exit code: xsb_bench's when it is not 0; 1 when no candidate case measured
# anything; else compare.py's (under --gate: 1 a verdict failed, 3 inconclusive or
# nothing valid to judge). A report
# that cannot be made is said on stderr and leaves the exit code alone.
set -uo pipefail

usage() {
  cat <<'HELP'
Usage: scripts/ab.sh [--aa] [XSB_BENCH_FLAG...]

The A/B comparison in one command: runs the baseline and the xsched
scheduler in one xsb_bench run of paired rounds (the original scenario
unless --xsb_scenarios says otherwise; 10 s windows after 1 s of warm-up,
--xsb_rounds=auto: rounds until the verdict is decisive, at most 14),
compares them with tools/compare.py --gate and writes a report: everything
goes into one results folder, results/<scenario>-<UTC time>/
(benchmark.json, samples/, report.md, report.html, plots, trace.json). The
verdict block ends the output (stderr).

Needs an XSched install: --xsched_root=DIR or XSCHED_ROOT (docs/xsched.md).
--aa: an A/A run instead, baseline against baseline-again (the same
workers under another name; no XSched needed): it must never FAIL.
Every other argument goes to xsb_bench after the script's defaults, so it
overrides them (xsb_bench --help lists them), e.g.
  scripts/ab.sh --xsched_root=/opt/xsched
  scripts/ab.sh --xsb_scenarios=intensive --xsb_rounds=3

Environment:
  XSCHED_ROOT       the XSched install, when --xsched_root is not given
  XSB_BENCH         xsb_bench to run (default: build/bench/xsb_bench)
  XSB_AB_OUT        the JSON file (default: results/<scenario>-<UTC
                    time>/benchmark.json); the report goes beside it
  XSB_COMPARE       compare.py to run (default: tools/compare.py)
  XSB_COMPARE_ARGS  its flags (default "--gate"; e.g. "--gate --format
                    markdown"; empty: a report whose verdict leaves the
                    exit code alone)

Exit codes:
  0  compared; the verdict passed (or, without --gate, a report)
  1  a verdict failed, a case failed, or no candidate case measured
     anything
  2  bad usage: no XSched install given, a bad flag (xsb_bench's own 2)
  3  inconclusive, or nothing valid to judge (a TEST-ONLY run)
  other: xsb_bench's exit code (an interrupt: 128 + signal)
See docs/user-guide.md and docs/report.md.
HELP
}

# The candidate: xsched, or baseline-again for an A/A run (--aa, taken
# out of what goes to xsb_bench).
candidate=xsched
args=()
for arg in "$@"; do
  case "$arg" in
    -h | --help) usage; exit 0 ;;
    --aa) candidate=baseline-again ;;
    *) args+=("$arg") ;;
  esac
done
set -- ${args[@]+"${args[@]}"}

repo=$(cd "$(dirname "$0")/.." && pwd) || exit 2
# shellcheck source=scripts/lib/python.sh
source "$repo/scripts/lib/python.sh"
# shellcheck source=scripts/lib/results.sh
source "$repo/scripts/lib/results.sh"

bench=${XSB_BENCH:-$repo/build/bench/xsb_bench}
compare=${XSB_COMPARE:-$repo/tools/compare.py}
compare_args=${XSB_COMPARE_ARGS---gate}
scenarios=$(xsb_last_value xsb_scenarios "$@")
scenarios=${scenarios:-original}
out=${XSB_AB_OUT:-$repo/results/${scenarios//,/+}-$(date -u +%Y%m%dT%H%M%SZ)/benchmark.json}
samples=$(xsb_last_value xsb_samples_dir "$@")
samples=${samples:-$(dirname "$out")/samples}

has_root=${XSCHED_ROOT:-}
for arg in "$@"; do
  case "$arg" in --xsched_root=*) has_root=${arg#--xsched_root=} ;; esac
done
if [ -z "$has_root" ] && [ "$candidate" = xsched ]; then
  echo "ab.sh: no XSched install: pass --xsched_root=DIR or set XSCHED_ROOT" \
       "(see docs/xsched.md)" >&2
  exit 2
fi

if ! command -v python3 >/dev/null; then
  echo "ab.sh: python3 not found: it checks and compares the results" >&2
  exit 2
fi

mkdir -p "$(dirname "$out")"
# The original scenario by default, as in the reference test plan, in
# the main job's rounds (scripts/setup.sh).
"$bench" --xsb_schedulers="baseline,$candidate" --xsb_scenarios=original \
  --xsb_duration_s=10 --xsb_warmup_s=1 --xsb_rounds=auto \
  --xsb_samples_dir="$samples" \
  --benchmark_out="$out" --benchmark_out_format=json "$@"
bench_status=$?
if [ "$bench_status" -eq 2 ] || [ ! -s "$out" ]; then
  echo "ab.sh: xsb_bench wrote no results (exit code $bench_status)" >&2
  exit "$bench_status"
fi
echo "ab.sh: results in $out" >&2

# Every candidate case skipped (no usable install, no GPU) still leaves a
# file and exit code 0: a comparison would then compare nothing.
measured='
import json, sys
rows = json.load(open(sys.argv[1])).get("benchmarks", [])
sys.exit(not any(f"/{sys.argv[2]}/" in r.get("name", "") and "hp_p99_ms" in r
                 and not r.get("error_occurred") for r in rows))'
if ! python3 -c "$measured" "$out" "$candidate"; then
  echo "ab.sh: no $candidate case produced results (see xsb_bench's" \
       "reasons above); nothing was compared" >&2
  [ "$bench_status" -ne 0 ] && exit "$bench_status"
  exit 1
fi

compare_status=0
if [ ! -f "$compare" ]; then
  echo "ab.sh: $compare is not there; compare later with:" \
       "python3 $compare $out" >&2
else
  # shellcheck disable=SC2086  # XSB_COMPARE_ARGS is a list of flags
  python3 "$compare" $compare_args "$out"
  compare_status=$?
fi

# The results folder's report; the verdict block ends the output.
python=$(xsb_python matplotlib || xsb_python json)
if ! "$python" "$repo/tools/report.py" "$out" --samples-dir "$samples" >&2
then
  echo "ab.sh: no report (see above); the results are in $out" >&2
fi
[ "$bench_status" -ne 0 ] && exit "$bench_status"
exit "$compare_status"
