# shellcheck shell=bash disable=SC2154  # run.sh sets bin, out...
# Step xsched, sourced by run.sh: the xsched A/B, with an install
# (XSCHED_ROOT or the bundle's xsched/). On the CPU backend it runs with
# the test-only switch, so the daemon, the preloaded shim and the
# activation proof run for real while XSched schedules nothing.
if [ -n "$xsched_root" ]; then
  xsched_flags=("--xsched_root=$xsched_root")
  [ -n "$xsched_port" ] && xsched_flags+=("--xsched_port=$xsched_port")
  [ "$backend" = cpu ] && xsched_flags+=(--xsb_xsched_allow_cpu=true)
  run_step xsched 240 "${bench[@]}" "${xsched_flags[@]}" \
    --xsb_schedulers=baseline,xsched --xsb_preemption=true \
    "--benchmark_filter=^(DualModel/.*$scenario|Preemption/)" \
    "${dual[@]}" "${preempt[@]}" "--benchmark_out=$out/xsched.json" \
    "--xsb_samples_dir=$out/samples"
else
  skip_step xsched "no XSched install (XSCHED_ROOT, or --prepare --xsched_root)"
fi
