// A GPU stream for the workload API.
#ifndef XSB_KERNELS_GPU_GPU_STREAM_H_
#define XSB_KERNELS_GPU_GPU_STREAM_H_

#include "kernels/gpu/gpu_runtime.h"
#include "kernels/workload.h"

namespace xsb {
namespace gpu {

// Always a stream this code creates, never the legacy default stream, and
// always non-blocking, so the work of one stream is ordered against another
// only by the scheduler under test and not by implicit default-stream syncs.
class GpuStream : public Stream {
 public:
  // kHighest and kLowest map to the ends of the device's reported priority
  // range; kDefault keeps the runtime's default priority. cu_mask_percent
  // > 0 (hip only, with kDefault) restricts the stream to the first
  // ceil(compute units x percent / 100) units; throws DeviceError on cuda,
  // which has no such stream.
  GpuStream(int device, StreamPriority priority, int cu_mask_percent = 0);
  ~GpuStream() override;
  GpuStream(const GpuStream&) = delete;
  GpuStream& operator=(const GpuStream&) = delete;

  void Synchronize() override;

  hipStream_t handle() const { return stream_; }
  int device() const { return device_; }
  // The runtime priority it was created with; lower numbers are more urgent.
  int priority() const { return priority_; }
  // The compute units it may use: all (0) or the masked count.
  int masked_units() const { return masked_units_; }

 private:
  void CreateMasked(StreamPriority priority, int percent);

  int device_;
  int priority_ = 0;
  int masked_units_ = 0;
  hipStream_t stream_ = nullptr;
};

}  // namespace gpu
}  // namespace xsb

#endif  // XSB_KERNELS_GPU_GPU_STREAM_H_
