// ComputeCounters against a report whose every statistic was worked out by
// hand: each counter must come from its own statistic, in the unit its name
// ends with. Every expected figure differs from the others, so a counter fed
// from the wrong percentile, or scaled by the wrong power of ten, fails.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bench/cases/case_runner.h"
#include "bench/protocol/counters.h"

namespace xsb {
namespace {

constexpr int64_t kUs = 1'000;
constexpr int64_t kMs = 1'000'000;
constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kT0 = 7 * kSecond;

// Window [T0 + 1 s, T0 + 3 s): 2 s long.
ScenarioReport KnownReport() {
  ScenarioReport report;
  report.t0_ns = kT0;
  report.window = {kT0 + kSecond, kT0 + 3 * kSecond};
  const int64_t b = report.window.begin_ns;
  WorkerReport hp;
  hp.role = WorkerRole::kHp;
  hp.ready.forward_ms = 1.25;
  // 1000 requests inside, due every ms; latencies 10, 20, ..., 10000 us and
  // send lags 10, 20, ..., 10000 ns, each in a scrambled order (7 and 13
  // are prime to 1000), so only sorting finds the percentiles.
  for (int64_t i = 0; i < 1000; ++i) {
    const int64_t scheduled = b + i * kMs;
    const int64_t latency = ((i * 7) % 1000 + 1) * 10 * kUs;
    const int64_t lag = ((i * 13) % 1000 + 1) * 10;
    hp.result.requests.push_back(
        {scheduled, scheduled + lag, scheduled + latency});
  }
  // 10 warm-up requests, sent and completed inside the window with a
  // latency of 1 s: completions inside, but not requests of the window.
  for (int64_t i = 0; i < 10; ++i) {
    const int64_t scheduled = b - 500 * kMs + i * kMs;
    hp.result.requests.push_back({scheduled, b + i * kMs, scheduled + kSecond});
  }
  WorkerReport lp;
  lp.role = WorkerRole::kLp;
  lp.ready.forward_ms = 40.5;
  // 300 completions inside, 5 in the warm-up, 4 after the end.
  for (int64_t i = 0; i < 5; ++i) lp.result.completions_ns.push_back(kT0 + i);
  for (int64_t i = 0; i < 300; ++i) {
    lp.result.completions_ns.push_back(b + i * 6 * kMs);
  }
  for (int64_t i = 0; i < 4; ++i) {
    lp.result.completions_ns.push_back(report.window.end_ns + i);
  }
  report.workers = {hp, lp};
  return report;
}

Scenario KnownScenario() {
  Scenario scenario;
  scenario.name = "known";
  scenario.hp_rate_per_s = 250;  // the target: differs from what was achieved
  scenario.lp_batch = 8;
  scenario.duration_s = 2;
  scenario.warmup_s = 1;
  return scenario;
}

struct Expected {
  const char* name;
  const char* unit;
  double value;
};

// Each expected counter is in `values` with its value, and the counter
// table gives it the expected unit.
template <size_t N>
void ExpectEach(const CounterValues& values, const Expected (&expected)[N]) {
  for (const Expected& e : expected) {
    SCOPED_TRACE(e.name);
    const CounterInfo* info = nullptr;
    for (const CounterInfo& c : kCounters) {
      if (std::string(c.name) == e.name) info = &c;
    }
    ASSERT_NE(info, nullptr);
    EXPECT_STREQ(info->unit, e.unit);
    ASSERT_EQ(values.count(info->counter), 1u);
    EXPECT_NEAR(values.at(info->counter), e.value, 1e-9 * e.value + 1e-12);
  }
}

TEST(ComputeCountersTest, EveryCounterFromItsStatisticInItsUnit) {
  CounterValues values;
  std::vector<std::string> notes;
  std::string error;
  ASSERT_TRUE(ComputeCounters(KnownReport(), KnownScenario(), 0.95, &values,
                              &notes, &error))
      << error;
  // Nearest rank over the 1000 latencies k x 10 us: the p-th percentile is
  // the ceil(p / 100 x 1000)-th smallest. The interval ranks (r, s) at 95 %
  // were worked out apart from the code, from exact Binomial(1000, p) sums
  // with the equal-tailed rule of docs/metrics.md: P50 (469, 532), P90 (881,
  // 919), P99 (983, 997), P99.9 (997, none: 0.999^1000 > 0.025). The LP
  // sub-window rates (20 x 100 ms) are 16 or 17 completions per 100 ms but
  // none in the last two: ranks (6, 15) of the sorted 20 give [160, 170],
  // widened to hold the window's 150.
  const Expected expected[] = {
      {"hp_p50_ms", "ms", 5.0},     // rank 500: 5000 us
      {"hp_p90_ms", "ms", 9.0},     // rank 900
      {"hp_p99_ms", "ms", 9.9},     // rank 990
      {"hp_p999_ms", "ms", 9.99},   // rank 999
      {"hp_max_ms", "ms", 10.0},    // rank 1000
      {"hp_mean_ms", "ms", 5.005},  // 10 us x (1 + 1000) / 2
      {"hp_requests", "requests", 1000},
      {"hp_target_rps", "requests/s", 250},
      // 1000 completions of the window's requests + 10 of warm-up ones,
      // over 2 s.
      {"hp_achieved_rps", "requests/s", 505},
      {"hp_send_lag_p99_us", "us", 9.9},        // rank 990 of k x 10 ns
      {"lp_iter_per_s", "iterations/s", 150},   // 300 over 2 s
      {"lp_samples_per_s", "samples/s", 1200},  // x batch 8
      {"lp_iters", "iterations", 300},
      {"hp_standalone_forward_ms", "ms", 1.25},
      {"lp_standalone_forward_ms", "ms", 40.5},
      {"hp_p50_ci_low_ms", "ms", 4.69},
      {"hp_p50_ci_high_ms", "ms", 5.32},
      {"hp_p90_ci_low_ms", "ms", 8.81},
      {"hp_p90_ci_high_ms", "ms", 9.19},
      {"hp_p99_ci_low_ms", "ms", 9.83},
      {"hp_p99_ci_high_ms", "ms", 9.97},
      {"hp_p999_ci_low_ms", "ms", 9.97},
      {"hp_p999_ci_high_ms", "ms", 10.0},  // no bound: the largest
      {"hp_p50_valid", "0/1", 1},
      {"hp_p90_valid", "0/1", 1},
      {"hp_p99_valid", "0/1", 1},
      {"hp_p999_valid", "0/1", 0},
      {"lp_ci_low_iter_per_s", "iterations/s", 150},
      {"lp_ci_high_iter_per_s", "iterations/s", 170},
      {"window_s", "s", 2},
      {"window_ended_early", "0/1", 0},
  };
  EXPECT_EQ(notes, std::vector<std::string>{
                       "P99.9 not supported: needs >= 3688 requests in the "
                       "window, had 1000"});
  // Exactly these: the Preemption and telemetry counters are other cases'.
  ASSERT_EQ(values.size(), std::size(expected));
  ExpectEach(values, expected);
}

TEST(ComputeCountersTest, StandaloneHpReportsOnlyHpCounters) {
  ScenarioReport report = KnownReport();
  report.workers.pop_back();
  CounterValues values;
  std::string error;
  std::vector<std::string> notes;
  ASSERT_TRUE(
      ComputeCounters(report, KnownScenario(), 0.95, &values, &notes, &error));
  // 11 HP figures, 12 interval and validity counters, the window's 2.
  EXPECT_EQ(values.size(), 25u);
  EXPECT_EQ(values.count(Counter::kHpP99CiHighMs), 1u);
  EXPECT_EQ(values.count(Counter::kLpIterPerS), 0u);
  EXPECT_EQ(values.count(Counter::kLpStandaloneForwardMs), 0u);
  EXPECT_DOUBLE_EQ(values.at(Counter::kHpP99Ms), 9.9);
}

TEST(ComputeCountersTest, NoHpRequestInTheWindowIsAnError) {
  ScenarioReport report = KnownReport();
  report.workers[0].result.requests.resize(1000);
  for (RequestTiming& r : report.workers[0].result.requests) {
    r.scheduled_ns -= 2 * kSecond;  // all in the warm-up
  }
  CounterValues values;
  std::string error;
  std::vector<std::string> notes;
  EXPECT_FALSE(
      ComputeCounters(report, KnownScenario(), 0.95, &values, &notes, &error));
  EXPECT_EQ(error,
            "no HP request was due inside the 2 s window at 250 req/s; raise "
            "--xsb_hp_rate or --xsb_duration_s");
}

// The error of a known report whose LP worker completed nothing inside the
// window, its standalone pass `forward_ms` long.
std::string NoLpIterationError(bool replays_trace, double forward_ms) {
  ScenarioReport report = KnownReport();
  report.workers[1].result.completions_ns = {kT0, report.window.end_ns};
  report.workers[1].replays_trace = replays_trace;
  report.workers[1].ready.forward_ms = forward_ms;
  CounterValues values;
  std::string error;
  std::vector<std::string> notes;
  EXPECT_FALSE(
      ComputeCounters(report, KnownScenario(), 0.95, &values, &notes, &error));
  return error;
}

TEST(ComputeCountersTest, NoLpIterationInTheWindowIsAnError) {
  EXPECT_EQ(NoLpIterationError(false, 40.5),
            "no LP iteration completed inside the 2 s window (one took 40.5 "
            "ms standalone); lengthen --xsb_duration_s or shrink "
            "--xsb_lp_batch");
}

// A trace's pass is as long as the trace, whatever the batch: the advice
// is the window's length, with the numbers people read.
TEST(ComputeCountersTest, NoLpIterationOfATraceAsksForALongerWindow) {
  EXPECT_EQ(NoLpIterationError(true, 6158.340147),
            "no LP iteration completed inside the 2 s window (one pass of the "
            "LP trace took 6158 ms standalone); lengthen --xsb_duration_s to "
            "at least 12.3 s (two passes), or replay a shorter trace");
}

// The Preemption family: launch-to-completion latencies in us, the HP
// kernel alone in us, LP kernels per second; nothing of DualModel's.
TEST(ComputePreemptionCountersTest, EveryCounterFromItsStatisticInItsUnit) {
  CounterValues values;
  std::string error;
  ASSERT_TRUE(ComputePreemptionCounters(KnownReport(), KnownScenario(), &values,
                                        &error))
      << error;
  const Expected expected[] = {
      {"preempt_p50_us", "us", 5000},           // rank 500 of k x 10 us
      {"preempt_p99_us", "us", 9900},           // rank 990
      {"preempt_max_us", "us", 10000},          // rank 1000
      {"hp_kernel_standalone_us", "us", 1250},  // 1.25 ms
      {"hp_requests", "requests", 1000},        // due inside the window
      {"hp_target_rps", "requests/s", 250},     // the scenario's rate
      {"lp_kernels_per_s", "kernels/s", 150},   // 300 over 2 s, no batch
  };
  ASSERT_EQ(values.size(), std::size(expected));
  ExpectEach(values, expected);
}

}  // namespace
}  // namespace xsb
