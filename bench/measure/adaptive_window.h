// The stop of --xsb_duration_s=auto (docs/metrics.md, "Adaptive window"):
// looks at a schedule fixed before the window starts, each with its share
// alpha_j of 1 - confidence (O'Brien-Fleming spending, SpentAlpha), so the
// interval reported at the look that ended the window holds with at least
// the stated confidence however often the rule looked. Each look judges
// every request scheduled before it: one that has not completed yet counts
// as a latency of at least (now - scheduled), so a stall's backlog is in
// the decision. Pure; the orchestrator feeds it.
#ifndef XSB_BENCH_MEASURE_ADAPTIVE_WINDOW_H_
#define XSB_BENCH_MEASURE_ADAPTIVE_WINDOW_H_

#include <cstdint>
#include <vector>

#include "bench/measure/request_timing.h"

namespace xsb {

// At most this many looks, at least kMinLookSpacingS apart.
inline constexpr int kMaxAdaptiveLooks = 10;
inline constexpr double kMinLookSpacingS = 1;

// What one look decided.
struct AdaptiveLook {
  bool narrow = false;   // the interval is as narrow as the target
  double relative = -1;  // its relative half-width; -1: no valid interval
};

class AdaptiveStopRule {
 public:
  // Looks from min_s to max_s after the window's begin, equally spaced;
  // the last one is the window's full length.
  AdaptiveStopRule(double min_s, double max_s, double confidence,
                   double target_ci);

  int looks() const { return static_cast<int>(at_s_.size()); }
  // Look j (0-based): when, in seconds after the window's begin, and the
  // level 1 - alpha_j its interval, and the run's if it ends there, has.
  double LookAtS(int j) const { return at_s_[j]; }
  double LevelOf(int j) const { return 1 - alpha_[j]; }

  // The HP P99 interval at look j over `latencies_ns` (completed requests'
  // latencies and pending ones' lower bounds, LatenciesAtLook).
  AdaptiveLook JudgeHp(int j, std::vector<int64_t> latencies_ns) const;
  // The LP throughput interval at look j over completions in
  // [begin_ns, end_ns).
  AdaptiveLook JudgeLp(int j, const std::vector<int64_t>& completions_ns,
                       int64_t begin_ns, int64_t end_ns) const;

 private:
  double target_ci_;
  std::vector<double> at_s_;
  std::vector<double> alpha_;
};

// The latencies a look at now_ns judges, over the requests scheduled in
// [begin_ns, end_ns) by `scheduled_ns` (ascending, absolute): each one
// among `completed` with its latency, each other one as (now - scheduled),
// a latency it will at least have.
std::vector<int64_t> LatenciesAtLook(
    const std::vector<int64_t>& scheduled_ns,
    const std::vector<RequestTiming>& completed, int64_t begin_ns,
    int64_t end_ns, int64_t now_ns);

}  // namespace xsb

#endif  // XSB_BENCH_MEASURE_ADAPTIVE_WINDOW_H_
