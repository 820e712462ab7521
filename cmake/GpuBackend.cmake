# Chooses the GPU backend compiled beside the always-built CPU backend and
# defines the static library `xsb_gpu`, which implements CompiledGpuBackend()
# and OpenGpuDevice() from kernels/backend.h, and, with a GPU backend, the
# interface target `xsb_gpu_runtime` that host code calling the runtime links.
# Sets XSB_GPU_BACKEND_RESOLVED to hip, cuda or none, also in the cache
# (XSB_GPU_BACKEND_COMPILED) so scripts can tell what a build compiled.
#
# Cache variables:
#   XSB_GPU_BACKEND  auto | hip | cuda | none (auto: cuda on a machine with
#                    an NVIDIA GPU and nvcc; otherwise hip, else cuda, else
#                    none)
#   XSB_ROCM_PATH    ROCm root for hip (default: derived from where hip was
#                    found, /opt/rocm for ROCm, /usr for Debian's packages)
#   XSB_HIP_ARCHS    AMD targets (default: CMAKE_HIP_ARCHITECTURES or
#                    gfx908;gfx90a;gfx1030 plus this machine's GPUs; see
#                    cmake/HipTargets.cmake)
#   XSB_CUDA_ARCHS   NVIDIA targets (default: CMAKE_CUDA_ARCHITECTURES or 80;90)
set(XSB_GPU_BACKEND "auto" CACHE STRING
    "GPU backend compiled beside the CPU backend: auto, hip, cuda or none")
set_property(CACHE XSB_GPU_BACKEND PROPERTY STRINGS auto hip cuda none)
set(XSB_ROCM_PATH "" CACHE PATH
    "ROCm root for the hip backend (empty: derived from where hip was found)")

if(NOT XSB_GPU_BACKEND MATCHES "^(auto|hip|cuda|none)$")
  message(FATAL_ERROR
    "XSB_GPU_BACKEND='${XSB_GPU_BACKEND}' is not one of auto, hip, cuda, none")
endif()

set(XSB_GPU_SOURCE_DIR "${PROJECT_SOURCE_DIR}/kernels/gpu")
# Host code, compiled by the C++ compiler against the runtime API.
set(XSB_GPU_HOST_SOURCES
    "${XSB_GPU_SOURCE_DIR}/gpu_backend.cc"
    "${XSB_GPU_SOURCE_DIR}/gpu_device.cc"
    "${XSB_GPU_SOURCE_DIR}/gpu_model.cc"
    "${XSB_GPU_SOURCE_DIR}/gpu_stream.cc"
    "${XSB_GPU_SOURCE_DIR}/gpu_timing.cc"
    "${XSB_GPU_SOURCE_DIR}/vendor_gemm.cc")
# Device code: the only sources that need a GPU compiler.
set(XSB_GPU_DEVICE_SOURCES "${XSB_GPU_SOURCE_DIR}/mlp_kernels.hip"
                           "${XSB_GPU_SOURCE_DIR}/spin_kernel.hip")

# Looks for HIP without failing; sets hip_FOUND. Extra prefixes are added only
# for the search, so they do not leak into the rest of the project.
macro(xsb_find_hip)
  set(_xsb_saved_prefix_path "${CMAKE_PREFIX_PATH}")
  if(XSB_ROCM_PATH)
    list(PREPEND CMAKE_PREFIX_PATH "${XSB_ROCM_PATH}")
  endif()
  if(DEFINED ENV{ROCM_PATH})
    list(APPEND CMAKE_PREFIX_PATH "$ENV{ROCM_PATH}")
  endif()
  list(APPEND CMAKE_PREFIX_PATH /opt/rocm)
  find_package(hip CONFIG QUIET)
  set(CMAKE_PREFIX_PATH "${_xsb_saved_prefix_path}")
endmacro()

# Looks for a CUDA compiler without failing; leaves CMAKE_CUDA_COMPILER set
# (or NOTFOUND). nvcc is often installed outside PATH, in /usr/local/cuda.
macro(xsb_find_cuda_compiler)
  if(NOT DEFINED CMAKE_CUDA_COMPILER AND NOT DEFINED ENV{CUDACXX})
    # Only PATH: that is all check_language searches.
    find_program(_xsb_nvcc_in_path nvcc NO_CACHE NO_DEFAULT_PATH PATHS ENV PATH)
    if(NOT _xsb_nvcc_in_path AND EXISTS "/usr/local/cuda/bin/nvcc")
      set(CMAKE_CUDA_COMPILER "/usr/local/cuda/bin/nvcc" CACHE FILEPATH
          "CUDA compiler")
    endif()
  endif()
  include(CheckLanguage)
  check_language(CUDA)
endmacro()

set(XSB_GPU_BACKEND_RESOLVED none)
if(XSB_GPU_BACKEND STREQUAL "hip")
  xsb_find_hip()
  if(NOT hip_FOUND)
    message(FATAL_ERROR
      "XSB_GPU_BACKEND=hip but find_package(hip CONFIG) failed; install ROCm "
      "(Debian: apt-get install hipcc libamdhip64-dev) or point "
      "-DXSB_ROCM_PATH at the ROCm root")
  endif()
  set(XSB_GPU_BACKEND_RESOLVED hip)
elseif(XSB_GPU_BACKEND STREQUAL "cuda")
  xsb_find_cuda_compiler()
  if(NOT CMAKE_CUDA_COMPILER)
    message(FATAL_ERROR
      "XSB_GPU_BACKEND=cuda but no CUDA compiler was found; install the CUDA "
      "toolkit or pass -DCMAKE_CUDA_COMPILER=/path/to/nvcc")
  endif()
  set(XSB_GPU_BACKEND_RESOLVED cuda)
elseif(XSB_GPU_BACKEND STREQUAL "auto")
  # The machine's own GPU decides first: Debian's hipcc is installed on every
  # machine (CI compiles hip), so "hip if found" alone would give an NVIDIA
  # machine a backend that cannot open its GPU. Without a GPU (CI): hip, then
  # cuda.
  if(EXISTS "/dev/nvidiactl" AND NOT EXISTS "/dev/kfd")
    xsb_find_cuda_compiler()
    if(CMAKE_CUDA_COMPILER)
      set(XSB_GPU_BACKEND_RESOLVED cuda)
      message(STATUS "xsb: auto: an NVIDIA GPU is present (/dev/nvidiactl)")
    endif()
  endif()
  if(XSB_GPU_BACKEND_RESOLVED STREQUAL "none")
    xsb_find_hip()
    if(hip_FOUND)
      set(XSB_GPU_BACKEND_RESOLVED hip)
    else()
      xsb_find_cuda_compiler()
      if(CMAKE_CUDA_COMPILER)
        set(XSB_GPU_BACKEND_RESOLVED cuda)
      endif()
    endif()
  endif()
endif()

if(XSB_GPU_BACKEND_RESOLVED STREQUAL "hip")
  include("${XSB_GPU_SOURCE_DIR}/hip_backend.cmake")
elseif(XSB_GPU_BACKEND_RESOLVED STREQUAL "cuda")
  include("${XSB_GPU_SOURCE_DIR}/cuda_backend.cmake")
else()
  set(XSB_GPU_BACKEND_DETAIL "no GPU code compiled")
  add_library(xsb_gpu STATIC "${PROJECT_SOURCE_DIR}/kernels/gpu/gpu_none.cc")
  target_include_directories(xsb_gpu PRIVATE "${PROJECT_SOURCE_DIR}")
  target_link_libraries(xsb_gpu PUBLIC xsb_kernels_cpu)
endif()

set(XSB_GPU_BACKEND_COMPILED "${XSB_GPU_BACKEND_RESOLVED}" CACHE INTERNAL
    "The GPU backend this build compiles: hip, cuda or none")
message(STATUS "xsched-bench GPU backend: ${XSB_GPU_BACKEND_RESOLVED} "
               "(XSB_GPU_BACKEND=${XSB_GPU_BACKEND}; ${XSB_GPU_BACKEND_DETAIL})")
