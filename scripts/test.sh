#!/usr/bin/env bash
# Builds and runs the test suite (ctest), and proves both GPU backends
# compile. Installs missing dependencies first, so it also works on a fresh
# Debian 12 machine. GPU tests skip themselves where no device exists.
#
#   1. preset default: CPU + hip (auto finds the hipcc install-deps.sh
#      installed); the whole project; fails if hip was not compiled.
#   2. preset cuda: compile only, and only the GPU targets (xsb_gpu and
#      gpu_kernels_test), to keep CI time down. Needs nvcc
#      (/usr/local/cuda/bin/nvcc or on PATH); without it this step is
#      skipped with a warning, not a failure.
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

scripts/install-deps.sh

cmake --preset default
cmake --build --preset default -j "$(nproc)"
if [ "$(compiled_backend build)" != hip ]; then
  banner "ERROR: the default build compiled GPU backend" \
    "'$(compiled_backend build)', not hip; is hipcc installed?" >&2
  exit 1
fi
echo "xsb: hip backend compiled (build/, preset default)"

cuda_status="NOT compiled: no nvcc"
if command -v nvcc >/dev/null || [ -x /usr/local/cuda/bin/nvcc ]; then
  cmake --preset cuda
  cmake --build --preset cuda -j "$(nproc)" --target xsb_gpu gpu_kernels_test
  cuda_status="compiled (build-cuda/, GPU targets only, not run)"
  echo "xsb: cuda backend $cuda_status"
else
  banner "WARNING: nvcc is neither on PATH nor at /usr/local/cuda/bin/nvcc:" \
    "the cuda backend was NOT compiled" >&2
fi

ctest --preset default "$@"
echo "xsb: backends: cpu and hip built and tested (build/); cuda $cuda_status"
