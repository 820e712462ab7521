#include "shim_env/base/monotonic_time.h"

#include <time.h>

#include <cmath>

namespace xsb {

int64_t MonotonicNowNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * kNsPerSecond + ts.tv_nsec;
}

int64_t SecondsToNs(double seconds) {
  return static_cast<int64_t>(std::llround(seconds * 1e9));
}

}  // namespace xsb
