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
// Unit conversions of durations held as plain numbers (the wire format and
// the counters use ns, ms, us and s), through std::chrono so that no factor
// is written by hand. Each is exact in the same way as dividing by the
// power of ten.
using DoubleNs = std::chrono::duration<double, std::nano>;
using DoubleMs = std::chrono::duration<double, std::milli>;
using DoubleSeconds = std::chrono::duration<double>;

inline double NsToSeconds(double ns) {
  return std::chrono::duration_cast<DoubleSeconds>(DoubleNs(ns)).count();
}
inline double MsToSeconds(double ms) {
  return std::chrono::duration_cast<DoubleSeconds>(DoubleMs(ms)).count();
}
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
