// Turns a failing GPU runtime call into an xsb::DeviceError, the only way the
// workload API reports errors. Each message is one line: where, which call,
// the runtime's words for the cause, and what to do about it.
#ifndef XSB_KERNELS_GPU_GPU_CHECK_H_
#define XSB_KERNELS_GPU_GPU_CHECK_H_

#include <string>

#include "kernels/gpu/gpu_runtime.h"
#include "kernels/workload.h"

namespace xsb {
namespace gpu {

// What a user can do about a failed call, by its status.
inline const char* GpuErrorRemedy(hipError_t status) {
  switch (status) {
    case hipErrorOutOfMemory:
      return "free GPU memory (other processes show in rocm-smi or "
             "nvidia-smi) or shrink the models, e.g. a smaller "
             "--xsb_lp_batch (1024 -> 512 -> 256)";
    case hipErrorInvalidDeviceFunction:
    case hipErrorNoBinaryForGpu:
#if defined(XSB_GPU_CUDA)
      return "the kernels were not compiled for this GPU: reconfigure with "
             "-DXSB_CUDA_ARCHS=<its compute capability, e.g. 90> and rebuild";
#else
      return "the kernels were not compiled for this GPU: reconfigure with "
             "-DXSB_HIP_ARCHS=<its gfx target, see rocminfo> and rebuild";
#endif
    case hipErrorNoDevice:
    case hipErrorInvalidDevice:
    case hipErrorInsufficientDriver:
      return "check that the GPU driver is loaded and this user may open the "
             "device (/dev/kfd and /dev/dri, or /dev/nvidia*), or use "
             "--xsb_backend=cpu";
    case hipErrorLaunchOutOfResources:
      return "the kernel asks for more registers or threads than this GPU "
             "has; report it with the device name from the JSON context";
    case hipErrorIllegalAddress:
    case hipErrorLaunchFailure:
      return "a kernel faulted and the GPU context is lost; rerun, and "
             "report it with the device name if it repeats";
    default:
      return "check the GPU driver (dmesg) and that no other job holds the "
             "GPU exclusively, or use --xsb_backend=cpu";
  }
}

// Out of line from the macros so each check site stays a compare and a call.
[[noreturn]] inline void ThrowGpuError(hipError_t status, const char* call,
                                       const char* file, int line) {
  std::string message = std::string(file) + ":" + std::to_string(line) + ": " +
                        call + " failed: " + hipGetErrorString(status) + " (" +
                        hipGetErrorName(status) + "); " +
                        GpuErrorRemedy(status);
  if (status == hipErrorOutOfMemory) throw OutOfMemoryError(message);
  throw DeviceError(message);
}

// A launch that failed leaves its status in the last-error slot, which a
// runtime call made earlier on the thread may also have set: clear it before
// the launch with ClearLastGpuError and read it after with
// XSB_GPU_CHECK_LAUNCH.
inline void ClearLastGpuError() { (void)hipGetLastError(); }

}  // namespace gpu
}  // namespace xsb

// Evaluates `call` (a HIP runtime call) once; throws xsb::DeviceError
// (OutOfMemoryError when out of memory) naming the file, line, call, the
// runtime's error and a remedy when it fails.
#define XSB_GPU_CHECK(call)                                            \
  do {                                                                 \
    const hipError_t xsb_gpu_check_status = (call);                    \
    if (xsb_gpu_check_status != hipSuccess) {                          \
      ::xsb::gpu::ThrowGpuError(xsb_gpu_check_status, #call, __FILE__, \
                                __LINE__);                             \
    }                                                                  \
  } while (false)

// After a <<<...>>> launch of `kernel`: launch configuration errors surface
// only through the last-error slot.
#define XSB_GPU_CHECK_LAUNCH(kernel)                                       \
  do {                                                                     \
    const hipError_t xsb_gpu_check_status = hipGetLastError();             \
    if (xsb_gpu_check_status != hipSuccess) {                              \
      ::xsb::gpu::ThrowGpuError(xsb_gpu_check_status, "launch of " kernel, \
                                __FILE__, __LINE__);                       \
    }                                                                      \
  } while (false)

#endif  // XSB_KERNELS_GPU_GPU_CHECK_H_
