# shellcheck shell=bash disable=SC2154  # run.sh sets bin, out...
# Step torch_pair, sourced by run.sh: the plan's PyTorch pair
# (torch-original: ResNet-18 HP, ResNet-50 LP through
# bin/examples/torch_models.py, docs/workloads.md) under baseline and the
# priority scheduler, where a Python has torch and torchvision and, on a
# GPU, PyTorch sees the device. Not under --short: ctest's torch_pair runs
# the pair on the CPU.
torch_python=""
if [ -r "$bundle/python.sh" ]; then
  # shellcheck source=../../lib/python.sh
  . "$bundle/python.sh"
  torch_python=$(xsb_python torch torchvision || true)
fi
if [ -n "$torch_python" ] && [ "$backend" = gpu ] && ! $dry_run &&
    ! "$torch_python" -c \
      'import sys, torch; sys.exit(not torch.cuda.is_available())' \
      >/dev/null 2>&1; then
  torch_python=""
fi
if $short; then
  skip_step torch_pair "--short (ctest's torch_pair runs the pair on the CPU)"
elif [ -n "$torch_python" ] || $dry_run; then
  run_step torch_pair 200 env "XSB_PYTHON=${torch_python:-python3}" \
    "${bench[@]}" --xsb_scenarios=torch-original \
    "--xsb_schedulers=$schedulers" '--benchmark_filter=^DualModel/' \
    --xsb_duration_s=10 --xsb_warmup_s=5 \
    "--benchmark_out=$out/torch_pair.json" "--xsb_samples_dir=$out/samples"
else
  skip_step torch_pair "no Python with torch and torchvision that sees the \
GPU (XSB_PYTHON, python3 on PATH, /usr/bin/python3)"
fi
