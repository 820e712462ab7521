#include "kernels/cpu/cpu_timing.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

#include "kernels/host/spin_calibration.h"
#include "shim_env/base/monotonic_time.h"

namespace xsb {
namespace {

// CLOCK_MONOTONIC on Linux, the clock the harness uses everywhere.
using HostClock = std::chrono::steady_clock;

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             HostClock::now().time_since_epoch())
      .count();
}

}  // namespace
void CpuStreamTimer::Start() { start_ns_ = NowNs(); }

void CpuStreamTimer::Stop() { stop_ns_ = NowNs(); }

double CpuStreamTimer::ElapsedMs() {
  return NsToMs(static_cast<double>(stop_ns_ - start_ns_));
}

void CpuSpinner::Spin(double microseconds) {
  Kernel(microseconds, 0, KernelKind::kCompute);
}

void CpuSpinner::Kernel(double microseconds, int64_t blocks, KernelKind kind) {
  CheckSpinRequest(microseconds);
  const int64_t deadline_ns =
      NowNs() + static_cast<int64_t>(std::llround(microseconds * 1e3));
  ThreadPool& pool = stream_.pool();
  const int threads =
      blocks <= 0 ? pool.threads()
                  : static_cast<int>(std::min<int64_t>(blocks, pool.threads()));
  if (kind == KernelKind::kCompute) {
    pool.ParallelFor(threads, [deadline_ns](int) {
      while (NowNs() < deadline_ns) {
      }
    });
    return;
  }
  // 1 MiB per thread and direction misses L2 on most cores; the clock is
  // read every 64 KiB so a short kernel does not overshoot by a whole pass.
  constexpr size_t kHalf = 1 << 20;
  constexpr size_t kChunk = 64 << 10;
  if (memory_.size() < static_cast<size_t>(pool.threads())) {
    memory_.assign(pool.threads(), std::vector<char>(2 * kHalf, 1));
  }
  pool.ParallelFor(threads, [this, deadline_ns](int i) {
    char* data = memory_[i].data();
    for (size_t pass = 0; NowNs() < deadline_ns; ++pass) {
      // Alternate directions so neither half stays in cache as the source.
      const size_t offset = (pass * kChunk) % kHalf;
      const bool forward = (pass * kChunk / kHalf) % 2 == 0;
      char* from = data + (forward ? 0 : kHalf) + offset;
      char* to = data + (forward ? kHalf : 0) + offset;
      std::memcpy(to, from, kChunk);
    }
  });
}

}  // namespace xsb
