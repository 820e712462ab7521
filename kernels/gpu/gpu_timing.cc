#include "kernels/gpu/gpu_timing.h"

#include <algorithm>
#include <vector>

#include "kernels/gpu/gpu_check.h"
#include "kernels/gpu/spin_kernel.h"

namespace xsb {
namespace gpu {
namespace {

// Two lengths far enough apart that the slope is well defined, short enough
// that calibration costs about 10 ms; three runs of each, for the median.
constexpr double kCalibrationUs[] = {200, 2000};
constexpr int kRunsPerLength = 3;

}  // namespace

GpuStreamTimer::GpuStreamTimer(GpuStream& stream) : stream_(stream.handle()) {}

void GpuStreamTimer::Start() {
  XSB_GPU_CHECK(hipEventRecord(start_.get(), stream_));
}

void GpuStreamTimer::Stop() {
  XSB_GPU_CHECK(hipEventRecord(stop_.get(), stream_));
}

double GpuStreamTimer::ElapsedMs() {
  XSB_GPU_CHECK(hipEventSynchronize(stop_.get()));
  float ms = 0;
  XSB_GPU_CHECK(hipEventElapsedTime(&ms, start_.get(), stop_.get()));
  return ms;
}

double NominalSpinTicksPerUs(int device) {
#if defined(XSB_GPU_CUDA)
  (void)device;
  return 1000;  // %globaltimer counts nanoseconds
#elif HIP_VERSION_MAJOR >= 6
  int khz = 0;
  XSB_GPU_CHECK(
      hipDeviceGetAttribute(&khz, hipDeviceAttributeWallClockRate, device));
  if (khz <= 0) {
    throw DeviceError(
        "the GPU reports no constant-rate clock "
        "(hipDeviceAttributeWallClockRate "
        "is 0), which the spin kernel needs; spin on --xsb_backend=cpu "
        "instead");
  }
  return khz / 1000.0;
#else
  // Older HIP cannot report the rate; it is 100 MHz on every AMD GPU with
  // s_memrealtime (gfx8 to gfx10.3). The calibration checks it.
  (void)device;
  return 100;
#endif
}

GpuSpinner::GpuSpinner(GpuStream& stream) : stream_(stream) {
  XSB_GPU_CHECK(hipSetDevice(stream.device()));
  XSB_GPU_CHECK(hipDeviceGetAttribute(
      &blocks_, hipDeviceAttributeMultiprocessorCount, stream.device()));
  const double nominal = NominalSpinTicksPerUs(stream.device());
  // The first launch loads the kernel; keep it out of the samples.
  TimeSpinUs(0);
  std::vector<SpinSample> samples;
  for (double us : kCalibrationUs) {
    const int64_t ticks = static_cast<int64_t>(us * nominal);
    for (int run = 0; run < kRunsPerLength; ++run) {
      samples.push_back({ticks, TimeSpinUs(ticks)});
    }
  }
  std::string error;
  if (!FitSpinCalibration(nominal, samples, &calibration_, &error)) {
    throw DeviceError(error);
  }
}

double GpuSpinner::TimeSpinUs(int64_t ticks) {
  GpuStreamTimer timer(stream_);
  timer.Start();
  LaunchSpin(ticks, blocks_, stream_.handle());
  timer.Stop();
  return timer.ElapsedMs() * 1e3;
}

void GpuSpinner::Spin(double microseconds) {
  CheckSpinRequest(microseconds);
  LaunchSpin(SpinTicks(calibration_, microseconds), blocks_, stream_.handle());
}

void GpuSpinner::Kernel(double microseconds, int64_t blocks, KernelKind kind) {
  CheckSpinRequest(microseconds);
  const int grid = blocks <= 0 ? blocks_
                               : static_cast<int>(std::min<int64_t>(
                                     blocks, static_cast<int64_t>(blocks_)));
  const int64_t ticks = SpinTicks(calibration_, microseconds);
  if (kind == KernelKind::kCompute) {
    LaunchSpin(ticks, grid, stream_.handle());
    return;
  }
  // Large enough to miss every cache, small beside any model's memory.
  constexpr size_t kFloats = size_t{16} << 20;
  if (stream_from_.count() == 0) {
    stream_from_ = DeviceBuffer<float>(kFloats);
    stream_to_ = DeviceBuffer<float>(kFloats);
  }
  LaunchStream(ticks, grid, stream_from_.get(), stream_to_.get(),
               static_cast<int64_t>(kFloats * sizeof(float)), stream_.handle());
}

}  // namespace gpu
}  // namespace xsb
