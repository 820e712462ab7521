// The CPU backend's stream timer and spinner.
#ifndef XSB_KERNELS_CPU_CPU_TIMING_H_
#define XSB_KERNELS_CPU_CPU_TIMING_H_

#include <cstdint>
#include <vector>

#include "kernels/cpu/cpu_stream.h"
#include "kernels/workload.h"

namespace xsb {

// Work on a CPU stream has finished when the call that enqueued it returns,
// so the host clock at Start and Stop is the device's view.
class CpuStreamTimer : public StreamTimer {
 public:
  void Start() override;
  void Stop() override;
  double ElapsedMs() override;

 private:
  int64_t start_ns_ = 0;
  int64_t stop_ns_ = 0;
};

// Busy-waits on every thread of the stream until the deadline, the host
// equivalent of a spin kernel with one block per compute unit. Needs no
// calibration: the host clock counts nanoseconds, and a spin never ends
// early; it ends late by however long the OS keeps a thread off its core.
class CpuSpinner : public Spinner {
 public:
  explicit CpuSpinner(CpuStream& stream) : stream_(stream) {}
  void Spin(double microseconds) override;
  // min(blocks, threads) threads busy-wait, or for kMemory copy between two
  // buffers of their own, until the deadline.
  void Kernel(double microseconds, int64_t blocks, KernelKind kind) override;

 private:
  CpuStream& stream_;
  // One pair of 1 MiB buffers per thread for kMemory, made on first use.
  std::vector<std::vector<char>> memory_;
};

}  // namespace xsb

#endif  // XSB_KERNELS_CPU_CPU_TIMING_H_
