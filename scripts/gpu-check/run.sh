#!/usr/bin/env bash
# shellcheck disable=SC2034  # the steps (steps/*.sh) read what is set here
# The device side of scripts/gpu-check.sh: run from its bundle folder
# (bin/, lib/, steps/, optionally xsched/) on a GPU machine, in at most 8
# minutes, writing JSON, logs and summary.md into one output folder.
# docs/gpu.md says what each figure should look like.
#   run.sh [--out=DIR] [--bin=DIR] [--backend=gpu|cpu] [--short] [--dry_run]
#          [--steps=NAME,...] [--xsched_port=N]
#          [--cxx_runtime=auto|machine|bundle] [--gpu_backend=cuda|hip]
# --out: the output folder (default $OUT when set, else ./gpu-check-out).
# --bin: the programs' folder (default <bundle>/bin), e.g. a build's.
# --backend=cpu --short: the same steps on the CPU backend with short
#   durations, how CI checks this script without a GPU.
# --dry_run: print each step's command instead of running it.
# --steps: only these steps (names of steps/NN-NAME.sh); the libraries
#   check always runs (--steps=none: only it).
# --xsched_port: the XSched daemon's HTTP port (xsb_bench's default 50000).
# --cxx_runtime: whose libstdc++ and libgcc_s the bundle's programs use;
#   auto (default): the machine's unless they lack a version the programs
#   need (docs/gpu.md, "Libraries").
# Nothing here exports a library path: every process the steps start
# inherits this script's environment unchanged.
# --gpu_backend: the build's GPU backend, which picks the vendor's
#   scheduler step (steps/55-vendor.sh: mps on cuda, cu_mask on hip);
#   default: what xsb_worker --probe says was compiled.
# XSCHED_ROOT, or <bundle>/xsched when the bundle carries an install, adds
# the xsched A/B (DualModel original and the Preemption cases). On a GPU,
# the vendor's schedulers follow: mps and mps-limit (cuda), cu-mask (hip).
# Exit code: 0 when every step ran and passed, 1 otherwise (the summary
# names the step); 2 bad usage.
set -uo pipefail
bundle=$(cd "$(dirname "$0")" && pwd) || exit 2
out="${OUT:-$PWD/gpu-check-out}"
bin="$bundle/bin"
backend=gpu
short=false
dry_run=false
only_steps=""
xsched_port=""
cxx_runtime=auto
gpu_backend=
for arg in "$@"; do
  case "$arg" in
    --out=*) out="${arg#--out=}" ;;
    --bin=*) bin="${arg#--bin=}" ;;
    --backend=gpu | --backend=cpu) backend="${arg#--backend=}" ;;
    --short) short=true ;;
    --dry_run) dry_run=true ;;
    --steps=*) only_steps=",${arg#--steps=}," ;;
    --xsched_port=*) xsched_port="${arg#--xsched_port=}" ;;
    --cxx_runtime=auto | --cxx_runtime=machine | --cxx_runtime=bundle)
      cxx_runtime="${arg#--cxx_runtime=}" ;;
    --gpu_backend=cuda | --gpu_backend=hip) gpu_backend="${arg#--gpu_backend=}" ;;
    *) echo "run.sh: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done
mkdir -p "$out" || exit 2
out=$(cd "$out" && pwd)
xsched_root="${XSCHED_ROOT:-}"
[ -z "$xsched_root" ] && [ -x "$bundle/xsched/bin/xserver" ] &&
  xsched_root="$bundle/xsched"
# shellcheck source=libraries.sh
. "$bundle/libraries.sh"

# What the steps (steps/NN-NAME.sh) read. Durations: the full run fits 8
# minutes on one GPU; --short is for CI and rehearsals.
if $short; then
  preempt=("--xsb_preempt_lp_kernel_us=100,1000" --xsb_preempt_duration_s=1
           --xsb_preempt_rate=100)
  dual=(--xsb_scenarios=smoke --xsb_duration_s=1 --xsb_warmup_s=0.2)
  scenario=smoke
else
  preempt=(--xsb_preempt_duration_s=5)
  dual=(--xsb_scenarios=original --xsb_duration_s=20 --xsb_warmup_s=2)
  scenario=original
fi
if [ "$backend" = gpu ]; then
  schedulers=baseline,stream-priority
else
  schedulers=baseline,os-priority
fi
bench=("$bin/xsb_bench" "--xsb_backend=$backend" --benchmark_out_format=json)

failed=()
# run_step NAME SECONDS COMMAND...: runs it under a time limit, output to
# NAME.log, and remembers a failure.
run_step() {
  local name=$1 limit=$2
  shift 2
  echo "== $name (at most ${limit} s): $*" | tee -a "$out/steps.log"
  if $dry_run; then return 0; fi
  local start=$SECONDS
  timeout --kill-after=10 "$limit" "$@" >"$out/$name.log" 2>&1
  local rc=$?
  echo "   exit $rc after $((SECONDS - start)) s" | tee -a "$out/steps.log"
  [ "$rc" -eq 0 ] || failed+=("$name (exit $rc, see $name.log)")
  return 0
}

# skip_step NAME WHY: says in steps.log why a step did not run.
skip_step() {
  echo "== $1: skipped: $2" | tee -a "$out/steps.log"
}

: >"$out/steps.log"
$dry_run || {
  echo "bundle: $bundle"; echo "backend: $backend"; date -u
  uname -a
  command -v nvidia-smi >/dev/null && nvidia-smi
  command -v rocm-smi >/dev/null && rocm-smi
} >"$out/machine.txt" 2>&1

echo "== libraries" | tee -a "$out/steps.log"
if ! choose_libraries; then
  failed+=("libraries (the programs cannot run here: see steps.log)")
elif ! $dry_run; then
  record_libraries ||
    failed+=("libraries (no worker got ready: see libraries/worker.log)")
fi

# The steps, in the order of their files' numbers; a step file runs its
# commands with run_step when it is sourced.
if [ "${#failed[@]}" -eq 0 ]; then
  for file in "$bundle"/steps/*.sh; do
    name=$(basename "$file" .sh)
    name=${name#*-}
    [ -z "$only_steps" ] || [[ "$only_steps" == *",$name,"* ]] || continue
    # shellcheck source=/dev/null
    . "$file"
  done
fi

if $dry_run; then
  [ "${#failed[@]}" -eq 0 ] && exit 0
  printf 'Failed: %s\n' "${failed[@]}"
  exit 1
fi
python=$(command -v python3 || true)
if [ -n "$python" ]; then
  "$python" "$bundle/summary.py" "$out" >"$out/summary.md" ||
    failed+=("summary (see summary.md)")
else
  echo "no python3: read the JSON files in $out" >"$out/summary.md"
fi
{
  echo
  if [ "${#failed[@]}" -eq 0 ]; then
    echo "All steps passed."
  else
    echo "Failed steps:"
    printf -- '- %s\n' "${failed[@]}"
  fi
} >>"$out/summary.md"
cat "$out/summary.md"
[ "${#failed[@]}" -eq 0 ]
