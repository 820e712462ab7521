# Defines xsb_gpu for AMD GPUs; included by cmake/GpuBackend.cmake once
# find_package(hip CONFIG) has succeeded.
#
# The .hip sources are compiled by hip-clang through a custom command rather
# than enable_language(HIP), because CMake's HIP language does not find
# Debian's hip-lang package; the host sources stay with the C++ compiler.

# The ROCm root: hip-config lives in <root>/lib[64][/<multiarch>]/cmake/hip.
if(XSB_ROCM_PATH)
  set(_xsb_rocm_path "${XSB_ROCM_PATH}")
else()
  get_filename_component(_xsb_hip_dir "${hip_DIR}" REALPATH)
  if(_xsb_hip_dir MATCHES "^(.*)/lib(64)?(/[^/]+)?/cmake/hip$")
    set(_xsb_rocm_path "${CMAKE_MATCH_1}")
  elseif(ROCM_PATH)
    set(_xsb_rocm_path "${ROCM_PATH}")
  else()
    set(_xsb_rocm_path /opt/rocm)
  endif()
endif()

include("${PROJECT_SOURCE_DIR}/cmake/HipTargets.cmake")
# The default is taken once per build folder: the usual targets plus this
# machine's own GPUs, so a build here always runs here.
if(DEFINED CMAKE_HIP_ARCHITECTURES AND CMAKE_HIP_ARCHITECTURES)
  set(_xsb_default_hip_archs "${CMAKE_HIP_ARCHITECTURES}")
elseif(NOT DEFINED CACHE{XSB_HIP_ARCHS})
  find_program(XSB_AMDGPU_ARCH NAMES amdgpu-arch offload-arch
               PATHS "${_xsb_rocm_path}/llvm/bin" "${_xsb_rocm_path}/lib/llvm/bin"
                     "${_xsb_rocm_path}/bin")
  find_program(XSB_ROCMINFO NAMES rocminfo PATHS "${_xsb_rocm_path}/bin")
  xsb_detect_hip_targets(_xsb_detected_hip_archs "${XSB_AMDGPU_ARCH}"
                         "${XSB_ROCMINFO}")
  if(_xsb_detected_hip_archs)
    message(STATUS "xsb: this machine's AMD GPUs: ${_xsb_detected_hip_archs}")
  else()
    message(STATUS "xsb: no AMD GPU found here (amdgpu-arch, rocminfo); "
                   "XSB_HIP_ARCHS gets the defaults")
  endif()
  xsb_default_hip_targets(_xsb_default_hip_archs "${_xsb_detected_hip_archs}")
endif()
set(XSB_HIP_ARCHS "${_xsb_default_hip_archs}" CACHE STRING
    "AMD GPU targets the .hip sources are compiled for")

# ROCm ships its own clang in llvm/bin; Debian's hipcc uses a versioned
# system clang (clang-15 on Debian 12), so those are preferred over a plain
# clang++ that may be older.
find_program(XSB_HIP_CLANG NAMES clang++
             PATHS "${_xsb_rocm_path}/llvm/bin" "${_xsb_rocm_path}/lib/llvm/bin"
             NO_DEFAULT_PATH)
find_program(XSB_HIP_CLANG
             NAMES clang++-15 clang++-16 clang++-17 clang++-18 clang++-19
                   clang++)
if(NOT XSB_HIP_CLANG)
  message(FATAL_ERROR
    "hip backend: no clang++ with HIP support found in ${_xsb_rocm_path}/llvm/bin "
    "or PATH; install hipcc (Debian) or ROCm, or pass -DXSB_HIP_CLANG=/path")
endif()

# Debian installs the device bitcode libraries under the multiarch libdir,
# where clang's --rocm-path does not look.
find_path(XSB_HIP_DEVICE_LIB_PATH ocml.bc
          PATHS "${_xsb_rocm_path}/amdgcn/bitcode"
                "${_xsb_rocm_path}/lib/${CMAKE_LIBRARY_ARCHITECTURE}/amdgcn/bitcode"
                "${_xsb_rocm_path}/lib/amdgcn/bitcode"
          NO_DEFAULT_PATH)
set(_xsb_hip_flags -x hip "--rocm-path=${_xsb_rocm_path}")
if(XSB_HIP_DEVICE_LIB_PATH)
  list(APPEND _xsb_hip_flags "--rocm-device-lib-path=${XSB_HIP_DEVICE_LIB_PATH}")
endif()
# Without the targets: also what the ISA check (tests/integration) compiles
# with.
set(XSB_HIP_DEVICE_FLAGS ${_xsb_hip_flags} -O3 -std=c++17
    "-I${PROJECT_SOURCE_DIR}")

# A target this compiler cannot build (gfx942 before ROCm 6) stops the
# configure here rather than the build later. Checked again only when the
# compiler, flags or targets change.
set(_xsb_hip_check_key "${XSB_HIP_CLANG}|${XSB_HIP_DEVICE_FLAGS}|${XSB_HIP_ARCHS}")
if(NOT "${_xsb_hip_check_key}" STREQUAL "${XSB_HIP_ARCHS_CHECKED}")
  xsb_hip_targets_problem(_xsb_hip_problem "${XSB_HIP_CLANG}"
                          "${XSB_HIP_DEVICE_FLAGS}" "${XSB_HIP_ARCHS}"
                          "${hip_VERSION}" "${CMAKE_CURRENT_BINARY_DIR}")
  if(_xsb_hip_problem)
    message(FATAL_ERROR "${_xsb_hip_problem}")
  endif()
  set(XSB_HIP_ARCHS_CHECKED "${_xsb_hip_check_key}" CACHE INTERNAL
      "XSB_HIP_ARCHS as last found buildable")
endif()

foreach(_xsb_arch IN LISTS XSB_HIP_ARCHS)
  list(APPEND _xsb_hip_flags "--offload-arch=${_xsb_arch}")
endforeach()
list(APPEND _xsb_hip_flags -fPIC -O3 -std=c++17 -Wall -Wextra
     "-I${PROJECT_SOURCE_DIR}")

set(_xsb_hip_objects)
file(MAKE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/xsb_gpu_hip")
foreach(_xsb_src IN LISTS XSB_GPU_DEVICE_SOURCES)
  get_filename_component(_xsb_name "${_xsb_src}" NAME_WE)
  set(_xsb_obj "${CMAKE_CURRENT_BINARY_DIR}/xsb_gpu_hip/${_xsb_name}.o")
  add_custom_command(
    OUTPUT "${_xsb_obj}"
    COMMAND "${XSB_HIP_CLANG}" ${_xsb_hip_flags} -MD -MF "${_xsb_obj}.d"
            -c "${_xsb_src}" -o "${_xsb_obj}"
    DEPENDS "${_xsb_src}"
    DEPFILE "${_xsb_obj}.d"
    COMMENT "Building HIP object xsb_gpu_hip/${_xsb_name}.o"
    VERBATIM)
  list(APPEND _xsb_hip_objects "${_xsb_obj}")
endforeach()
set_source_files_properties(${_xsb_hip_objects} PROPERTIES
                            EXTERNAL_OBJECT TRUE GENERATED TRUE)

# What host code needs to call the runtime (xsb_gpu's host sources, GPU
# tests): hip::host gives __HIP_PLATFORM_AMD__ and links amdhip64.
add_library(xsb_gpu_runtime INTERFACE)
target_link_libraries(xsb_gpu_runtime INTERFACE hip::host)
# The compiled targets, "gfx908,gfx90a,...": the worker compares them with
# the GPUs' before its first HIP call.
string(REPLACE ";" "," _xsb_hip_target_list "${XSB_HIP_ARCHS}")
target_compile_definitions(xsb_gpu_runtime INTERFACE
                           "XSB_HIP_TARGETS=\"${_xsb_hip_target_list}\"")

add_library(xsb_gpu STATIC ${XSB_GPU_HOST_SOURCES} ${_xsb_hip_objects})
target_include_directories(xsb_gpu PRIVATE "${PROJECT_SOURCE_DIR}")
# PRIVATE keeps the runtime's definitions out of code that only uses
# backend.h.
target_link_libraries(xsb_gpu PUBLIC xsb_kernels_cpu PRIVATE xsb_gpu_runtime)

set(XSB_GPU_BACKEND_DETAIL
    "HIP ${hip_VERSION}, ROCm at ${_xsb_rocm_path}, ${XSB_HIP_CLANG}, archs ${XSB_HIP_ARCHS}")
