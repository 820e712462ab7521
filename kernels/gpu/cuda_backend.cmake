# Defines xsb_gpu for NVIDIA GPUs; included by cmake/GpuBackend.cmake once a
# CUDA compiler has been found. The .hip sources are compiled as CUDA, with
# kernels/gpu/hip_to_cuda.h standing in for the HIP headers.

if(DEFINED CMAKE_CUDA_ARCHITECTURES AND CMAKE_CUDA_ARCHITECTURES)
  set(_xsb_default_cuda_archs "${CMAKE_CUDA_ARCHITECTURES}")
else()
  set(_xsb_default_cuda_archs "80;90")
endif()
set(XSB_CUDA_ARCHS "${_xsb_default_cuda_archs}" CACHE STRING
    "NVIDIA GPU architectures the .hip sources are compiled for")
# Set before enable_language so CMake does not probe for a default
# architecture, which fails on toolkits that dropped the old default.
if(NOT CMAKE_CUDA_ARCHITECTURES)
  set(CMAKE_CUDA_ARCHITECTURES "${XSB_CUDA_ARCHS}")
endif()

# Every target linking xsb_gpu gets CUDA's implicit link libraries; making the
# shared runtime the project-wide default keeps them from adding the static
# cudart beside the shared one that CUDA::cudart brings.
if(NOT DEFINED CMAKE_CUDA_RUNTIME_LIBRARY)
  set(CMAKE_CUDA_RUNTIME_LIBRARY Shared)
endif()

enable_language(CUDA)
find_package(CUDAToolkit QUIET)
if(NOT CUDAToolkit_FOUND)
  message(FATAL_ERROR
    "cuda backend: nvcc was found (${CMAKE_CUDA_COMPILER}) but the CUDA "
    "runtime was not; install the toolkit's cudart or pass "
    "-DCUDAToolkit_ROOT=/path/to/cuda")
endif()

# What host code needs to call the runtime (xsb_gpu's sources, GPU tests):
# the CUDA runtime, and XSB_GPU_CUDA so gpu_runtime.h maps HIP names to it.
add_library(xsb_gpu_runtime INTERFACE)
target_link_libraries(xsb_gpu_runtime INTERFACE CUDA::cudart)
target_compile_definitions(xsb_gpu_runtime INTERFACE XSB_GPU_CUDA)

set_source_files_properties(${XSB_GPU_DEVICE_SOURCES} PROPERTIES LANGUAGE CUDA)
add_library(xsb_gpu STATIC ${XSB_GPU_HOST_SOURCES} ${XSB_GPU_DEVICE_SOURCES})
set_target_properties(xsb_gpu PROPERTIES
  CUDA_ARCHITECTURES "${XSB_CUDA_ARCHS}"
  CUDA_STANDARD 17
  CUDA_STANDARD_REQUIRED ON)
target_include_directories(xsb_gpu PRIVATE "${PROJECT_SOURCE_DIR}")
target_compile_options(xsb_gpu PRIVATE
  $<$<COMPILE_LANGUAGE:CUDA>:-Xcompiler=-Wall,-Wextra>)
target_link_libraries(xsb_gpu PUBLIC xsb_kernels_cpu PRIVATE xsb_gpu_runtime)

set(XSB_GPU_BACKEND_DETAIL
    "CUDA ${CMAKE_CUDA_COMPILER_VERSION}, ${CMAKE_CUDA_COMPILER}, archs ${XSB_CUDA_ARCHS}")
