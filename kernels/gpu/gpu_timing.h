// GPU stream timer and calibrated spinner for the workload API.
#ifndef XSB_KERNELS_GPU_GPU_TIMING_H_
#define XSB_KERNELS_GPU_GPU_TIMING_H_

#include "kernels/gpu/gpu_resources.h"
#include "kernels/gpu/gpu_stream.h"
#include "kernels/host/spin_calibration.h"
#include "kernels/workload.h"

namespace xsb {
namespace gpu {

// Two timing events recorded on the stream; their difference is the
// device's own measure of the work between them, free of host scheduling.
class GpuStreamTimer : public StreamTimer {
 public:
  explicit GpuStreamTimer(GpuStream& stream);
  void Start() override;
  void Stop() override;
  double ElapsedMs() override;

 private:
  hipStream_t stream_;
  GpuEvent start_{EventTiming::kEnabled};
  GpuEvent stop_{EventTiming::kEnabled};
};

// The spin kernel with one block per compute unit. The constructor converts
// microseconds to clock ticks with the rate the device reports for the spin
// clock, then refines that by timing spins of two lengths with GPU events
// (FitSpinCalibration), which also measures the fixed cost of a launch.
class GpuSpinner : public Spinner {
 public:
  // Blocks while it calibrates: a few milliseconds on an idle GPU. Throws
  // DeviceError when the spin clock does not run as the device reports.
  explicit GpuSpinner(GpuStream& stream);
  void Spin(double microseconds) override;
  // The spin, or the streaming kernel over two device buffers of 64 MiB
  // (allocated on first use), on min(blocks, compute units) blocks.
  void Kernel(double microseconds, int64_t blocks, KernelKind kind) override;
  const SpinCalibration& calibration() const { return calibration_; }

 private:
  // Enqueues a spin of `ticks` and returns how long it took by GPU events.
  double TimeSpinUs(int64_t ticks);

  GpuStream& stream_;
  int blocks_ = 1;
  SpinCalibration calibration_;
  DeviceBuffer<float> stream_from_;
  DeviceBuffer<float> stream_to_;
};

// Ticks per microsecond of the spin clock as the device reports it.
double NominalSpinTicksPerUs(int device);

}  // namespace gpu
}  // namespace xsb

#endif  // XSB_KERNELS_GPU_GPU_TIMING_H_
