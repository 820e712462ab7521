#include "bench/measure/latency_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

namespace xsb {
namespace {

std::vector<int64_t> OneTo(int64_t n) {
  std::vector<int64_t> v(static_cast<size_t>(n));
  std::iota(v.begin(), v.end(), 1);
  return v;
}

TEST(NearestRankPercentileTest, OneToTen) {
  const std::vector<int64_t> s = OneTo(10);
  EXPECT_EQ(NearestRankPercentile(s, 0), 1);
  EXPECT_EQ(NearestRankPercentile(s, 10), 1);
  EXPECT_EQ(NearestRankPercentile(s, 10.01), 2);
  EXPECT_EQ(NearestRankPercentile(s, 50), 5);
  EXPECT_EQ(NearestRankPercentile(s, 50.5), 6);
  EXPECT_EQ(NearestRankPercentile(s, 90), 9);
  EXPECT_EQ(NearestRankPercentile(s, 99), 10);
  EXPECT_EQ(NearestRankPercentile(s, 100), 10);
}

TEST(NearestRankPercentileTest, OneToHundred) {
  const std::vector<int64_t> s = OneTo(100);
  EXPECT_EQ(NearestRankPercentile(s, 50), 50);
  EXPECT_EQ(NearestRankPercentile(s, 90), 90);
  // 0.99 * 100 is 98.99999999999999 in binary: still rank 99.
  EXPECT_EQ(NearestRankPercentile(s, 99), 99);
  EXPECT_EQ(NearestRankPercentile(s, 99.9), 100);
  EXPECT_EQ(NearestRankPercentile(s, 100), 100);
}

TEST(NearestRankPercentileTest, OneToThousand) {
  const std::vector<int64_t> s = OneTo(1000);
  EXPECT_EQ(NearestRankPercentile(s, 50), 500);
  EXPECT_EQ(NearestRankPercentile(s, 99), 990);
  EXPECT_EQ(NearestRankPercentile(s, 99.9), 999);
  EXPECT_EQ(NearestRankPercentile(s, 99.99), 1000);
}

TEST(NearestRankPercentileTest, IntegerRanksForManySizes) {
  // Wherever p / 100 * n is a whole number r, the answer is sample r exactly
  // (binary rounding of p / 100 must not push it to r + 1).
  for (int64_t n = 100; n <= 200'000; n *= 10) {
    const std::vector<int64_t> s = OneTo(n);
    SCOPED_TRACE(n);
    EXPECT_EQ(NearestRankPercentile(s, 50), n / 2);
    EXPECT_EQ(NearestRankPercentile(s, 90), n * 9 / 10);
    EXPECT_EQ(NearestRankPercentile(s, 99), n * 99 / 100);
    if (n >= 1000) {
      EXPECT_EQ(NearestRankPercentile(s, 99.9), n * 999 / 1000);
    }
  }
}

// p / 100 * n in floating point rounds above the exact rank 16'896'087 here;
// a rank computed with a fixed epsilon came out one too high.
TEST(NearestRankPercentileTest, IntegerRankForSeventeenMillionSamples) {
  const std::vector<int64_t> s = OneTo(16'913'000);
  EXPECT_EQ(NearestRankPercentile(s, 99.9), 16'896'087);
}

TEST(NearestRankPercentileTest, SingleSample) {
  const std::vector<int64_t> s = {42};
  for (double p : {0.0, 1.0, 50.0, 99.0, 99.9, 100.0}) {
    EXPECT_EQ(NearestRankPercentile(s, p), 42) << "p=" << p;
  }
}

TEST(NearestRankPercentileTest, EmptyIsZero) {
  const std::vector<int64_t> empty;
  EXPECT_EQ(NearestRankPercentile(empty, 0), 0);
  EXPECT_EQ(NearestRankPercentile(empty, 50), 0);
  EXPECT_EQ(NearestRankPercentile(empty, 100), 0);
}

TEST(NearestRankPercentileTest, DuplicatesAndUnevenValues) {
  const std::vector<int64_t> s = {3, 3, 3, 7, 1000};
  EXPECT_EQ(NearestRankPercentile(s, 0), 3);
  EXPECT_EQ(NearestRankPercentile(s, 60), 3);
  EXPECT_EQ(NearestRankPercentile(s, 61), 7);
  EXPECT_EQ(NearestRankPercentile(s, 80), 7);
  EXPECT_EQ(NearestRankPercentile(s, 81), 1000);
}

TEST(LatencyStoreTest, RecordKeepsEverySampleInOrder) {
  LatencyStore store(4);
  EXPECT_EQ(store.size(), 0u);
  const std::vector<int64_t> values = {5, -1, 5, 0, 1'000'000'000'000, 7};
  for (int64_t v : values) store.Record(v);
  EXPECT_EQ(store.size(), values.size());
  EXPECT_EQ(store.samples(), values);
}

TEST(LatencyStoreTest, RecordManySamples) {
  LatencyStore store;
  for (int64_t i = 0; i < 100'000; ++i) store.Record(i * 3);
  ASSERT_EQ(store.size(), 100'000u);
  EXPECT_EQ(store.samples().front(), 0);
  EXPECT_EQ(store.samples()[12345], 12345 * 3);
  EXPECT_EQ(store.samples().back(), 99'999 * 3);
}

TEST(LatencyStoreTest, SummarizeEmpty) {
  const LatencySummary s = LatencyStore().Summarize();
  EXPECT_EQ(s.count, 0);
  EXPECT_EQ(s.p50_ns, 0);
  EXPECT_EQ(s.p90_ns, 0);
  EXPECT_EQ(s.p99_ns, 0);
  EXPECT_EQ(s.p999_ns, 0);
  EXPECT_EQ(s.max_ns, 0);
  EXPECT_EQ(s.mean_ns, 0);
}

TEST(LatencyStoreTest, SummarizeUnsortedInput) {
  // 1..1000 in a scrambled order (7 is coprime to 1000).
  LatencyStore store;
  for (int64_t i = 0; i < 1000; ++i) store.Record((i * 7 + 3) % 1000 + 1);
  ASSERT_FALSE(std::is_sorted(store.samples().begin(), store.samples().end()));
  const LatencySummary s = store.Summarize();
  EXPECT_EQ(s.count, 1000);
  EXPECT_EQ(s.p50_ns, 500);
  EXPECT_EQ(s.p90_ns, 900);
  EXPECT_EQ(s.p99_ns, 990);
  EXPECT_EQ(s.p999_ns, 999);
  EXPECT_EQ(s.max_ns, 1000);
  EXPECT_DOUBLE_EQ(s.mean_ns, 500.5);
}

TEST(LatencyStoreTest, SummarizeSmallHandComputed) {
  LatencyStore store;
  for (int64_t v : {40, 10, 30, 20}) store.Record(v);
  const LatencySummary s = store.Summarize();
  EXPECT_EQ(s.count, 4);
  EXPECT_EQ(s.p50_ns, 20);  // rank ceil(2) = 2
  EXPECT_EQ(s.p90_ns, 40);  // rank ceil(3.6) = 4
  EXPECT_EQ(s.p99_ns, 40);
  EXPECT_EQ(s.p999_ns, 40);
  EXPECT_EQ(s.max_ns, 40);
  EXPECT_DOUBLE_EQ(s.mean_ns, 25.0);
}

TEST(LatencyStoreTest, SummarizeDoesNotReorderSamples) {
  LatencyStore store;
  for (int64_t v : {3, 1, 2}) store.Record(v);
  store.Summarize();
  EXPECT_EQ(store.samples(), (std::vector<int64_t>{3, 1, 2}));
}

TEST(LatencyStoreTest, SummarizeLargeValuesMean) {
  // Nanosecond latencies of seconds: the mean must not overflow or truncate.
  LatencyStore store;
  store.Record(3'000'000'000);
  store.Record(4'000'000'001);
  const LatencySummary s = store.Summarize();
  EXPECT_DOUBLE_EQ(s.mean_ns, 3'500'000'000.5);
  EXPECT_EQ(s.max_ns, 4'000'000'001);
}

}  // namespace
}  // namespace xsb
