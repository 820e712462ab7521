#include "bench/measure/arrival_schedule.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace xsb {
namespace {

constexpr int64_t kMs = 1'000'000;
constexpr int64_t kSecond = 1'000'000'000;

TEST(ArrivalScheduleTest, UniformTenPerSecondOverOneSecond) {
  const std::vector<int64_t> offsets =
      MakeArrivalOffsets(ArrivalDistribution::kUniform, 10, kSecond, 1);
  std::vector<int64_t> expected;
  for (int64_t k = 0; k < 10; ++k) expected.push_back(k * 100 * kMs);
  EXPECT_EQ(offsets, expected);
}

TEST(ArrivalScheduleTest, UniformOffsetsAreExactMultiplesOfInterval) {
  const std::vector<int64_t> offsets =
      MakeArrivalOffsets(ArrivalDistribution::kUniform, 1000, 10 * kSecond, 1);
  ASSERT_EQ(offsets.size(), 10000u);
  for (size_t k = 0; k < offsets.size(); ++k) {
    ASSERT_EQ(offsets[k], static_cast<int64_t>(k) * kMs) << "k=" << k;
  }
}

TEST(ArrivalScheduleTest, UniformNonIntegerRateRoundsToNearestNs) {
  // 3 per second: interval 333333333.33 ns; k / rate rounded, not accumulated.
  const std::vector<int64_t> offsets =
      MakeArrivalOffsets(ArrivalDistribution::kUniform, 3, kSecond, 1);
  EXPECT_EQ(offsets, (std::vector<int64_t>{0, 333'333'333, 666'666'667}));

  // 2.5 per second over 2 s: 0, 400 ms, 800 ms, 1.2 s, 1.6 s.
  const std::vector<int64_t> fractional =
      MakeArrivalOffsets(ArrivalDistribution::kUniform, 2.5, 2 * kSecond, 1);
  EXPECT_EQ(fractional, (std::vector<int64_t>{0, 400 * kMs, 800 * kMs,
                                              1200 * kMs, 1600 * kMs}));
}

TEST(ArrivalScheduleTest, UniformDoesNotDriftOverManyRequests) {
  // 7 per second for 1000 s: 7000 requests, the last at 6999 / 7 s.
  const std::vector<int64_t> offsets =
      MakeArrivalOffsets(ArrivalDistribution::kUniform, 7, 1000 * kSecond, 1);
  ASSERT_EQ(offsets.size(), 7000u);
  EXPECT_EQ(offsets.back(), 999'857'142'857);  // round(6999e9 / 7)
  EXPECT_EQ(offsets[7 * 500], 500 * kSecond);
}

TEST(ArrivalScheduleTest, UniformHorizonIsExclusive) {
  // A request due exactly at the horizon is left out...
  EXPECT_EQ(MakeArrivalOffsets(ArrivalDistribution::kUniform, 10, 200 * kMs, 1),
            (std::vector<int64_t>{0, 100 * kMs}));
  // ...and one due a nanosecond before it is kept.
  EXPECT_EQ(
      MakeArrivalOffsets(ArrivalDistribution::kUniform, 10, 200 * kMs + 1, 1),
      (std::vector<int64_t>{0, 100 * kMs, 200 * kMs}));
  // A horizon of 1 ns still holds the request at 0.
  EXPECT_EQ(MakeArrivalOffsets(ArrivalDistribution::kUniform, 10, 1, 1),
            (std::vector<int64_t>{0}));
}

TEST(ArrivalScheduleTest, UniformIgnoresSeed) {
  EXPECT_EQ(MakeArrivalOffsets(ArrivalDistribution::kUniform, 50, kSecond, 1),
            MakeArrivalOffsets(ArrivalDistribution::kUniform, 50, kSecond, 99));
}

TEST(ArrivalScheduleTest, NonPositiveRateOrHorizonGivesEmpty) {
  for (ArrivalDistribution d :
       {ArrivalDistribution::kUniform, ArrivalDistribution::kPoisson}) {
    SCOPED_TRACE(ArrivalDistributionName(d));
    EXPECT_TRUE(MakeArrivalOffsets(d, 0, kSecond, 1).empty());
    EXPECT_TRUE(MakeArrivalOffsets(d, -5, kSecond, 1).empty());
    EXPECT_TRUE(MakeArrivalOffsets(d, 10, 0, 1).empty());
    EXPECT_TRUE(MakeArrivalOffsets(d, 10, -kSecond, 1).empty());
  }
}

TEST(ArrivalScheduleTest, PoissonIsReproducibleForTheSameSeed) {
  const std::vector<int64_t> a =
      MakeArrivalOffsets(ArrivalDistribution::kPoisson, 100, 10 * kSecond, 7);
  const std::vector<int64_t> b =
      MakeArrivalOffsets(ArrivalDistribution::kPoisson, 100, 10 * kSecond, 7);
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a, b);
}

TEST(ArrivalScheduleTest, PoissonDiffersAcrossSeeds) {
  const std::vector<int64_t> a =
      MakeArrivalOffsets(ArrivalDistribution::kPoisson, 100, 10 * kSecond, 7);
  const std::vector<int64_t> b =
      MakeArrivalOffsets(ArrivalDistribution::kPoisson, 100, 10 * kSecond, 8);
  ASSERT_FALSE(a.empty());
  ASSERT_FALSE(b.empty());
  EXPECT_NE(a, b);
  // Not merely a different length: the first arrivals differ.
  EXPECT_NE(a[0], b[0]);
}

TEST(ArrivalScheduleTest, PoissonIsNotUniform) {
  const std::vector<int64_t> poisson =
      MakeArrivalOffsets(ArrivalDistribution::kPoisson, 100, kSecond, 3);
  const std::vector<int64_t> uniform =
      MakeArrivalOffsets(ArrivalDistribution::kUniform, 100, kSecond, 3);
  EXPECT_NE(poisson, uniform);
}

TEST(ArrivalScheduleTest, PoissonMeanGapMatchesRate) {
  // 1000 per second over 100 s: about 100k arrivals. The sample mean of 100k
  // exponential gaps has a relative standard deviation of 0.3 %.
  constexpr double kRate = 1000;
  const int64_t horizon = 100 * kSecond;
  const std::vector<int64_t> offsets =
      MakeArrivalOffsets(ArrivalDistribution::kPoisson, kRate, horizon, 12345);
  ASSERT_GT(offsets.size(), 95'000u);
  ASSERT_LT(offsets.size(), 105'000u);
  const double mean_gap =
      static_cast<double>(offsets.back() - offsets.front()) /
      static_cast<double>(offsets.size() - 1);
  EXPECT_NEAR(mean_gap, 1e9 / kRate, 0.03 * 1e9 / kRate);

  // Exponential gaps: the standard deviation is about the mean too, which
  // tells a Poisson process from a jittered uniform one.
  double sum_sq = 0;
  for (size_t i = 1; i < offsets.size(); ++i) {
    const double d =
        static_cast<double>(offsets[i] - offsets[i - 1]) - mean_gap;
    sum_sq += d * d;
  }
  const double stddev =
      std::sqrt(sum_sq / static_cast<double>(offsets.size() - 2));
  EXPECT_NEAR(stddev, mean_gap, 0.05 * mean_gap);
}

TEST(ArrivalScheduleTest, PoissonIsNonDecreasingAndInsideHorizon) {
  for (uint64_t seed : {1u, 2u, 42u}) {
    const int64_t horizon = 5 * kSecond;
    const std::vector<int64_t> offsets =
        MakeArrivalOffsets(ArrivalDistribution::kPoisson, 2000, horizon, seed);
    ASSERT_FALSE(offsets.empty());
    EXPECT_GE(offsets.front(), 0);
    for (size_t i = 1; i < offsets.size(); ++i) {
      ASSERT_LE(offsets[i - 1], offsets[i]) << "seed " << seed << " i " << i;
    }
    EXPECT_LT(offsets.back(), horizon);
  }
}

TEST(ArrivalScheduleTest, PoissonShorterHorizonIsAPrefix) {
  // The same seed gives the same process; the horizon only cuts it.
  const std::vector<int64_t> longer =
      MakeArrivalOffsets(ArrivalDistribution::kPoisson, 100, 4 * kSecond, 5);
  const std::vector<int64_t> shorter =
      MakeArrivalOffsets(ArrivalDistribution::kPoisson, 100, 2 * kSecond, 5);
  ASSERT_FALSE(shorter.empty());
  ASSERT_LT(shorter.size(), longer.size());
  EXPECT_TRUE(std::equal(shorter.begin(), shorter.end(), longer.begin()));
  EXPECT_GE(longer[shorter.size()], 2 * kSecond);
}

TEST(ArrivalScheduleTest, ParseAndNameRoundTrip) {
  for (ArrivalDistribution d :
       {ArrivalDistribution::kUniform, ArrivalDistribution::kPoisson}) {
    ArrivalDistribution parsed = d == ArrivalDistribution::kUniform
                                     ? ArrivalDistribution::kPoisson
                                     : ArrivalDistribution::kUniform;
    ASSERT_TRUE(ParseArrivalDistribution(ArrivalDistributionName(d), &parsed));
    EXPECT_EQ(parsed, d);
  }
  EXPECT_STREQ(ArrivalDistributionName(ArrivalDistribution::kUniform),
               "uniform");
  EXPECT_STREQ(ArrivalDistributionName(ArrivalDistribution::kPoisson),
               "poisson");
}

TEST(ArrivalScheduleTest, ParseRejectsUnknownNames) {
  for (const char* text : {"", "Uniform", "POISSON", "exponential", "uniform ",
                           " poisson", "poisso"}) {
    ArrivalDistribution out = ArrivalDistribution::kPoisson;
    EXPECT_FALSE(ParseArrivalDistribution(text, &out)) << "'" << text << "'";
    EXPECT_EQ(out, ArrivalDistribution::kPoisson) << "changed on failure";
  }
}

}  // namespace
}  // namespace xsb
