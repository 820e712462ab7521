# shellcheck shell=bash disable=SC2154  # run.sh sets bin, out...
# Steps mps / cu_mask, sourced by run.sh: the vendor's own schedulers
# (docs/schedulers.md), beside the baseline and stream-priority of the
# dual_model step. NVIDIA MPS, and MPS with LP's SMs limited (25 and 50 %),
# on a cuda build; AMD CU masking (LP on 50 and 75 % of the CUs) on a hip
# build. The probe names the compiled GPU backend even without a GPU, and
# runs here, after the libraries were chosen.
if [ -z "$gpu_backend" ] && [ -x "$bin/xsb_worker" ]; then
  gpu_backend=$("$bin/xsb_worker" --probe --backend=cpu 2>/dev/null |
    sed -n 's/.*"compiled_gpu_backend":"\([a-z]*\)".*/\1/p')
fi
vendor_flags=(--xsb_preemption=true
  "--benchmark_filter=^(DualModel/.*$scenario|Preemption/)"
  "${dual[@]}" "${preempt[@]}" --xsb_preempt_lp_kernel_us=100,2000
  "--xsb_samples_dir=$out/samples")
if [ "$backend" = gpu ] && [ "$gpu_backend" = cuda ]; then
  run_step mps 180 "${bench[@]}" --xsb_schedulers=mps,mps-limit \
    "${vendor_flags[@]}" "--benchmark_out=$out/mps.json"
elif [ "$backend" = gpu ] && [ "$gpu_backend" = hip ]; then
  run_step cu_mask 180 "${bench[@]}" --xsb_schedulers=cu-mask \
    "${vendor_flags[@]}" "--benchmark_out=$out/cu_mask.json"
else
  skip_step vendor "no vendor scheduler step: backend $backend, compiled \
GPU backend ${gpu_backend:-unknown}"
fi
