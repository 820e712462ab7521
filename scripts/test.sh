#!/usr/bin/env bash
# Builds and runs the test suite (ctest), and proves both GPU backends
# compile. Installs missing dependencies first (PyTorch included, for the
# exec models' tests), so it also works on a fresh Debian 12 machine. GPU
# tests skip themselves where no device exists.
#
#   1. preset default: CPU + a GPU backend (hip from the hipcc that
#      install-deps.sh installs; cuda on a machine with an NVIDIA GPU); the
#      whole project; fails if no GPU backend was compiled.
#   2. the other GPU backend's preset: compile only, and only the GPU
#      targets (xsb_gpu and gpu_kernels_test), to keep CI time down. cuda
#      needs nvcc (/usr/local/cuda/bin/nvcc or on PATH); without it this
#      step is skipped with a warning, not a failure.
#   3. ctest --preset default with this script's arguments.
set -euo pipefail
cd "$(dirname "$0")/.."

banner() {
  echo "xsb: ================================================================"
  echo "xsb: $*"
  echo "xsb: ================================================================"
}

compiled_backend() {  # the GPU backend a build directory compiled
  sed -n 's/^XSB_GPU_BACKEND_COMPILED:INTERNAL=//p' "$1/CMakeCache.txt"
}

# --torch: the example exec models' tests run (numpy, the PyTorch pair);
# --browser: report_browser draws the report in headless Chromium.
scripts/install-deps.sh --torch --browser

cmake --preset default
cmake --build --preset default -j "$(nproc)"
default_backend="$(compiled_backend build)"
echo "xsb: preset default compiled the $default_backend backend (build/)"

# The backend the default build did not compile: compile only, GPU targets
# only (xsb_gpu and gpu_kernels_test), in its own preset's folder. Sets
# other_status; a failing configure or build stops the script (set -e).
compile_other() {  # $1: hip or cuda
  if [ "$1" = cuda ] && ! command -v nvcc >/dev/null &&
      [ ! -x /usr/local/cuda/bin/nvcc ]; then
    banner "WARNING: nvcc is neither on PATH nor at" \
      "/usr/local/cuda/bin/nvcc: the cuda backend was NOT compiled" >&2
    other_status="NOT compiled: no nvcc"
    return
  fi
  cmake --preset "$1"
  cmake --build --preset "$1" -j "$(nproc)" --target xsb_gpu gpu_kernels_test
  if [ "$(compiled_backend "build-$1")" != "$1" ]; then
    banner "ERROR: preset $1 compiled '$(compiled_backend "build-$1")'" >&2
    exit 1
  fi
  other_status="compiled (build-$1/, GPU targets only, not run)"
}

case "$default_backend" in
  hip)
    hip_status="built (build/, tested by ctest)"
    compile_other cuda
    cuda_status="$other_status" ;;
  cuda)
    cuda_status="built (build/, tested by ctest)"
    compile_other hip
    hip_status="$other_status" ;;
  *)
    banner "ERROR: the default build compiled no GPU backend" \
      "('$default_backend'); is hipcc installed?" >&2
    exit 1 ;;
esac
echo "xsb: hip backend $hip_status"
echo "xsb: cuda backend $cuda_status"

ctest --preset default "$@"
echo "xsb: backends: cpu built and tested; hip $hip_status; cuda $cuda_status"
