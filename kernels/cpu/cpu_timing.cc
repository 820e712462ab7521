#include "kernels/cpu/cpu_timing.h"

#include <chrono>
#include <cmath>

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
  CheckSpinRequest(microseconds);
  const int64_t deadline_ns =
      NowNs() + static_cast<int64_t>(std::llround(microseconds * 1e3));
  ThreadPool& pool = stream_.pool();
  pool.ParallelFor(pool.threads(), [deadline_ns](int) {
    while (NowNs() < deadline_ns) {
    }
  });
}

}  // namespace xsb
