#!/usr/bin/env bash
# The device side of scripts/gpu-check.sh: run from its bundle folder
# (bin/, lib/, optionally xsched/) on a GPU machine, in at most 8 minutes,
# writing JSON, logs and summary.md into one output folder. docs/gpu.md
# says what each figure should look like.
#   run.sh [--out DIR] [--bin DIR] [--backend gpu|cpu] [--short] [--dry_run]
#          [--gpu_backend=cuda|hip]
# --out: the output folder (default $OUT when set, else ./gpu-check-out).
# --bin: the programs' folder (default <bundle>/bin), e.g. a build's.
# --backend=cpu --short: the same steps on the CPU backend with short
#   durations, how CI checks this script without a GPU.
# --dry_run: print each step's command instead of running it.
# --gpu_backend: the build's GPU backend, which picks the vendor's
#   scheduler step (mps: cuda, cu_mask: hip); default: what xsb_worker
#   --probe says was compiled.
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
gpu_backend=
for arg in "$@"; do
  case "$arg" in
    --out=*) out="${arg#--out=}" ;;
    --bin=*) bin="${arg#--bin=}" ;;
    --backend=gpu | --backend=cpu) backend="${arg#--backend=}" ;;
    --short) short=true ;;
    --dry_run) dry_run=true ;;
    --gpu_backend=cuda | --gpu_backend=hip) gpu_backend="${arg#--gpu_backend=}" ;;
    *) echo "run.sh: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done
mkdir -p "$out" || exit 2
out=$(cd "$out" && pwd)
export LD_LIBRARY_PATH="$bundle/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
xsched_root="${XSCHED_ROOT:-}"
# The probe names the compiled GPU backend even on a machine without a GPU.
if [ -z "$gpu_backend" ] && [ -x "$bin/xsb_worker" ]; then
  gpu_backend=$("$bin/xsb_worker" --probe --backend=cpu 2>/dev/null |
    sed -n 's/.*"compiled_gpu_backend":"\([a-z]*\)".*/\1/p')
fi
[ -z "$xsched_root" ] && [ -x "$bundle/xsched/bin/xserver" ] &&
  xsched_root="$bundle/xsched"

# Durations: the full run fits 8 minutes on one GPU; --short is for CI.
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

failed=()
# step NAME SECONDS COMMAND...: runs it under a time limit, output to
# NAME.log, and remembers a failure.
step() {
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

: >"$out/steps.log"
$dry_run || {
  echo "bundle: $bundle"; echo "backend: $backend"; date -u
  uname -a
  command -v nvidia-smi >/dev/null && nvidia-smi
  command -v rocm-smi >/dev/null && rocm-smi
} >"$out/machine.txt" 2>&1

# 1. The GPU tests (ctest -L gpu runs exactly this program's tests), a GPU
# test that cannot open a device fails instead of skipping.
if [ -x "$bin/gpu_kernels_test" ]; then
  gpu_env=()
  [ "$backend" = gpu ] && gpu_env=(env XSB_REQUIRE_GPU=1)
  step gpu_tests 180 "${gpu_env[@]}" "$bin/gpu_kernels_test" \
    "--gtest_output=json:$out/gpu_tests.json"
else
  echo "no gpu_kernels_test in $bin (a build without a GPU backend)" \
    >>"$out/steps.log"
fi
# 2. Kernel microbenchmarks, when the build has them (GEMM GFLOP/s at the
# HP and LP shapes; the vendor GEMM's too where its library loads).
if [ -x "$bin/xsb_kernel_bench" ]; then
  step kernel_bench 90 "$bin/xsb_kernel_bench" \
    "--benchmark_out=$out/kernel_bench.json" --benchmark_out_format=json
  if "$bin/xsb_kernel_bench" --help 2>&1 | grep -q -- --xsb_gemm; then
    step kernel_bench_vendor 90 "$bin/xsb_kernel_bench" --xsb_gemm=vendor \
      "--benchmark_out=$out/kernel_bench_vendor.json" \
      --benchmark_out_format=json
  fi
fi
bench=("$bin/xsb_bench" "--xsb_backend=$backend" --benchmark_out_format=json)
# 3. Preemption latency behind LP spin kernels of 100, 1000, 2000 us.
step preemption 150 "${bench[@]}" --xsb_preemption=true \
  '--benchmark_filter=^Preemption/' "--xsb_schedulers=$schedulers" \
  "${preempt[@]}" "--benchmark_out=$out/preemption.json" \
  "--xsb_samples_dir=$out/samples"
# 4. Standalone and DualModel, shortened, under baseline and priority.
step dual_model 200 "${bench[@]}" "--xsb_schedulers=$schedulers" \
  "--benchmark_filter=^(Standalone|DualModel)/.*$scenario" "${dual[@]}" \
  "--benchmark_out=$out/dual_model.json" "--xsb_samples_dir=$out/samples"
# 5. The xsched A/B, with an install.
if [ -n "$xsched_root" ]; then
  step xsched 240 "${bench[@]}" "--xsched_root=$xsched_root" \
    --xsb_schedulers=baseline,xsched --xsb_preemption=true \
    "--benchmark_filter=^(DualModel/.*$scenario|Preemption/)" \
    "${dual[@]}" "${preempt[@]}" "--benchmark_out=$out/xsched.json" \
    "--xsb_samples_dir=$out/samples"
fi

# 6. The vendor's own schedulers (docs/schedulers.md), beside the baseline
# and stream-priority of steps 3 and 4: NVIDIA MPS, and MPS with LP's SMs
# limited (25 and 50 %); AMD CU masking (LP on 50 and 75 % of the CUs).
if [ "$backend" = gpu ] && [ "$gpu_backend" = cuda ]; then
  step mps 180 "${bench[@]}" --xsb_schedulers=mps,mps-limit \
    --xsb_preemption=true "--benchmark_filter=^(DualModel/.*$scenario|Preemption/)" \
    "${dual[@]}" "${preempt[@]}" --xsb_preempt_lp_kernel_us=100,2000 \
    "--benchmark_out=$out/mps.json" "--xsb_samples_dir=$out/samples"
elif [ "$backend" = gpu ] && [ "$gpu_backend" = hip ]; then
  step cu_mask 180 "${bench[@]}" --xsb_schedulers=cu-mask \
    --xsb_preemption=true "--benchmark_filter=^(DualModel/.*$scenario|Preemption/)" \
    "${dual[@]}" "${preempt[@]}" --xsb_preempt_lp_kernel_us=100,2000 \
    "--benchmark_out=$out/cu_mask.json" "--xsb_samples_dir=$out/samples"
else
  echo "no vendor scheduler step: backend $backend, compiled GPU backend" \
    "${gpu_backend:-unknown}" | tee -a "$out/steps.log"
fi

$dry_run && exit 0
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
