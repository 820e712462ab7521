# shellcheck shell=bash disable=SC2154  # run.sh sets bin, out...
# Step kernel_bench, sourced by run.sh: kernel microbenchmarks, when the
# build has them (GEMM GFLOP/s at the HP and LP shapes; the vendor GEMM's
# too where its library loads).
if [ -x "$bin/xsb_kernel_bench" ]; then
  run_step kernel_bench 90 "$bin/xsb_kernel_bench" \
    "--benchmark_out=$out/kernel_bench.json" --benchmark_out_format=json
  if "$bin/xsb_kernel_bench" --help 2>&1 | grep -q -- --xsb_gemm; then
    run_step kernel_bench_vendor 90 "$bin/xsb_kernel_bench" \
      --xsb_gemm=vendor "--benchmark_out=$out/kernel_bench_vendor.json" \
      --benchmark_out_format=json
  fi
fi
