# shellcheck shell=bash disable=SC2154  # run.sh sets bin, out...
# Step preemption, sourced by run.sh: preemption latency behind LP spin
# kernels of 100, 1000, 2000 us, under baseline and priority.
run_step preemption 150 "${bench[@]}" --xsb_preemption=true \
  '--benchmark_filter=^Preemption/' "--xsb_schedulers=$schedulers" \
  "${preempt[@]}" "--benchmark_out=$out/preemption.json" \
  "--xsb_samples_dir=$out/samples"
