#include "bench/cli/benchmark_flags.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace xsb {
namespace {

// Runs CheckBenchmarkFlags on `args` (after the program name) with `env`
// as the environment; returns its error ("" when it accepted them).
std::string Check(std::vector<std::string> args,
                  const std::map<std::string, std::string>& env = {}) {
  args.insert(args.begin(), "xsb_bench");
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::string error;
  const bool ok = CheckBenchmarkFlags(
      static_cast<int>(args.size()), argv.data(),
      [&env](const char* name) -> const char* {
        const auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
      },
      &error);
  EXPECT_EQ(ok, error.empty()) << error;
  return error;
}

TEST(CheckBenchmarkFlagsTest, KeepsTheFlagsThatApply) {
  EXPECT_EQ(Check({"--benchmark_filter=smoke", "--benchmark_repetitions=3",
                   "--benchmark_out=x.json", "--benchmark_out_format=json",
                   "--benchmark_format=console", "--benchmark_list_tests",
                   "--benchmark_counters_tabular=true",
                   "--benchmark_color=false", "--benchmark_context=a=b",
                   "--benchmark_time_unit=ms", "--v=1", "--xsb_seed=3"},
                  {{"BENCHMARK_REPETITIONS", "2"}}),
            "");
}

// Rounds replace random interleaving, and have no aggregates: one line
// each, naming what to use instead.
TEST(CheckBenchmarkFlagsTest, RefusesInterleavingAndAggregatesForRounds) {
  const std::string error =
      Check({"--benchmark_enable_random_interleaving=true",
             "--benchmark_report_aggregates_only=true",
             "--benchmark_display_aggregates_only=true"},
            {{"BENCHMARK_ENABLE_RANDOM_INTERLEAVING", "true"}});
  EXPECT_EQ(error,
            "--benchmark_enable_random_interleaving does not apply here: "
            "xsb_bench runs paired rounds in ABBA order instead; use "
            "--xsb_rounds=N or --xsb_rounds=auto "
            "(docs/user-guide.md#rounds)\n"
            "--benchmark_report_aggregates_only does not apply here: rounds "
            "are reported as repetitions without aggregates; "
            "tools/compare.py gives the paired interval\n"
            "--benchmark_display_aggregates_only does not apply here: rounds "
            "are reported as repetitions without aggregates; "
            "tools/compare.py gives the paired interval\n"
            "BENCHMARK_ENABLE_RANDOM_INTERLEAVING (in the environment, for "
            "--benchmark_enable_random_interleaving) does not apply here: "
            "xsb_bench runs paired rounds in ABBA order instead; use "
            "--xsb_rounds=N or --xsb_rounds=auto "
            "(docs/user-guide.md#rounds)");
}

TEST(CheckBenchmarkFlagsTest, RefusesEachFlagThatDoesNotApply) {
  const std::string error =
      Check({"--benchmark_min_warmup_time=3", "--benchmark_filter=x",
             "--benchmark_min_time=0.1", "--benchmark_perf_counters=CYCLES"});
  EXPECT_EQ(error.rfind("--benchmark_min_warmup_time does not apply here: ", 0),
            0u)
      << error;
  EXPECT_NE(error.find("\n--benchmark_min_time does not apply here: "),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("\n--benchmark_perf_counters does not apply here: "),
            std::string::npos)
      << error;
  EXPECT_EQ(std::count(error.begin(), error.end(), '\n'), 2) << error;
}

TEST(CheckBenchmarkFlagsTest, RepetitionsBelowOne) {
  EXPECT_EQ(Check({"--benchmark_repetitions=0"}),
            "--benchmark_repetitions: must be >= 1, got 0 (0 would run "
            "nothing)");
  EXPECT_EQ(Check({"--benchmark_repetitions=-2"}),
            "--benchmark_repetitions: must be >= 1, got -2");
  EXPECT_EQ(Check({"--benchmark_repetitions=two"}),
            "--benchmark_repetitions: 'two' is not a whole number");
}

TEST(CheckBenchmarkFlagsTest, TheEnvironmentVariablesToo) {
  const std::string error =
      Check({}, {{"BENCHMARK_REPETITIONS", "0"}, {"BENCHMARK_MIN_TIME", "1"}});
  EXPECT_EQ(error,
            "BENCHMARK_REPETITIONS (in the environment, for "
            "--benchmark_repetitions): must be >= 1, got 0 (0 would run "
            "nothing)\n"
            "BENCHMARK_MIN_TIME (in the environment, for --benchmark_min_time) "
            "does not apply here: a case runs its scenario once per "
            "repetition, for the scenario's window; set it with "
            "--xsb_duration_s");
}

}  // namespace
}  // namespace xsb
