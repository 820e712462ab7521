// The CPU backend's stream: a thread pool. Work runs when it is enqueued,
// so Synchronize has nothing left to wait for.
#ifndef XSB_KERNELS_CPU_CPU_STREAM_H_
#define XSB_KERNELS_CPU_CPU_STREAM_H_

#include "kernels/cpu/thread_pool.h"
#include "kernels/workload.h"

namespace xsb {

class CpuStream : public Stream {
 public:
  explicit CpuStream(int threads) : pool_(threads) {}
  void Synchronize() override {}
  ThreadPool& pool() { return pool_; }

 private:
  ThreadPool pool_;
};

// The CpuStream behind `stream`; throws DeviceError naming `what` when the
// stream belongs to another device.
CpuStream& AsCpuStream(Stream& stream, const char* what);

}  // namespace xsb

#endif  // XSB_KERNELS_CPU_CPU_STREAM_H_
