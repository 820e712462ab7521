#include "bench/latency_store.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace xsb {

int64_t NearestRankPercentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const double n = static_cast<double>(sorted.size());
  // The epsilon absorbs binary rounding, e.g. 0.99 * 100 = 98.99999999999999.
  double rank = std::ceil(p / 100.0 * n - 1e-9);
  rank = std::clamp(rank, 1.0, n);
  return sorted[static_cast<size_t>(rank) - 1];
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
