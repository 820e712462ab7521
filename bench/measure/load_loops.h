// The two load generators, separated from the system under test by one
// callable that serves a request (HP) or an iteration (LP) synchronously.
#ifndef XSB_BENCH_MEASURE_LOAD_LOOPS_H_
#define XSB_BENCH_MEASURE_LOAD_LOOPS_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "bench/measure/clock.h"
#include "bench/measure/request_timing.h"

namespace xsb {

using ServeFn = std::function<void()>;
// Told the number of requests or iterations completed so far, after each
// (and, for the open loop, at heartbeats while it waits).
using ProgressFn = std::function<void(int64_t completed, int64_t now_ns)>;

// A ProgressFn that passes the count on to `send` when it is due: first at
// first_due_ns, then once interval_ns have passed since the last send. One
// comparison per call when it is not due.
ProgressFn ThrottledProgress(int64_t first_due_ns, int64_t interval_ns,
                             std::function<void(int64_t completed)> send);

// A heartbeat due closer than this to the next request is left out: the
// request comes first, and its completion reports soon after.
constexpr int64_t kHeartbeatMarginNs = 1'000'000;

// Open loop: request k is started at t0_ns + offsets_ns[k], or at once when
// the client is already late; a slow request delays the ones behind it, and
// their latency (completion - scheduled) shows it. `timings` must have
// capacity for offsets_ns.size() entries; one entry per request is appended.
// While it waits for a request, `progress` is also called every
// heartbeat_ns (counted from its last call, or from t0_ns), so that a client
// at a low rate still shows it is alive to a watchdog; heartbeats never
// delay a request (kHeartbeatMarginNs). heartbeat_ns = 0: none.
void RunOpenLoop(Clock& clock, int64_t t0_ns,
                 const std::vector<int64_t>& offsets_ns, const ServeFn& serve,
                 const ProgressFn& progress, int64_t heartbeat_ns,
                 std::vector<RequestTiming>* timings);

struct OpenLoopOptions {
  int64_t heartbeat_ns = 0;  // as above; 0: none
  // Sleep until spin_ns before each request, then spin to its time: a
  // sleep wakes tens of microseconds late on a loaded machine, a spin
  // does not, at the cost of one core busy for spin_ns per request.
  int64_t spin_ns = 0;
  // Read before each request: a request due at or after *end_ns is not
  // sent and the loop returns (progress may lower it: the adaptive
  // window's end). Null: every offset is served.
  const int64_t* end_ns = nullptr;
};

void RunOpenLoop(Clock& clock, int64_t t0_ns,
                 const std::vector<int64_t>& offsets_ns, const ServeFn& serve,
                 const ProgressFn& progress, const OpenLoopOptions& options,
                 std::vector<RequestTiming>* timings);

// Closed loop: serves back to back from now, appending each completion
// time, until an iteration completes at or after end_ns and `stop` (asked
// only then, after each iteration) returns true. end_ns is read after each
// iteration, so `progress` may move it (the adaptive window's end).
void RunClosedLoop(Clock& clock, const int64_t& end_ns, const ServeFn& serve,
                   const ProgressFn& progress,
                   const std::function<bool()>& stop,
                   std::vector<int64_t>* completions_ns);

}  // namespace xsb

#endif  // XSB_BENCH_MEASURE_LOAD_LOOPS_H_
