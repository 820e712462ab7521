// CLOCK_MONOTONIC in nanoseconds, the one time base of every process of a
// run (workers timestamp against it, xsb_bench sets T0 on it), and how a
// duration in seconds becomes one.
#ifndef XSB_SHIM_ENV_BASE_MONOTONIC_TIME_H_
#define XSB_SHIM_ENV_BASE_MONOTONIC_TIME_H_

#include <chrono>
#include <cstdint>

namespace xsb {

constexpr int64_t kNsPerSecond = 1'000'000'000;

int64_t MonotonicNowNs();
// A count of nanoseconds as fractional milli- or microseconds: the units
// counters are reported in.
inline double NsToMs(double ns) {
  return std::chrono::duration<double, std::milli>(
             std::chrono::duration<double, std::nano>(ns))
      .count();
}
inline double NsToUs(double ns) {
  return std::chrono::duration<double, std::micro>(
             std::chrono::duration<double, std::nano>(ns))
      .count();
}
// Rounded to the nearest nanosecond.
int64_t SecondsToNs(double seconds);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_BASE_MONOTONIC_TIME_H_
