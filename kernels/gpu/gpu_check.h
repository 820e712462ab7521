// Turns a failing GPU runtime call into an xsb::DeviceError, the only way the
// workload API reports errors.
#ifndef XSB_KERNELS_GPU_GPU_CHECK_H_
#define XSB_KERNELS_GPU_GPU_CHECK_H_

#include <string>

#include "kernels/gpu/gpu_runtime.h"
#include "kernels/workload.h"

namespace xsb {
namespace gpu {

// Out of line from the macro so each check site stays a compare and a call.
[[noreturn]] inline void ThrowGpuError(hipError_t status, const char* call,
                                       const char* file, int line) {
  throw DeviceError(std::string(file) + ":" + std::to_string(line) + ": " +
                    call + " failed: " + hipGetErrorString(status) + " (" +
                    hipGetErrorName(status) + ")");
}

}  // namespace gpu
}  // namespace xsb

// Evaluates `call` (a HIP runtime call) once; throws xsb::DeviceError naming
// the file, line, call and the runtime's error string when it fails.
#define XSB_GPU_CHECK(call)                                            \
  do {                                                                 \
    const hipError_t xsb_gpu_check_status = (call);                    \
    if (xsb_gpu_check_status != hipSuccess) {                          \
      ::xsb::gpu::ThrowGpuError(xsb_gpu_check_status, #call, __FILE__, \
                                __LINE__);                             \
    }                                                                  \
  } while (false)

#endif  // XSB_KERNELS_GPU_GPU_CHECK_H_
