#include "bench/measure/percentile_ci.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "bench/measure/latency_store.h"
#include "shim_env/base/monotonic_time.h"

namespace xsb {
namespace {

// Relative slack for comparing a tail with its budget, so that an exact
// boundary (p^n == budget) is not lost to rounding; the compare tool uses
// the same.
constexpr double kSlack = 1e-12;

// P(K = k), K ~ Binomial(n, p), 0 < p < 1, through logarithms so that
// n in the tens of thousands neither overflows nor underflows early.
double BinomialPmf(int64_t n, int64_t k, double p) {
  const double log_choose =
      std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0);
  return std::exp(log_choose + k * std::log(p) + (n - k) * std::log1p(-p));
}

}  // namespace

OrderStatisticRanks PercentileRanks(int64_t n, double p, double confidence) {
  OrderStatisticRanks ranks{0, n + 1};
  if (n < 1) return ranks;
  const double budget = (1 - confidence) / 2 * (1 + kSlack);
  double below = 0;  // P(K <= lower - 1)
  while (ranks.lower <= n) {
    const double next = BinomialPmf(n, ranks.lower, p);
    if (below + next > budget) break;
    below += next;
    ++ranks.lower;
  }
  double above = 0;  // P(K >= upper)
  while (ranks.upper - 1 >= 1) {
    const double next = BinomialPmf(n, ranks.upper - 1, p);
    if (above + next > budget) break;
    above += next;
    --ranks.upper;
  }
  return ranks;
}

int64_t MinSamplesForUpperBound(double p, double confidence) {
  const double budget = (1 - confidence) / 2;
  int64_t n = std::max<int64_t>(
      1, static_cast<int64_t>(std::ceil(std::log(budget) / std::log(p))) - 1);
  while (std::pow(p, static_cast<double>(n)) > budget * (1 + kSlack)) ++n;
  return n;
}

PercentileInterval IntervalOfPercentile(const std::vector<int64_t>& sorted,
                                        double percent, double confidence) {
  PercentileInterval interval;
  if (sorted.empty()) return interval;
  const int64_t n = static_cast<int64_t>(sorted.size());
  const OrderStatisticRanks ranks =
      PercentileRanks(n, percent / 100, confidence);
  interval.point = NearestRankPercentile(sorted, percent);
  interval.low = ranks.lower >= 1 ? sorted[ranks.lower - 1] : 0;
  interval.valid = ranks.upper <= n;
  interval.high = sorted[std::min(ranks.upper, n) - 1];
  return interval;
}

bool MeetsRelativeHalfWidth(const PercentileInterval& interval, double target) {
  if (!interval.valid || interval.point <= 0) return false;
  const double half_width = (interval.high - interval.low) / 2.0;
  return half_width <= target * static_cast<double>(interval.point);
}

RateInterval BlockRateInterval(const std::vector<int64_t>& events_ns,
                               int64_t begin_ns, int64_t end_ns,
                               double confidence, int blocks) {
  RateInterval interval;
  const int64_t length_ns = end_ns - begin_ns;
  if (length_ns <= 0 || blocks < 1) return interval;
  std::vector<int64_t> counts(blocks, 0);
  for (const int64_t t : events_ns) {
    if (t < begin_ns || t >= end_ns) continue;
    const auto block = static_cast<int>(static_cast<__int128>(t - begin_ns) *
                                        blocks / length_ns);
    ++counts[std::min(blocks - 1, block)];
  }
  const double length_s = NsToSeconds(static_cast<double>(length_ns));
  int64_t total = 0;
  std::vector<double> rates;
  for (const int64_t c : counts) {
    total += c;
    rates.push_back(c * blocks / length_s);
  }
  std::sort(rates.begin(), rates.end());
  interval.rate = total / length_s;
  const OrderStatisticRanks ranks = PercentileRanks(blocks, 0.5, confidence);
  const double low = ranks.lower >= 1 ? rates[ranks.lower - 1] : 0.0;
  const double high = ranks.upper <= blocks
                          ? rates[ranks.upper - 1]
                          : std::numeric_limits<double>::infinity();
  interval.low = std::min(low, interval.rate);
  interval.high = std::max(high, interval.rate);
  return interval;
}

}  // namespace xsb
