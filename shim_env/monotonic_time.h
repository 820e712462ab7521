// CLOCK_MONOTONIC in nanoseconds, the one time base of every process of a
// run (workers timestamp against it, xsb_bench sets T0 on it), and how a
// duration in seconds becomes one and is written in messages.
#ifndef XSB_SHIM_ENV_MONOTONIC_TIME_H_
#define XSB_SHIM_ENV_MONOTONIC_TIME_H_

#include <cstdint>
#include <string>

namespace xsb {

constexpr int64_t kNsPerSecond = 1'000'000'000;

int64_t MonotonicNowNs();
// Rounded to the nearest nanosecond.
int64_t SecondsToNs(double seconds);
// "0.5 s", "12 s", "180 s": for messages and progress lines.
std::string FormatSeconds(double seconds);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_MONOTONIC_TIME_H_
