#!/usr/bin/env bash
# One-call device validation (docs/gpu.md).
#   scripts/gpu-check.sh --prepare [--build_dir=DIR] [--no_build]
#                        [--bundle=DIR] [--xsched_root=DIR]
#     Here, without a GPU: a Release build of the cuda backend (preset cuda,
#     build-cuda/), then one folder (default .device/bundle, ignored by git)
#     with the programs (bin/), the shared libraries a bare GPU machine may
#     lack (lib/: Google Benchmark, GoogleTest when dynamic, libstdc++,
#     libgcc_s, the CUDA runtime; never the driver, libcuda), the device-side
#     run.sh and summary.py, and with an XSched install (--xsched_root or
#     XSCHED_ROOT) that install (xsched/). Lists the bundle with its size
#     and fails above 64 MiB (what the device tool carries), then the steps
#     the device run will take (run.sh --dry_run for the build's backend).
#     --build_dir/--no_build bundle an existing build instead (tests do).
#   scripts/gpu-check.sh --device [RUN.SH ARGUMENTS]
#     On the GPU machine, from the repository root: runs the bundle's
#     run.sh (--bundle=DIR first to name another bundle), which writes
#     JSON, logs and summary.md into $OUT (or --out=DIR) in at most 8
#     minutes.
# Exit code: 0 done; 1 a step failed; 2 bad usage.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd) || exit 2
bundle="$repo/.device/bundle"
build_dir="$repo/build-cuda"
build=true
xsched_root="${XSCHED_ROOT:-}"
readonly max_bytes=$((64 * 1024 * 1024))
# Libraries a bare GPU machine may lack; everything else (glibc, the GPU
# driver, ROCm on AMD machines) is the machine's own.
readonly carried='^(libbenchmark|libgtest|libgmock|libstdc\+\+|libgcc_s|libcudart)'

usage() {
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# copy_needed_libraries DEST FILE...: the carried libraries FILEs load.
copy_needed_libraries() {
  local dest=$1 name path
  shift
  mkdir -p "$dest"
  ldd "$@" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}' |
    sort -u | while read -r name path; do
      [[ "$name" =~ $carried ]] && cp -L "$path" "$dest/$name"
    done
  return 0
}

build_cuda() {
  local launcher=()
  if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache
              -DCMAKE_CUDA_COMPILER_LAUNCHER=ccache)
  fi
  (cd "$repo" && cmake --preset cuda "${launcher[@]}" >/dev/null) || return 1
  cmake --build "$build_dir" -j"$(nproc)" --target xsb_bench xsb_worker \
    gpu_kernels_test || return 1
  # The kernel microbenchmarks, where this checkout has them.
  if cmake --build "$build_dir" --target help | grep -q xsb_kernel_bench; then
    cmake --build "$build_dir" -j"$(nproc)" --target xsb_kernel_bench ||
      return 1
  fi
}

prepare() {
  if $build; then
    echo "gpu-check: building the cuda backend (Release) in $build_dir" >&2
    build_cuda || { echo "gpu-check: the build failed" >&2; return 1; }
  fi
  local programs=() program
  for program in bench/xsb_bench bench/xsb_worker tests/gpu/gpu_kernels_test; do
    [ -x "$build_dir/$program" ] || {
      echo "gpu-check: $build_dir/$program is missing" >&2
      return 1
    }
    programs+=("$build_dir/$program")
  done
  program=$(find "$build_dir" -name xsb_kernel_bench -type f -perm -u+x |
    head -n 1)
  [ -n "$program" ] && programs+=("$program")
  rm -rf "$bundle"
  mkdir -p "$bundle/bin" || return 1
  cp "${programs[@]}" "$bundle/bin/" || return 1
  strip --strip-debug "$bundle"/bin/* 2>/dev/null
  copy_needed_libraries "$bundle/lib" "${programs[@]}"
  cp "$repo/scripts/gpu-check/run.sh" "$repo/scripts/gpu-check/summary.py" \
    "$bundle/" || return 1
  if [ -n "$xsched_root" ]; then
    [ -x "$xsched_root/bin/xserver" ] || {
      echo "gpu-check: $xsched_root/bin/xserver is missing" >&2
      return 1
    }
    mkdir -p "$bundle/xsched/bin"
    cp -L "$xsched_root/bin/xserver" "$bundle/xsched/bin/" &&
      cp -a "$xsched_root/lib" "$bundle/xsched/" || return 1
    copy_needed_libraries "$bundle/lib" "$bundle/xsched/bin/xserver" \
      "$bundle"/xsched/lib/*.so*
  fi
  {
    echo "commit: $(git -C "$repo" rev-parse HEAD 2>/dev/null)"
    echo "build: $build_dir ($(grep -m1 XSB_GPU_BACKEND_RESOLVED \
      "$build_dir/CMakeCache.txt" 2>/dev/null))"
    echo "prepared: $(date -u +%FT%TZ)"
  } >"$bundle/MANIFEST.txt"
  list_bundle || return 1
  list_steps
}

# The device run's steps, as run.sh --dry_run prints them for this build.
list_steps() {
  local gpu_backend dry
  gpu_backend=$(sed -n 's/^XSB_GPU_BACKEND_COMPILED:INTERNAL=//p' \
    "$build_dir/CMakeCache.txt" 2>/dev/null)
  dry=$(mktemp -d) || return 1
  echo "device steps (run.sh --dry_run${gpu_backend:+ --gpu_backend=$gpu_backend}):"
  "$bundle/run.sh" --dry_run --out="$dry" \
    ${gpu_backend:+"--gpu_backend=$gpu_backend"} | sed 's/^/  /'
  rm -rf "$dry"
}

list_bundle() {
  local total
  (cd "$bundle" && find . -type f -printf '%10s  %P\n' | sort -k2)
  total=$(du -sb "$bundle" | cut -f1)
  echo "total: $total bytes ($((total / 1024 / 1024)) MiB) in $bundle"
  if [ "$total" -gt "$max_bytes" ]; then
    echo "gpu-check: the bundle is over 64 MiB" >&2
    return 1
  fi
}

[ $# -ge 1 ] || usage
mode=$1
shift
case "$mode" in
  --prepare)
    for arg in "$@"; do
      case "$arg" in
        --build_dir=*) build_dir="${arg#--build_dir=}" ;;
        --no_build) build=false ;;
        --bundle=*) bundle="${arg#--bundle=}" ;;
        --xsched_root=*) xsched_root="${arg#--xsched_root=}" ;;
        *) usage ;;
      esac
    done
    prepare
    ;;
  --device)
    if [ $# -ge 1 ] && [[ "$1" == --bundle=* ]]; then
      bundle="${1#--bundle=}"
      shift
    fi
    [ -x "$bundle/run.sh" ] || {
      echo "gpu-check: no bundle at $bundle; run --prepare first" >&2
      exit 2
    }
    exec "$bundle/run.sh" "$@"
    ;;
  *) usage ;;
esac
