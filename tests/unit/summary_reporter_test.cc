// The console summary (bench/output/summary_reporter.h): headline counters
// with units in short lines, intervals when a run has them, errors whole.
#include "bench/output/summary_reporter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace xsb {
namespace {

using BenchmarkRun = benchmark::BenchmarkReporter::Run;

BenchmarkRun DualModelRun() {
  BenchmarkRun run;
  run.run_name.function_name =
      "DualModel/baseline/smoke/rate:200/batch:8/duration_s:4";
  run.run_name.iterations = "iterations:1";
  run.run_name.time_type = "manual_time";
  run.repetitions = 1;
  run.repetition_index = 0;
  run.report_label =
      "scheduler=os-priority hp[default; SCHED_OTHER nice 0; forward 0.195 "
      "ms] lp[--cpu_policy=idle; SCHED_IDLE nice 19; forward 0.932 ms]";
  for (const auto& [name, value] : std::vector<std::pair<std::string, double>>{
           {"hp_p50_ms", 0.305101},
           {"hp_p90_ms", 1.9602},
           {"hp_p99_ms", 4.37221},
           {"hp_p999_ms", 4.39557},
           {"hp_max_ms", 4.39557},
           {"hp_mean_ms", 0.69},
           {"hp_requests", 800},
           {"hp_target_rps", 200},
           {"hp_achieved_rps", 199.5},
           {"hp_send_lag_p99_us", 4022.28},
           {"lp_iter_per_s", 766.2},
           {"lp_samples_per_s", 6129.6},
           {"lp_iters", 3065},
           {"hp_standalone_forward_ms", 0.195},
           {"lp_standalone_forward_ms", 0.932}}) {
    run.counters[name] = benchmark::Counter(value);
  }
  return run;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

TEST(SummarizeRunTest, HeadlineCountersWithUnitsInShortLines) {
  const std::vector<std::string> lines = SummarizeRun(DualModelRun());
  EXPECT_EQ(Joined(lines),
            "DualModel/baseline/smoke/rate:200/batch:8/duration_s:4\n"
            "  HP latency  P50 0.3051 ms  P99 4.372 ms  P99.9 4.396 ms  "
            "max 4.396 ms\n"
            "  HP rate     199.5 of 200 req/s, 800 requests; send lag P99 "
            "4022 us\n"
            "  LP          766.2 it/s, 6130 samples/s, 3065 iterations\n"
            "  window 4 s; standalone forward HP 0.195 ms, LP 0.932 ms\n"
            "  scheduler=os-priority\n"
            "  hp[default; SCHED_OTHER nice 0; forward 0.195 ms]\n"
            "  lp[--cpu_policy=idle; SCHED_IDLE nice 19; forward 0.932 ms]\n");
  for (const std::string& line : lines) {
    EXPECT_LE(line.size(), kSummaryWidth) << line;
  }
}

TEST(SummarizeRunTest, ShowsThePercentileIntervalWhenTheRunHasOne) {
  BenchmarkRun run = DualModelRun();
  run.counters["hp_p99_ci_low_ms"] = benchmark::Counter(3.9);
  run.counters["hp_p99_ci_high_ms"] = benchmark::Counter(5.25);
  const std::vector<std::string> lines = SummarizeRun(run);
  EXPECT_EQ(lines[1],
            "  HP latency  P50 0.3051 ms  P99 4.372 ms [3.9, 5.25]  "
            "P99.9 4.396 ms  max 4.396 ms");
}

// An invalid percentile's "high" is the largest latency, not a bound: no
// interval is shown for it; what does not fit in 100 columns wraps.
TEST(SummarizeRunTest, NoIntervalForAnInvalidPercentileAndLongLinesWrap) {
  BenchmarkRun run = DualModelRun();
  for (const char* p : {"hp_p50", "hp_p99", "hp_p999"}) {
    run.counters[std::string(p) + "_ci_low_ms"] = benchmark::Counter(0.123456);
    run.counters[std::string(p) + "_ci_high_ms"] = benchmark::Counter(9.87654);
    run.counters[std::string(p) + "_valid"] = benchmark::Counter(1);
  }
  run.counters["hp_p999_valid"] = benchmark::Counter(0);
  const std::vector<std::string> lines = SummarizeRun(run);
  EXPECT_EQ(lines[1],
            "  HP latency  P50 0.3051 ms [0.1235, 9.877]  "
            "P99 4.372 ms [0.1235, 9.877]  P99.9 4.396 ms");
  EXPECT_EQ(lines[2], "              max 4.396 ms");
}

TEST(SummarizeRunTest, RoundsAndAggregatesAreNamed) {
  BenchmarkRun run = DualModelRun();
  run.repetitions = 3;
  run.repetition_index = 1;
  // Rounds come as repetitions (bench/output/round_reporter.h).
  EXPECT_EQ(SummarizeRun(run)[0],
            "DualModel/baseline/smoke/rate:200/batch:8/duration_s:4 "
            "(round 2)");
  run.repetitions = 1;
  run.repetition_index = 0;
  EXPECT_EQ(SummarizeRun(run)[0],
            "DualModel/baseline/smoke/rate:200/batch:8/duration_s:4");
  run.repetitions = 3;
  run.run_type = BenchmarkRun::RT_Aggregate;
  run.aggregate_name = "cv";
  run.aggregate_unit = benchmark::kPercentage;
  run.counters["hp_p99_ms"] = benchmark::Counter(0.125);
  const std::vector<std::string> lines = SummarizeRun(run);
  EXPECT_EQ(lines[0],
            "DualModel/baseline/smoke/rate:200/batch:8/duration_s:4_cv "
            "(cv of 3)");
  EXPECT_NE(lines[1].find("P99 12.5 %"), std::string::npos) << lines[1];
  // Aggregates have no label of their own.
  EXPECT_EQ(Joined(lines).find("scheduler="), std::string::npos);
}

// Seen with --benchmark_repetitions: "HP rate 0 of 0 %, 0 %" and
// "P99.9 71.46 % [77.59, 71.46]" (the cv of each end, low > high).
TEST(SummarizeRunTest, CvRowShowsOnlyTheHeadlineSpreads) {
  BenchmarkRun run = DualModelRun();
  run.run_type = BenchmarkRun::RT_Aggregate;
  run.aggregate_name = "cv";
  run.aggregate_unit = benchmark::kPercentage;
  run.counters["hp_p999_ms"] = benchmark::Counter(0.7146);
  run.counters["hp_p999_valid"] = benchmark::Counter(1);
  run.counters["hp_p999_ci_low_ms"] = benchmark::Counter(0.7759);
  run.counters["hp_p999_ci_high_ms"] = benchmark::Counter(0.7146);
  run.counters["hp_p50_ms"] = benchmark::Counter(std::nan(""));
  const std::string text = Joined(SummarizeRun(run));
  EXPECT_EQ(text.find("["), std::string::npos) << text;
  EXPECT_EQ(text.find("HP rate"), std::string::npos) << text;
  EXPECT_EQ(text.find("nan"), std::string::npos) << text;
  EXPECT_EQ(text.find("P50"), std::string::npos) << text;
  EXPECT_NE(text.find("P99.9 71.46 %"), std::string::npos) << text;
  EXPECT_NE(text.find("LP it/s 76620 %"), std::string::npos) << text;
}

TEST(SummarizeRunTest, AnErrorIsOneWholeLine) {
  BenchmarkRun run = DualModelRun();
  run.error_occurred = true;
  run.error_message = "skipped: " + std::string(150, 'x');
  const std::vector<std::string> lines = SummarizeRun(run);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1],
            "  ERROR OCCURRED: 'skipped: " + std::string(150, 'x') + "'");
}

TEST(WrapTextTest, BreaksAtSpacesAndIndentsTheRest) {
  EXPECT_EQ(WrapText("aaa bbb ccc ddd", 8, 2),
            (std::vector<std::string>{"aaa bbb", "  ccc", "  ddd"}));
  EXPECT_EQ(WrapText("short", 80, 4), std::vector<std::string>{"short"});
  // A break that falls on a run of blanks (help's "FLAG  [default: ...]").
  EXPECT_EQ(WrapText("aaaaaaa  bbb", 7, 2),
            (std::vector<std::string>{"aaaaaaa", "   bbb"}));
  EXPECT_EQ(WrapText("averyveryverylongword x", 8, 2),
            (std::vector<std::string>{"averyveryverylongword", "  x"}));
}

}  // namespace
}  // namespace xsb
