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

// Each block copies its slice of `from` to `to`, round after round, until
// `ticks` have passed. A round is 4 float4 per thread (16 KiB per block of
// 256), so the clock is read often enough that a kernel ends within a
// round of its time; the slices (64 MiB in all) are larger than any L2, so
// the memory system stays loaded throughout.
__global__ void StreamKernel(long long ticks, const float4* from, float4* to,
                             long long count) {
  const long long start = SpinClockNow();
  if (start < 0) return;
  const long long per_block = (count + gridDim.x - 1) / gridDim.x;
  const long long begin = per_block * blockIdx.x;
  const long long end = begin + per_block < count ? begin + per_block : count;
  if (begin + threadIdx.x >= end) {
    while (SpinClockNow() - start < ticks) {
    }
    return;
  }
  long long i = begin + threadIdx.x;
  while (SpinClockNow() - start < ticks) {
    for (int round = 0; round < 4; ++round) {
      to[i] = from[i];
      i += blockDim.x;
      if (i >= end) i = begin + threadIdx.x;
    }
  }
}

}  // namespace

void LaunchStream(int64_t ticks, int blocks, const void* from, void* to,
                  int64_t bytes, GpuStreamHandle stream) {
  if (blocks <= 0) return;
  constexpr int kStreamThreads = 256;
  ClearLastGpuError();
  StreamKernel<<<blocks, kStreamThreads, 0, static_cast<hipStream_t>(stream)>>>(
      static_cast<long long>(ticks), static_cast<const float4*>(from),
      static_cast<float4*>(to), static_cast<long long>(bytes / 16));
  XSB_GPU_CHECK_LAUNCH("StreamKernel");
}

void LaunchSpin(int64_t ticks, int blocks, GpuStreamHandle stream) {
  if (blocks <= 0) return;
  ClearLastGpuError();
  SpinKernel<<<blocks, kSpinThreads, 0, static_cast<hipStream_t>(stream)>>>(
      static_cast<long long>(ticks));
  XSB_GPU_CHECK_LAUNCH("SpinKernel");
}

}  // namespace gpu
}  // namespace xsb
