// What the HP client records per request, on CLOCK_MONOTONIC (ns).
#ifndef XSB_BENCH_MEASURE_REQUEST_TIMING_H_
#define XSB_BENCH_MEASURE_REQUEST_TIMING_H_

#include <cstdint>

namespace xsb {

struct RequestTiming {
  int64_t scheduled_ns;  // when the open-loop schedule said it was due
  int64_t sent_ns;       // when the client actually started it
  int64_t completed_ns;  // when its output was back on the host
};

inline int64_t LatencyNs(const RequestTiming& r) {
  return r.completed_ns - r.scheduled_ns;
}
inline int64_t SendLagNs(const RequestTiming& r) {
  return r.sent_ns - r.scheduled_ns;
}

}  // namespace xsb

#endif  // XSB_BENCH_MEASURE_REQUEST_TIMING_H_
