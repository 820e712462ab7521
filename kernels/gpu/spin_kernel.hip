// Device code of the calibrated spin (see spin_kernel.h). The same source is
// compiled by hip-clang for AMD GPUs and by nvcc (through hip_to_cuda.h) for
// NVIDIA GPUs.
#include "kernels/gpu/gpu_check.h"
#include "kernels/gpu/gpu_runtime.h"
#include "kernels/gpu/spin_kernel.h"

namespace xsb {
namespace gpu {
namespace {

// One wavefront on AMD, two warps on NVIDIA: enough to hold a compute unit's
// attention, few enough that other kernels' blocks still fit beside it.
constexpr int kSpinThreads = 64;

__device__ __forceinline__ long long SpinClockNow() {
#if defined(XSB_GPU_CUDA)
  unsigned long long now;
  asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(now));
  return static_cast<long long>(now);
#elif defined(__HIP_DEVICE_COMPILE__)
  // Negative where the GPU has no such clock.
  return wall_clock64();
#else
  return -1;  // the host pass of hip-clang; never runs
#endif
}

__global__ void SpinKernel(long long ticks) {
  const long long start = SpinClockNow();
  // Without a readable clock the spin would never end; ending at once lets
  // the calibration see the clock is not running and say so.
  if (start < 0) return;
  while (SpinClockNow() - start < ticks) {
  }
}

}  // namespace

void LaunchSpin(int64_t ticks, int blocks, GpuStreamHandle stream) {
  if (blocks <= 0) return;
  ClearLastGpuError();
  SpinKernel<<<blocks, kSpinThreads, 0, static_cast<hipStream_t>(stream)>>>(
      static_cast<long long>(ticks));
  XSB_GPU_CHECK_LAUNCH("SpinKernel");
}

}  // namespace gpu
}  // namespace xsb
