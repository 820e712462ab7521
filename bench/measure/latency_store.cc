#include "bench/measure/latency_store.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace xsb {

int64_t NearestRankPercentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  // In integers, so binary rounding of p / 100 * n can never move the rank:
  // p in millionths of a percent, the rank rounded up by integer division.
  const int64_t n = static_cast<int64_t>(sorted.size());
  const __int128 p_micro = std::llround(std::clamp(p, 0.0, 100.0) * 1e6);
  const __int128 scale = 100'000'000;  // 100 % in millionths
  int64_t rank = static_cast<int64_t>((p_micro * n + scale - 1) / scale);
  rank = std::clamp<int64_t>(rank, 1, n);
  return sorted[static_cast<size_t>(rank - 1)];
}

LatencySummary LatencyStore::Summarize() const {
  LatencySummary summary;
  if (samples_.empty()) return summary;
  std::vector<int64_t> sorted = samples_;
  std::sort(sorted.begin(), sorted.end());
  summary.count = static_cast<int64_t>(sorted.size());
  summary.p50_ns = NearestRankPercentile(sorted, 50);
  summary.p90_ns = NearestRankPercentile(sorted, 90);
  summary.p99_ns = NearestRankPercentile(sorted, 99);
  summary.p999_ns = NearestRankPercentile(sorted, 99.9);
  summary.max_ns = sorted.back();
  summary.mean_ns =
      std::accumulate(sorted.begin(), sorted.end(), 0.0) / summary.count;
  return summary;
}

}  // namespace xsb
