// The two load generators, separated from the system under test by one
// callable that serves a request (HP) or an iteration (LP) synchronously.
#ifndef XSB_BENCH_LOAD_LOOPS_H_
#define XSB_BENCH_LOAD_LOOPS_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "bench/clock.h"
#include "bench/request_timing.h"

namespace xsb {

using ServeFn = std::function<void()>;
// Told the number of requests or iterations completed so far, after each.
using ProgressFn = std::function<void(int64_t completed, int64_t now_ns)>;

// Open loop: request k is started at t0_ns + offsets_ns[k], or at once when
// the client is already late; a slow request delays the ones behind it, and
// their latency (completion - scheduled) shows it. `timings` must have
// capacity for offsets_ns.size() entries; one entry per request is appended.
void RunOpenLoop(Clock& clock, int64_t t0_ns,
                 const std::vector<int64_t>& offsets_ns, const ServeFn& serve,
                 const ProgressFn& progress,
                 std::vector<RequestTiming>* timings);

// Closed loop: serves back to back from now, appending each completion
// time, until an iteration completes at or after end_ns and `stop` (asked
// only then, after each iteration) returns true.
void RunClosedLoop(Clock& clock, int64_t end_ns, const ServeFn& serve,
                   const ProgressFn& progress,
                   const std::function<bool()>& stop,
                   std::vector<int64_t>* completions_ns);

}  // namespace xsb

#endif  // XSB_BENCH_LOAD_LOOPS_H_
