// The orchestrator's statistics over the measurement window
// [T0 + warm-up, T0 + warm-up + duration).
#ifndef XSB_BENCH_MEASURE_WINDOW_STATS_H_
#define XSB_BENCH_MEASURE_WINDOW_STATS_H_

#include <cstdint>
#include <vector>

#include "bench/measure/latency_store.h"
#include "bench/measure/percentile_ci.h"
#include "bench/measure/request_timing.h"
#include "shim_env/base/monotonic_time.h"

namespace xsb {

struct MeasurementWindow {
  int64_t begin_ns = 0;
  int64_t end_ns = 0;
  double seconds() const {
    return NsToSeconds(static_cast<double>(end_ns - begin_ns));
  }
  bool contains(int64_t t_ns) const {
    return t_ns >= begin_ns && t_ns < end_ns;
  }
};

// The window of a run whose workers start at t0_ns: the warm-up first, then
// the measured duration, [t0 + warm-up, t0 + warm-up + duration).
MeasurementWindow WindowAfterWarmup(int64_t t0_ns, double warmup_s,
                                    double duration_s);

struct HpStats {
  LatencySummary latency;   // over requests scheduled inside the window
  int64_t requests = 0;     // requests scheduled inside the window
  double achieved_rps = 0;  // requests completed inside the window / length
  int64_t send_lag_p99_ns = 0;
  // Distribution-free intervals of the percentiles at the confidence asked.
  PercentileInterval p50, p90, p99, p999;
};

// The HP percentiles that get an interval, as NearestRankPercentile takes
// them, and how reports name them.
struct ReportedPercentile {
  double percent;
  const char* title;  // "P99.9"
  PercentileInterval HpStats::*interval;
};
inline constexpr ReportedPercentile kReportedPercentiles[] = {
    {50, "P50", &HpStats::p50},
    {90, "P90", &HpStats::p90},
    {99, "P99", &HpStats::p99},
    {99.9, "P99.9", &HpStats::p999}};

struct LpStats {
  int64_t iterations = 0;  // iterations completed inside the window
  double iter_per_s = 0;
  double samples_per_s = 0;          // iter_per_s x batch
  RateInterval iter_per_s_interval;  // over kRateBlocks sub-windows
};

// The confidence of every interval unless the caller asks otherwise
// (--xsb_confidence).
constexpr double kDefaultConfidence = 0.95;

// A request belongs to the window by its scheduled time, however late it
// completed, so a stall cannot hide requests from the percentiles.
HpStats SummarizeHp(const std::vector<RequestTiming>& timings,
                    const MeasurementWindow& window,
                    double confidence = kDefaultConfidence);

LpStats SummarizeLp(const std::vector<int64_t>& completions_ns,
                    const MeasurementWindow& window, int batch,
                    double confidence = kDefaultConfidence);

}  // namespace xsb

#endif  // XSB_BENCH_MEASURE_WINDOW_STATS_H_
