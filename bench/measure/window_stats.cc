#include "bench/measure/window_stats.h"

#include <algorithm>

namespace xsb {
namespace {

bool Inside(int64_t t, const MeasurementWindow& window) {
  return window.contains(t);
}

}  // namespace

MeasurementWindow WindowAfterWarmup(int64_t t0_ns, double warmup_s,
                                    double duration_s) {
  const int64_t begin_ns = t0_ns + SecondsToNs(warmup_s);
  return {begin_ns, begin_ns + SecondsToNs(duration_s)};
}

HpStats SummarizeHp(const std::vector<RequestTiming>& timings,
                    const MeasurementWindow& window, double confidence) {
  HpStats stats;
  LatencyStore latencies(timings.size());
  std::vector<int64_t> lags;
  lags.reserve(timings.size());
  int64_t completed_inside = 0;
  for (const RequestTiming& r : timings) {
    if (Inside(r.completed_ns, window)) ++completed_inside;
    if (!Inside(r.scheduled_ns, window)) continue;
    latencies.Record(LatencyNs(r));
    lags.push_back(SendLagNs(r));
  }
  stats.latency = latencies.Summarize();
  std::vector<int64_t> sorted = latencies.samples();
  std::sort(sorted.begin(), sorted.end());
  for (const ReportedPercentile& p : kReportedPercentiles) {
    stats.*p.interval = IntervalOfPercentile(sorted, p.percent, confidence);
  }
  stats.requests = stats.latency.count;
  std::sort(lags.begin(), lags.end());
  stats.send_lag_p99_ns = NearestRankPercentile(lags, 99);
  if (window.seconds() > 0)
    stats.achieved_rps = completed_inside / window.seconds();
  return stats;
}

LpStats SummarizeLp(const std::vector<int64_t>& completions_ns,
                    const MeasurementWindow& window, int batch,
                    double confidence) {
  LpStats stats;
  stats.iterations =
      std::count_if(completions_ns.begin(), completions_ns.end(),
                    [&](int64_t t) { return Inside(t, window); });
  if (window.seconds() > 0) {
    stats.iter_per_s = stats.iterations / window.seconds();
  }
  stats.samples_per_s = stats.iter_per_s * batch;
  stats.iter_per_s_interval = BlockRateInterval(completions_ns, window.begin_ns,
                                                window.end_ns, confidence);
  return stats;
}

}  // namespace xsb
