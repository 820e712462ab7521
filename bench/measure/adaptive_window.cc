#include "bench/measure/adaptive_window.h"

#include <algorithm>
#include <cmath>

#include "bench/measure/paired_rounds.h"
#include "bench/measure/percentile_ci.h"

namespace xsb {

AdaptiveStopRule::AdaptiveStopRule(double min_s, double max_s,
                                   double confidence, double target_ci)
    : target_ci_(target_ci) {
  const double span = std::max(0.0, max_s - min_s);
  const int gaps = std::min(kMaxAdaptiveLooks - 1,
                            static_cast<int>(span / kMinLookSpacingS));
  for (int j = 0; j <= gaps; ++j) {
    at_s_.push_back(gaps == 0 ? max_s : min_s + span * j / gaps);
  }
  for (int j = 1; j <= looks(); ++j) {
    alpha_.push_back(SpentAlpha(j, looks(), 1 - confidence));
  }
}

AdaptiveLook AdaptiveStopRule::JudgeHp(
    int j, std::vector<int64_t> latencies_ns) const {
  AdaptiveLook look;
  std::sort(latencies_ns.begin(), latencies_ns.end());
  const PercentileInterval p99 =
      IntervalOfPercentile(latencies_ns, 99, LevelOf(j));
  if (!p99.valid || p99.point <= 0) return look;
  look.relative = (p99.high - p99.low) / 2.0 / p99.point;
  look.narrow = MeetsRelativeHalfWidth(p99, target_ci_);
  return look;
}

AdaptiveLook AdaptiveStopRule::JudgeLp(
    int j, const std::vector<int64_t>& completions_ns, int64_t begin_ns,
    int64_t end_ns) const {
  AdaptiveLook look;
  const RateInterval rate =
      BlockRateInterval(completions_ns, begin_ns, end_ns, LevelOf(j));
  if (rate.rate <= 0) return look;
  look.relative = (rate.high - rate.low) / 2 / rate.rate;
  look.narrow = look.relative <= target_ci_;
  return look;
}

std::vector<int64_t> LatenciesAtLook(
    const std::vector<int64_t>& scheduled_ns,
    const std::vector<RequestTiming>& completed, int64_t begin_ns,
    int64_t end_ns, int64_t now_ns) {
  std::vector<int64_t> done;  // scheduled times of completed requests
  std::vector<int64_t> latencies;
  for (const RequestTiming& r : completed) {
    if (r.scheduled_ns < begin_ns || r.scheduled_ns >= end_ns) continue;
    done.push_back(r.scheduled_ns);
    latencies.push_back(LatencyNs(r));
  }
  std::sort(done.begin(), done.end());
  // Both ascending: each scheduled request either meets its completion or
  // is still pending.
  size_t next_done = 0;
  for (const int64_t s : scheduled_ns) {
    if (s < begin_ns || s >= end_ns) continue;
    if (next_done < done.size() && done[next_done] == s) {
      ++next_done;
      continue;
    }
    latencies.push_back(std::max<int64_t>(0, now_ns - s));
  }
  return latencies;
}

}  // namespace xsb
