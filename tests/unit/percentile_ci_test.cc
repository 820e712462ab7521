#include "bench/measure/percentile_ci.h"

#include <gtest/gtest.h>

#include <numeric>

namespace xsb {
namespace {

// Expected ranks and tails computed exactly (Python fractions over
// math.comb): for each pair, P(K <= r - 1) and P(K >= s) are within
// 0.025, and one rank further in either tail would not be.
struct RankCase {
  int64_t n;
  double p;
  int64_t lower;
  int64_t upper;
};

class PercentileRanksTest : public testing::TestWithParam<RankCase> {};

TEST_P(PercentileRanksTest, MatchesExactBinomialTails) {
  const RankCase c = GetParam();
  const OrderStatisticRanks ranks = PercentileRanks(c.n, c.p, 0.95);
  EXPECT_EQ(ranks.lower, c.lower);
  EXPECT_EQ(ranks.upper, c.upper);
}

INSTANTIATE_TEST_SUITE_P(
    HandComputed, PercentileRanksTest,
    testing::Values(
        // P(K <= 588) = 0.01953, P(K <= 589) = 0.04179;
        // P(K >= 599) = 0.01698, P(K >= 598) = 0.06108; coverage 0.9635.
        RankCase{600, 0.99, 589, 599},
        // Symmetric: P(K <= 275) = P(K >= 325) = 0.02268, one step
        // further 0.02746; coverage 0.9546.
        RankCase{600, 0.5, 276, 325},
        // 0.999^600 = 0.549: no upper bound (s = n + 1).
        RankCase{600, 0.999, 598, 601},
        // P(K <= 3551) = 0.02198, P(K <= 3552) = 0.03127;
        // P(K >= 3576) = 0.02194, P(K >= 3575) = 0.03387; coverage 0.9561.
        RankCase{3600, 0.99, 3552, 3576},
        // P(K <= 3591) = 0.01163, P(K <= 3592) = 0.03072; 0.999^3600 =
        // 0.0273 > 0.025: still no upper bound.
        RankCase{3600, 0.999, 3592, 3601},
        // P(K <= 1740) = P(K >= 1860) = 0.02366; coverage 0.9527.
        RankCase{3600, 0.5, 1741, 1860},
        // The LP sub-windows' median: P(K <= 5) = P(K >= 15) = 0.02069.
        RankCase{20, 0.5, 6, 15}));

TEST(MinSamplesTest, ExactThresholdsAt95Percent) {
  // 0.99^367 = 0.025010 > 0.025 >= 0.99^368 = 0.024760.
  EXPECT_EQ(MinSamplesForUpperBound(0.99, 0.95), 368);
  // 0.999^3687 = 0.0250009 > 0.025 >= 0.999^3688 = 0.0249759.
  EXPECT_EQ(MinSamplesForUpperBound(0.999, 0.95), 3688);
  EXPECT_EQ(MinSamplesForUpperBound(0.9, 0.95), 36);
  EXPECT_EQ(MinSamplesForUpperBound(0.5, 0.95), 6);
}

TEST(MinSamplesTest, AgreesWithTheRanksAtTheBoundary) {
  for (const double p : {0.5, 0.9, 0.99, 0.999}) {
    const int64_t n = MinSamplesForUpperBound(p, 0.95);
    EXPECT_LE(PercentileRanks(n, p, 0.95).upper, n) << p;
    EXPECT_EQ(PercentileRanks(n - 1, p, 0.95).upper, n) << p;
  }
}

std::vector<int64_t> OneTo(int64_t n) {
  std::vector<int64_t> values(n);
  std::iota(values.begin(), values.end(), 1);
  return values;
}

TEST(IntervalOfPercentileTest, PicksTheOrderStatistics) {
  const PercentileInterval p99 = IntervalOfPercentile(OneTo(600), 99, 0.95);
  EXPECT_EQ(p99.point, 594);  // ceil(0.99 x 600)
  EXPECT_EQ(p99.low, 589);
  EXPECT_EQ(p99.high, 599);
  EXPECT_TRUE(p99.valid);
}

TEST(IntervalOfPercentileTest, TooFewSamplesIsInvalid) {
  const PercentileInterval at_367 = IntervalOfPercentile(OneTo(367), 99, 0.95);
  EXPECT_FALSE(at_367.valid);
  EXPECT_EQ(at_367.high, 367);  // the largest sample: not a bound
  EXPECT_TRUE(IntervalOfPercentile(OneTo(368), 99, 0.95).valid);
  EXPECT_FALSE(IntervalOfPercentile(OneTo(3687), 99.9, 0.95).valid);
  EXPECT_TRUE(IntervalOfPercentile(OneTo(3688), 99.9, 0.95).valid);
}

TEST(IntervalOfPercentileTest, HigherConfidenceIsWider) {
  const PercentileInterval at95 = IntervalOfPercentile(OneTo(3600), 99, 0.95);
  const PercentileInterval at99 = IntervalOfPercentile(OneTo(3600), 99, 0.99);
  EXPECT_LT(at99.low, at95.low);
  EXPECT_GT(at99.high, at95.high);
}

TEST(MeetsRelativeHalfWidthTest, ComparesHalfWidthWithThePoint) {
  PercentileInterval interval{100, 96, 104, true};
  EXPECT_TRUE(MeetsRelativeHalfWidth(interval, 0.04));
  EXPECT_FALSE(MeetsRelativeHalfWidth(interval, 0.039));
  interval.valid = false;
  EXPECT_FALSE(MeetsRelativeHalfWidth(interval, 1));
}

TEST(BlockRateIntervalTest, EvenEventsGiveATightInterval) {
  std::vector<int64_t> events;
  for (int64_t t = 0; t < 10'000'000'000; t += 10'000'000) events.push_back(t);
  const RateInterval rate = BlockRateInterval(events, 0, 10'000'000'000, 0.95);
  EXPECT_DOUBLE_EQ(rate.rate, 100);
  EXPECT_DOUBLE_EQ(rate.low, 100);
  EXPECT_DOUBLE_EQ(rate.high, 100);
}

TEST(BlockRateIntervalTest, UnevenBlocksWidenTheInterval) {
  // Blocks k = 0..19 of 1 s hold k + 1 events each: rates 1..20 per s.
  std::vector<int64_t> events;
  for (int64_t block = 0; block < 20; ++block) {
    for (int64_t i = 0; i <= block; ++i) {
      events.push_back(block * 1'000'000'000 + i);
    }
  }
  const RateInterval rate = BlockRateInterval(events, 0, 20'000'000'000, 0.95);
  EXPECT_DOUBLE_EQ(rate.rate, 210.0 / 20);
  EXPECT_DOUBLE_EQ(rate.low, 6);    // x(6) of 1..20
  EXPECT_DOUBLE_EQ(rate.high, 15);  // x(15)
}

}  // namespace
}  // namespace xsb
