#!/usr/bin/env bash
# One-call device validation (docs/gpu.md).
#   scripts/gpu-check.sh --prepare [--build_dir=DIR] [--no_build]
#                        [--bundle=DIR] [--xsched_root=DIR]
#     Here, without a GPU: a Release build of the cuda backend (preset cuda,
#     build-cuda/), then one folder (default .device/bundle, ignored by git)
#     with the programs (bin/, each finding lib/ through its RUNPATH
#     $ORIGIN/../lib, set by the build; the build machine's folders after
#     it are dropped), the shared libraries a bare GPU machine may lack
#     (lib/: Google Benchmark, GoogleTest when dynamic, the CUDA runtime;
#     never the driver, libcuda), libstdc++ and libgcc_s in lib/fallback/
#     (used only where the machine's are older than the programs need),
#     the version names each program needs (versions.txt), the device side
#     (run.sh, libraries.sh, steps/, summary.py), and with an XSched
#     install (--xsched_root or XSCHED_ROOT) that install (xsched/). Lists
#     the bundle with its size, each program's RUNPATH and what ldd
#     resolves, and fails above 64 MiB (what the device tool carries),
#     then the steps the device run will take (run.sh --dry_run for the
#     build's backend).
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
# Libraries a bare GPU machine may lack, found by the programs in lib/;
# everything else (glibc, the GPU driver, ROCm on AMD machines) is the
# machine's own.
readonly carried='^(libbenchmark|libgtest|libgmock|libcudart)'
# The C++ runtime, in lib/fallback/: run.sh links it into lib/ only where
# the machine's copy lacks a version the programs need.
readonly fallback='^(libstdc\+\+|libgcc_s)'
# The RUNPATH each bundled program must carry (cmake/XsbBundle.cmake).
# shellcheck disable=SC2016  # the loader expands $ORIGIN, not the shell
readonly runpath='$ORIGIN/../lib'
# The programs the bundle carries, relative to the build folder; those
# marked optional only where the build has them. A step of
# scripts/gpu-check/steps/ that runs another program adds it here (and to
# xsb_bundle_runpath in CMakeLists.txt).
readonly programs_required="bench/xsb_bench bench/xsb_worker tests/gpu/gpu_kernels_test"
readonly programs_optional="xsb_kernel_bench"

usage() {
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# copy_needed_libraries FILE...: the carried libraries FILEs load, into
# lib/ or lib/fallback/.
copy_needed_libraries() {
  local name path
  mkdir -p "$bundle/lib/fallback"
  ldd "$@" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}' |
    sort -u | while read -r name path; do
      if [[ "$name" =~ $carried ]]; then
        cp -L "$path" "$bundle/lib/$name"
      elif [[ "$name" =~ $fallback ]]; then
        cp -L "$path" "$bundle/lib/fallback/$name"
      fi
    done
  return 0
}

# runpath_of FILE: FILE's RUNPATH, "" when it has none.
runpath_of() {
  readelf -d "$1" 2>/dev/null |
    sed -n 's/.*Library runpath: \[\(.*\)\]$/\1/p'
}

# check_build_runpath FILE...: fails, naming the file, unless each built
# program's RUNPATH starts with $runpath (and it has no RPATH, which would
# reach the libraries it loads).
check_build_runpath() {
  local file
  for file in "$@"; do
    if [[ "$(runpath_of "$file"):" != "$runpath:"* ]] ||
       readelf -d "$file" | grep -q "Library rpath:"; then
      echo "gpu-check: $file lacks the RUNPATH $runpath: rebuild it" \
        "(cmake/XsbBundle.cmake, xsb_bundle_runpath)" >&2
      return 1
    fi
  done
}

# set_runpath FILE...: leaves $runpath alone in each bundled program's
# RUNPATH, without the build machine's folders the build added after it,
# and checks the result.
set_runpath() {
  local file
  cmake "-DRUNPATH=$runpath" "-DFILES=$(IFS=';'; echo "$*")" \
    -P "$repo/cmake/SetRunpath.cmake" >/dev/null || return 1
  for file in "$@"; do
    [ "$(runpath_of "$file")" = "$runpath" ] || {
      echo "gpu-check: could not set the RUNPATH of $file" >&2
      return 1
    }
  done
}

# write_versions: versions.txt, one "OBJECT SONAME VERSION" line for each
# version each ELF file of the bundle needs (readelf -V), for run.sh's
# choice of libstdc++ and libgcc_s on the GPU machine.
write_versions() {
  local file
  (cd "$bundle" && find bin lib xsched -type f 2>/dev/null | sort) |
    while read -r file; do
      readelf -V --wide "$bundle/$file" 2>/dev/null | awk -v object="$file" '
        /^Version needs section/ { needs = 1; next }
        /^Version .* section/ { needs = 0 }
        needs && /File:/ { for (i = 1; i < NF; i++)
                             if ($i == "File:") soname = $(i + 1) }
        needs && /Name:/ { for (i = 1; i < NF; i++)
                             if ($i == "Name:") print object, soname, $(i + 1) }'
    done >"$bundle/versions.txt"
}

# describe_programs: each bundled program's RUNPATH and what ldd resolves
# for it here, bundle paths shown relative to the bundle.
describe_programs() {
  local file
  for file in "$bundle"/bin/*; do
    [ -f "$file" ] || continue # bin/examples and bin/python are not programs
    echo "${file#"$bundle"/}: RUNPATH $(runpath_of "$file")"
    ldd "$file" | sed "s|$bundle/|<bundle>/|; s/ (0x[0-9a-f]*)//; s/^\s*/    /"
  done
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
  for program in $programs_required; do
    [ -x "$build_dir/$program" ] || {
      echo "gpu-check: $build_dir/$program is missing" >&2
      return 1
    }
    programs+=("$build_dir/$program")
  done
  for program in $programs_optional; do
    program=$(find "$build_dir" -name "$program" -type f -perm -u+x |
      head -n 1)
    [ -n "$program" ] && programs+=("$program")
  done
  check_build_runpath "${programs[@]}" || return 1
  rm -rf "$bundle"
  mkdir -p "$bundle/bin" || return 1
  cp "${programs[@]}" "$bundle/bin/" || return 1
  strip --strip-debug "$bundle"/bin/* 2>/dev/null
  set_runpath "$bundle"/bin/* || return 1
  copy_needed_libraries "${programs[@]}"
  cp -r "$repo"/scripts/gpu-check/{run.sh,libraries.sh,summary.py,steps} \
    "$bundle/" || return 1
  # The exec models' side beside xsb_bench, as in the build: the example
  # programs (bin/examples/) and xsb_model (bin/python/), for the torch
  # pair; and the scripts' Python finder.
  cp -r "$build_dir/bench/examples" "$build_dir/bench/python" "$bundle/bin/" &&
    cp "$repo/scripts/lib/python.sh" "$bundle/" || return 1
  if [ -n "$xsched_root" ]; then
    [ -x "$xsched_root/bin/xserver" ] || {
      echo "gpu-check: $xsched_root/bin/xserver is missing" >&2
      return 1
    }
    # XSched loads with the machine's libraries (run.sh reports what it
    # needs that they lack); nothing of it goes into lib/.
    mkdir -p "$bundle/xsched/bin"
    cp -L "$xsched_root/bin/xserver" "$bundle/xsched/bin/" &&
      cp -a "$xsched_root/lib" "$bundle/xsched/" || return 1
  fi
  write_versions
  {
    echo "commit: $(git -C "$repo" rev-parse HEAD 2>/dev/null)"
    echo "build: $build_dir ($(grep -m1 '^XSB_GPU_BACKEND:' \
      "$build_dir/CMakeCache.txt" 2>/dev/null))"
    echo "arch: $(uname -m)"
    echo "prepared: $(date -u +%FT%TZ) on $( (. /etc/os-release &&
      echo "$PRETTY_NAME") 2>/dev/null), $(getconf GNU_LIBC_VERSION)"
  } >"$bundle/MANIFEST.txt"
  list_bundle && describe_programs || return 1
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
