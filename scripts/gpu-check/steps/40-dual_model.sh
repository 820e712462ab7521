# shellcheck shell=bash disable=SC2154  # run.sh sets bin, out...
# Step dual_model, sourced by run.sh: Standalone and DualModel, shortened,
# under baseline and priority.
run_step dual_model 200 "${bench[@]}" "--xsb_schedulers=$schedulers" \
  "--benchmark_filter=^(Standalone|DualModel)/.*$scenario" "${dual[@]}" \
  "--benchmark_out=$out/dual_model.json" "--xsb_samples_dir=$out/samples"
