#include "bench/measure/clock.h"

#include <sys/prctl.h>
#include <time.h>

#include <cerrno>

namespace xsb {

MonotonicClock::MonotonicClock() { prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0); }

void MonotonicClock::SleepUntilNs(int64_t deadline_ns) {
  timespec ts{};
  ts.tv_sec = deadline_ns / kNsPerSecond;
  ts.tv_nsec = deadline_ns % kNsPerSecond;
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) ==
         EINTR) {
  }
}

void MonotonicClock::SpinUntilNs(int64_t deadline_ns) {
  while (MonotonicNowNs() < deadline_ns) {
  }
}

}  // namespace xsb
