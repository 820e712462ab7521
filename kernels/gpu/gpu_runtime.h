// The one place that picks the GPU runtime headers, so every GPU source is
// written against the HIP API whichever backend it is compiled for.
#ifndef XSB_KERNELS_GPU_GPU_RUNTIME_H_
#define XSB_KERNELS_GPU_GPU_RUNTIME_H_

#if defined(XSB_GPU_CUDA)
// Debian's HIP-on-NVIDIA headers do not compile against CUDA 13, so the CUDA
// build maps the few HIP names the project uses itself.
#include "kernels/gpu/hip_to_cuda.h"
#elif defined(__HIPCC__)
#include <hip/hip_runtime.h>
#else
// Host-only translation units (compiled by the host compiler) need the API
// but must not see device-side declarations.
#include <hip/hip_runtime_api.h>
#endif

#include "kernels/workload.h"

namespace xsb {
namespace gpu {

#if defined(XSB_GPU_CUDA)
inline constexpr char kBackendName[] = "cuda";
inline constexpr Backend kBackend = Backend::kCuda;
inline constexpr char kRuntimeName[] = "CUDA";
// Prefix of the runtime's function names, for messages that name a call.
inline constexpr char kApiPrefix[] = "cuda";
// The variable that chooses which GPUs the runtime numbers, and in what order.
inline constexpr char kVisibleDevicesVar[] = "CUDA_VISIBLE_DEVICES";
#else
inline constexpr char kBackendName[] = "hip";
inline constexpr Backend kBackend = Backend::kHip;
inline constexpr char kRuntimeName[] = "HIP";
inline constexpr char kApiPrefix[] = "hip";
inline constexpr char kVisibleDevicesVar[] = "HIP_VISIBLE_DEVICES";
#endif

}  // namespace gpu
}  // namespace xsb

#endif  // XSB_KERNELS_GPU_GPU_RUNTIME_H_
