// Time for the harness: CLOCK_MONOTONIC in nanoseconds, shared by every
// process on the machine, behind an interface so loops can be tested with a
// simulated clock.
#ifndef XSB_BENCH_MEASURE_CLOCK_H_
#define XSB_BENCH_MEASURE_CLOCK_H_

#include <cstdint>

#include "shim_env/base/monotonic_time.h"

namespace xsb {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowNs() = 0;
  // Returns at or after `deadline_ns` (immediately if it has passed).
  virtual void SleepUntilNs(int64_t deadline_ns) = 0;
  // Returns at or after `deadline_ns` without giving up the CPU: for the
  // last stretch before a request, which a timer wake-up would overshoot.
  // A simulated clock may simply sleep.
  virtual void SpinUntilNs(int64_t deadline_ns) { SleepUntilNs(deadline_ns); }
};

class MonotonicClock : public Clock {
 public:
  // Lowers this thread's timer slack to 1 ns: the default 50 us would show up
  // directly as send lag.
  MonotonicClock();
  int64_t NowNs() override { return MonotonicNowNs(); }
  void SleepUntilNs(int64_t deadline_ns) override;
  void SpinUntilNs(int64_t deadline_ns) override;
};

}  // namespace xsb

#endif  // XSB_BENCH_MEASURE_CLOCK_H_
