#include "bench/measure/window_stats.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "bench/measure/request_timing.h"

namespace xsb {
namespace {

constexpr int64_t kMs = 1'000'000;
constexpr int64_t kSecond = 1'000'000'000;

// Window [10 s, 12 s): 2 seconds long.
const MeasurementWindow kWindow{10 * kSecond, 12 * kSecond};

TEST(MeasurementWindowTest, Seconds) {
  EXPECT_DOUBLE_EQ(kWindow.seconds(), 2.0);
  EXPECT_DOUBLE_EQ((MeasurementWindow{0, 1500 * kMs}).seconds(), 1.5);
  EXPECT_DOUBLE_EQ((MeasurementWindow{5, 5}).seconds(), 0.0);
}

TEST(WindowAfterWarmupTest, StartsAfterTheWarmUpAndLastsTheDuration) {
  const MeasurementWindow window = WindowAfterWarmup(5 * kSecond, 0.2, 0.5);
  EXPECT_EQ(window.begin_ns, 5 * kSecond + 200 * kMs);
  EXPECT_EQ(window.end_ns, 5 * kSecond + 700 * kMs);
  const MeasurementWindow no_warmup = WindowAfterWarmup(kSecond, 0, 2);
  EXPECT_EQ(no_warmup.begin_ns, kSecond);
  EXPECT_EQ(no_warmup.end_ns, 3 * kSecond);
}

TEST(SummarizeHpTest, EmptyInput) {
  const HpStats stats = SummarizeHp({}, kWindow);
  EXPECT_EQ(stats.requests, 0);
  EXPECT_EQ(stats.latency.count, 0);
  EXPECT_EQ(stats.latency.p99_ns, 0);
  EXPECT_EQ(stats.send_lag_p99_ns, 0);
  EXPECT_EQ(stats.achieved_rps, 0);
}

TEST(SummarizeHpTest, CountsRequestsByScheduledTime) {
  const int64_t b = kWindow.begin_ns;
  const int64_t e = kWindow.end_ns;
  const std::vector<RequestTiming> timings = {
      // Scheduled before the window, completed inside it: not a request of
      // the window (its latency belongs to warm-up).
      {b - 1, b - 1, b + 500 * kMs},
      // Scheduled exactly at begin: inside.
      {b, b, b + 1 * kMs},
      // Scheduled inside, completed long after the end: still counted, with
      // its full latency.
      {e - 1 * kMs, e - 1 * kMs, e + 3 * kSecond},
      // Scheduled exactly at end: outside (the window is half open).
      {e, e, e + 1 * kMs},
  };
  const HpStats stats = SummarizeHp(timings, kWindow);
  EXPECT_EQ(stats.requests, 2);
  EXPECT_EQ(stats.latency.count, 2);
  EXPECT_EQ(stats.latency.max_ns, 3 * kSecond + 1 * kMs);
  EXPECT_EQ(stats.latency.p50_ns, 1 * kMs);
  EXPECT_EQ(stats.latency.p99_ns, 3 * kSecond + 1 * kMs);
}

// Sent and scheduled differ: the scheduled time alone decides.
TEST(SummarizeHpTest, ScheduledInWarmUpButSentInsideIsNotARequest) {
  const int64_t b = kWindow.begin_ns;
  const std::vector<RequestTiming> timings = {
      {b + 100 * kMs, b + 100 * kMs, b + 102 * kMs},
      // Due 30 ms before the window, sent 20 ms into it.
      {b - 30 * kMs, b + 20 * kMs, b + 900 * kMs},
  };
  const HpStats stats = SummarizeHp(timings, kWindow);
  EXPECT_EQ(stats.requests, 1);
  EXPECT_EQ(stats.latency.max_ns, 2 * kMs);
  EXPECT_EQ(stats.send_lag_p99_ns, 0);
}

TEST(SummarizeHpTest, ScheduledInsideButSentAfterTheEndIsARequest) {
  const int64_t b = kWindow.begin_ns;
  const int64_t e = kWindow.end_ns;
  const std::vector<RequestTiming> timings = {
      {b + 100 * kMs, b + 100 * kMs, b + 102 * kMs},
      // Due 10 ms before the end, sent 40 ms after it.
      {e - 10 * kMs, e + 40 * kMs, e + 45 * kMs},
  };
  const HpStats stats = SummarizeHp(timings, kWindow);
  EXPECT_EQ(stats.requests, 2);
  EXPECT_EQ(stats.latency.max_ns, 55 * kMs);
  EXPECT_EQ(stats.send_lag_p99_ns, 50 * kMs);
  // Only the first completed inside the window.
  EXPECT_DOUBLE_EQ(stats.achieved_rps, 1 / 2.0);
}

TEST(SummarizeHpTest, LatencyIsFromScheduledNotSentTime) {
  const int64_t b = kWindow.begin_ns;
  // Sent 40 ms late, served in 10 ms: the latency is 50 ms, not 10 ms.
  const std::vector<RequestTiming> timings = {
      {b + 100 * kMs, b + 140 * kMs, b + 150 * kMs},
  };
  const HpStats stats = SummarizeHp(timings, kWindow);
  ASSERT_EQ(stats.requests, 1);
  EXPECT_EQ(stats.latency.p50_ns, 50 * kMs);
  EXPECT_EQ(stats.latency.max_ns, 50 * kMs);
  EXPECT_DOUBLE_EQ(stats.latency.mean_ns, 50.0 * kMs);
  EXPECT_EQ(stats.send_lag_p99_ns, 40 * kMs);
}

TEST(SummarizeHpTest, SendLagP99OverRequestsInWindow) {
  const int64_t b = kWindow.begin_ns;
  std::vector<RequestTiming> timings;
  // 100 requests inside the window, request i sent i us late.
  for (int64_t i = 0; i < 100; ++i) {
    const int64_t scheduled = b + i * 10 * kMs;
    const int64_t sent = scheduled + i * 1000;
    timings.push_back({scheduled, sent, sent + 2 * kMs});
  }
  // A warm-up request sent very late must not count.
  timings.push_back({b - kSecond, b - 1, b + 1 * kMs});
  const HpStats stats = SummarizeHp(timings, kWindow);
  EXPECT_EQ(stats.requests, 100);
  // Lags are 0 .. 99 us; the 99th percentile (rank 99) is 98 us.
  EXPECT_EQ(stats.send_lag_p99_ns, 98'000);
  // Latencies are 2 ms + lag: 2.000 .. 2.099 ms.
  EXPECT_EQ(stats.latency.p50_ns, 2 * kMs + 49'000);
  EXPECT_EQ(stats.latency.max_ns, 2 * kMs + 99'000);
}

TEST(SummarizeHpTest, AchievedRpsCountsCompletionsInsideWindow) {
  const int64_t b = kWindow.begin_ns;
  const int64_t e = kWindow.end_ns;
  std::vector<RequestTiming> timings;
  // 10 requests scheduled and completed inside.
  for (int64_t i = 0; i < 10; ++i) {
    timings.push_back({b + i * kMs, b + i * kMs, b + i * kMs + 1});
  }
  // Scheduled inside but completed after the end: a request of the window,
  // but not a completion inside it.
  timings.push_back({e - 2, e - 2, e});
  timings.push_back({e - 1, e - 1, e + kSecond});
  const HpStats stats = SummarizeHp(timings, kWindow);
  EXPECT_EQ(stats.requests, 12);
  EXPECT_DOUBLE_EQ(stats.achieved_rps, 10 / 2.0);
}

TEST(SummarizeHpTest, ZeroLengthWindowHasNoRate) {
  const MeasurementWindow empty{kSecond, kSecond};
  const std::vector<RequestTiming> timings = {{kSecond, kSecond, kSecond}};
  const HpStats stats = SummarizeHp(timings, empty);
  EXPECT_EQ(stats.requests, 0);
  EXPECT_EQ(stats.achieved_rps, 0);
}

TEST(SummarizeLpTest, EmptyInput) {
  const LpStats stats = SummarizeLp({}, kWindow, 32);
  EXPECT_EQ(stats.iterations, 0);
  EXPECT_EQ(stats.iter_per_s, 0);
  EXPECT_EQ(stats.samples_per_s, 0);
}

TEST(SummarizeLpTest, CountsCompletionsInsideWindow) {
  const int64_t b = kWindow.begin_ns;
  const int64_t e = kWindow.end_ns;
  const std::vector<int64_t> completions = {
      b - kSecond, b - 1,        // warm-up: out
      b,           b + 1,        // in (begin inclusive)
      b + kSecond, e - 1,        // in
      e,           e + 1 * kMs,  // out (end exclusive)
  };
  const LpStats stats = SummarizeLp(completions, kWindow, 8);
  EXPECT_EQ(stats.iterations, 4);
  EXPECT_DOUBLE_EQ(stats.iter_per_s, 4 / 2.0);
  EXPECT_DOUBLE_EQ(stats.samples_per_s, 4 / 2.0 * 8);
}

TEST(SummarizeLpTest, SamplesPerSecondIsIterationsTimesBatch) {
  std::vector<int64_t> completions;
  // 300 iterations over a 1.5 s window: 200 iter/s.
  const MeasurementWindow window{0, 1500 * kMs};
  for (int64_t i = 0; i < 300; ++i) completions.push_back(i * 5 * kMs);
  for (int batch : {1, 3, 64}) {
    const LpStats stats = SummarizeLp(completions, window, batch);
    EXPECT_EQ(stats.iterations, 300);
    EXPECT_DOUBLE_EQ(stats.iter_per_s, 200.0);
    EXPECT_DOUBLE_EQ(stats.samples_per_s, 200.0 * batch) << "batch " << batch;
  }
}

TEST(SummarizeLpTest, UnsortedCompletions) {
  const int64_t b = kWindow.begin_ns;
  const std::vector<int64_t> completions = {b + 5, b - 5, b + 3,
                                            b + 4 * kSecond, b + 1};
  EXPECT_EQ(SummarizeLp(completions, kWindow, 1).iterations, 3);
}

TEST(SummarizeHpTest, PercentileIntervalsAtTheConfidenceAsked) {
  // 600 requests in the window with latencies 1..600 ms, in shuffled order.
  std::vector<RequestTiming> timings;
  for (int64_t k = 0; k < 600; ++k) {
    const int64_t latency = ((k * 7) % 600 + 1) * kMs;
    timings.push_back({kWindow.begin_ns + k, kWindow.begin_ns + k,
                       kWindow.begin_ns + k + latency});
  }
  const HpStats stats = SummarizeHp(timings, kWindow, 0.95);
  EXPECT_EQ(stats.p99.point, 594 * kMs);
  EXPECT_EQ(stats.p99.low, 589 * kMs);
  EXPECT_EQ(stats.p99.high, 599 * kMs);
  EXPECT_TRUE(stats.p99.valid);
  EXPECT_EQ(stats.p50.low, 276 * kMs);
  EXPECT_EQ(stats.p50.high, 325 * kMs);
  EXPECT_FALSE(stats.p999.valid);  // needs 3,688
  EXPECT_LT(SummarizeHp(timings, kWindow, 0.99).p99.low, stats.p99.low);
}

TEST(SummarizeLpTest, ThroughputIntervalFromSubWindows) {
  std::vector<int64_t> completions;
  for (int64_t t = kWindow.begin_ns; t < kWindow.end_ns;
       t += (kWindow.end_ns - kWindow.begin_ns) / 100) {
    completions.push_back(t);
  }
  const LpStats stats = SummarizeLp(completions, kWindow, 1);
  EXPECT_DOUBLE_EQ(stats.iter_per_s_interval.rate, stats.iter_per_s);
  EXPECT_LE(stats.iter_per_s_interval.low, stats.iter_per_s);
  EXPECT_GE(stats.iter_per_s_interval.high, stats.iter_per_s);
  EXPECT_GT(stats.iter_per_s_interval.low, 0);
}

}  // namespace
}  // namespace xsb
