# shellcheck shell=bash disable=SC2154  # run.sh sets bin, out...
# Step gpu_tests, sourced by run.sh: the GPU tests (ctest -L gpu runs
# exactly this program's tests); on the GPU, a test that cannot open a
# device fails instead of skipping.
if [ -x "$bin/gpu_kernels_test" ]; then
  gpu_env=()
  [ "$backend" = gpu ] && gpu_env=(env XSB_REQUIRE_GPU=1)
  run_step gpu_tests 180 "${gpu_env[@]}" "$bin/gpu_kernels_test" \
    "--gtest_output=json:$out/gpu_tests.json"
else
  skip_step gpu_tests "no gpu_kernels_test in $bin (a build without a GPU backend)"
fi
