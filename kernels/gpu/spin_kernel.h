// Host-side entry point of the spin kernel in spin_kernel.hip. Includes no
// GPU runtime header, so any host file may use it.
#ifndef XSB_KERNELS_GPU_SPIN_KERNEL_H_
#define XSB_KERNELS_GPU_SPIN_KERNEL_H_

#include <cstdint>

#include "kernels/gpu/mlp_kernels.h"

namespace xsb {
namespace gpu {

// Enqueues `blocks` blocks that each spin until `ticks` ticks of the spin
// clock have passed since the block started. The spin clock is the
// constant-rate "wall clock" on HIP (wall_clock64, 100 MHz on current AMD
// GPUs) and the nanosecond %globaltimer on CUDA; neither follows the shader
// clock, so a spin lasts as long when the GPU boosts or throttles. Throws
// DeviceError when the launch fails.
void LaunchSpin(int64_t ticks, int blocks, GpuStreamHandle stream);

// Enqueues `blocks` blocks that copy `bytes` (a multiple of 16) from `from`
// to `to` in slices, pass after pass, until `ticks` ticks of the spin clock
// have passed since the block started: a memory-bound kernel of a chosen
// length. Throws DeviceError when the launch fails.
void LaunchStream(int64_t ticks, int blocks, const void* from, void* to,
                  int64_t bytes, GpuStreamHandle stream);

}  // namespace gpu
}  // namespace xsb

#endif  // XSB_KERNELS_GPU_SPIN_KERNEL_H_
