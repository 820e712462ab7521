// Distribution-free confidence intervals for the case's figures: order
// statistics for HP percentiles, sub-window rates for LP throughput. Pure
// arithmetic, the same as tools/xsb_compare/confidence.py computes from the
// sample files (docs/metrics.md, "Confidence intervals").
#ifndef XSB_BENCH_MEASURE_PERCENTILE_CI_H_
#define XSB_BENCH_MEASURE_PERCENTILE_CI_H_

#include <cstdint>
#include <vector>

namespace xsb {

// 1-based ranks of the order statistics x(lower) <= x(upper) that bound the
// p-quantile of n samples. With K ~ Binomial(n, p) the number of samples
// below the true quantile, the coverage is P(lower <= K <= upper - 1).
// The pair is equal-tailed: lower is the largest rank with
// P(K <= lower - 1) <= (1 - confidence) / 2, upper the smallest with
// P(K >= upper) <= (1 - confidence) / 2, so the coverage is at least the
// confidence and neither tail takes the other's share.
// lower == 0: no lower bound; upper == n + 1: no upper bound.
struct OrderStatisticRanks {
  int64_t lower = 0;
  int64_t upper = 0;
};

OrderStatisticRanks PercentileRanks(int64_t n, double p, double confidence);

// The smallest n whose largest sample bounds the p-quantile from above at
// this confidence: p^n <= (1 - confidence) / 2. P99 at 0.95: 368; P99.9:
// 3688.
int64_t MinSamplesForUpperBound(double p, double confidence);

// An interval of a nearest-rank percentile of `sorted` (ascending).
struct PercentileInterval {
  int64_t point = 0;
  int64_t low = 0;     // x(lower), or 0 without a lower bound
  int64_t high = 0;    // x(upper); when !valid, the largest sample (no bound)
  bool valid = false;  // the sample bounds the percentile from above
};

// `percent` as NearestRankPercentile takes it (99.9 for P99.9).
PercentileInterval IntervalOfPercentile(const std::vector<int64_t>& sorted,
                                        double percent, double confidence);

// Whether the interval is as narrow as the target: its half-width relative
// to the point, (high - low) / 2 / point, at most target. False when the
// interval is invalid or the point is 0.
bool MeetsRelativeHalfWidth(const PercentileInterval& interval, double target);

// LP throughput over [begin_ns, end_ns): the window cut into `blocks` equal
// sub-windows, the order-statistic interval (at the confidence) of the
// median of their rates, widened to hold the whole window's rate. A
// sign-test interval: it treats the sub-windows as exchangeable.
struct RateInterval {
  double rate = 0;  // events / s over the whole window
  double low = 0;
  double high = 0;
};
constexpr int kRateBlocks = 20;
RateInterval BlockRateInterval(const std::vector<int64_t>& events_ns,
                               int64_t begin_ns, int64_t end_ns,
                               double confidence, int blocks = kRateBlocks);

}  // namespace xsb

#endif  // XSB_BENCH_MEASURE_PERCENTILE_CI_H_
