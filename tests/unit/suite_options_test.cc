#include "bench/cli/suite_options.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include "bench/cli/scenarios.h"

namespace xsb {
namespace {

// argv as main() gets it: program name first, nullptr after the last.
class Argv {
 public:
  explicit Argv(std::vector<std::string> args) : storage_(std::move(args)) {
    storage_.insert(storage_.begin(), "xsb_bench");
    for (std::string& s : storage_) pointers_.push_back(s.data());
    pointers_.push_back(nullptr);
    argc_ = static_cast<int>(storage_.size());
  }
  int* argc() { return &argc_; }
  char** argv() { return pointers_.data(); }
  // What is left in argv[1..argc).
  std::vector<std::string> Remaining() const {
    std::vector<std::string> left;
    for (int i = 1; i < argc_; ++i) left.push_back(pointers_[i]);
    return left;
  }

 private:
  std::vector<std::string> storage_;
  std::vector<char*> pointers_;
  int argc_ = 0;
};

bool Parse(const std::vector<std::string>& args, SuiteOptions* options,
           std::string* error) {
  Argv argv(args);
  return ParseSuiteFlags(argv.argc(), argv.argv(), options, error);
}

// Parsing the single argument `arg` fails with an error that names `flag`.
void ExpectFlagError(const std::string& arg, const std::string& flag) {
  SCOPED_TRACE(arg);
  SuiteOptions options;
  std::string error;
  EXPECT_FALSE(Parse({arg}, &options, &error));
  EXPECT_NE(error.find("--xsb_" + flag), std::string::npos) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
}

TEST(ParseSuiteFlagsTest, NoArguments) {
  Argv argv({});
  SuiteOptions options;
  std::string error;
  ASSERT_TRUE(ParseSuiteFlags(argv.argc(), argv.argv(), &options, &error));
  EXPECT_EQ(*argv.argc(), 1);
  EXPECT_EQ(argv.argv()[1], nullptr);
}

TEST(ParseSuiteFlagsTest, RemovesXsbFlagsAndKeepsOthersInOrder) {
  Argv argv({"--benchmark_filter=Dual", "--xsb_backend=cpu", "positional",
             "--xsb_hp_rate=50", "--benchmark_format=json", "--xsb_seed=9",
             "--xsbnot=1", "-v"});
  SuiteOptions options;
  std::string error;
  ASSERT_TRUE(ParseSuiteFlags(argv.argc(), argv.argv(), &options, &error))
      << error;
  EXPECT_EQ(argv.Remaining(),
            (std::vector<std::string>{"--benchmark_filter=Dual", "positional",
                                      "--benchmark_format=json", "--xsbnot=1",
                                      "-v"}));
  EXPECT_EQ(*argv.argc(), 6);
  EXPECT_EQ(argv.argv()[*argv.argc()], nullptr);
  EXPECT_STREQ(argv.argv()[0], "xsb_bench");
  EXPECT_EQ(options.backend, "cpu");
  ASSERT_TRUE(options.hp_rate.has_value());
  EXPECT_EQ(*options.hp_rate, 50);
  EXPECT_EQ(options.seed, 9u);
}

TEST(ParseSuiteFlagsTest, DefaultsUntouchedWithoutFlags) {
  SuiteOptions options;
  std::string error;
  ASSERT_TRUE(Parse({"--benchmark_list_tests"}, &options, &error)) << error;
  const SuiteOptions defaults;
  EXPECT_EQ(options.backend, defaults.backend);
  EXPECT_EQ(options.scenarios, defaults.scenarios);
  EXPECT_TRUE(options.schedulers.empty());
  EXPECT_FALSE(options.hp_rate.has_value());
  EXPECT_FALSE(options.lp_batch.has_value());
  EXPECT_FALSE(options.duration_s.has_value());
  EXPECT_FALSE(options.warmup_s.has_value());
}

TEST(ParseSuiteFlagsTest, AppliesEveryKindOfFlag) {
  SuiteOptions options;
  std::string error;
  ASSERT_TRUE(Parse(
      {"--xsb_scenarios=smoke,original", "--xsb_schedulers=os-priority",
       "--xsb_standalone=false", "--xsb_lp_batch=64", "--xsb_duration_s=2.5",
       "--xsb_warmup_s=0", "--xsb_arrival=poisson", "--xsb_hp_layers=2",
       "--xsb_hp_hidden=128", "--xsb_hp_batch=3", "--xsb_hp_threads=0",
       "--xsb_lp_threads=5", "--xsb_worker=/bin/sh", "--xsb_ready_timeout_s=7"},
      &options, &error))
      << error;
  EXPECT_EQ(options.scenarios, (std::vector<std::string>{"smoke", "original"}));
  EXPECT_EQ(options.schedulers, (std::vector<std::string>{"os-priority"}));
  EXPECT_FALSE(options.standalone);
  EXPECT_EQ(options.lp_batch, 64);
  EXPECT_EQ(options.duration_s, 2.5);
  ASSERT_TRUE(options.warmup_s.has_value());
  EXPECT_EQ(*options.warmup_s, 0);
  EXPECT_EQ(options.study.arrival.process, ArrivalDistribution::kPoisson);
  EXPECT_EQ(options.hp.layers, 2);
  EXPECT_EQ(options.hp.hidden, 128);
  EXPECT_EQ(options.hp_batch, 3);
  EXPECT_EQ(options.hp.threads, 0);
  EXPECT_EQ(options.lp.threads, 5);
  EXPECT_EQ(options.worker_path, "/bin/sh");
  EXPECT_EQ(options.ready_timeout_s, 7);
}

TEST(ParseSuiteFlagsTest, LaterFlagWins) {
  SuiteOptions options;
  std::string error;
  ASSERT_TRUE(
      Parse({"--xsb_hp_rate=10", "--xsb_hp_rate=20"}, &options, &error));
  EXPECT_EQ(options.hp_rate, 20);
}

TEST(ParseSuiteFlagsTest, HpRateRejectsNonPositiveAndNonNumbers) {
  for (const char* value :
       {"0", "-1", "-0.5", "abc", "", "10x", "nan", "inf", "1e999"}) {
    ExpectFlagError(std::string("--xsb_hp_rate=") + value, "hp_rate");
  }
  SuiteOptions options;
  std::string error;
  EXPECT_TRUE(Parse({"--xsb_hp_rate=0.5"}, &options, &error)) << error;
  EXPECT_EQ(options.hp_rate, 0.5);
}

TEST(ParseSuiteFlagsTest, LpBatchRejectsNonPositiveAndNonIntegers) {
  for (const char* value : {"0", "-1", "abc", "", "1.5", "8k", "99999999999"}) {
    ExpectFlagError(std::string("--xsb_lp_batch=") + value, "lp_batch");
  }
  SuiteOptions options;
  std::string error;
  EXPECT_TRUE(Parse({"--xsb_lp_batch=1"}, &options, &error)) << error;
  EXPECT_EQ(options.lp_batch, 1);
}

TEST(ParseSuiteFlagsTest, DurationRejectsNonPositiveAndNonNumbers) {
  for (const char* value : {"0", "-1", "abc", "", "1s"}) {
    ExpectFlagError(std::string("--xsb_duration_s=") + value, "duration_s");
  }
}

TEST(ParseSuiteFlagsTest, AutoDurationWithItsBounds) {
  SuiteOptions options;
  std::string error;
  ASSERT_TRUE(Parse({"--xsb_duration_s=auto", "--xsb_min_duration_s=20",
                     "--xsb_max_duration_s=120", "--xsb_target_ci=0.1"},
                    &options, &error))
      << error;
  Scenario s = ApplyOverrides({"x", 20, 8, 180, 10}, options);
  EXPECT_TRUE(s.auto_duration);
  EXPECT_EQ(s.duration_s, 120);
  EXPECT_EQ(s.min_duration_s, 20);
  EXPECT_EQ(s.target_ci, 0.1);
  EXPECT_EQ(DurationName(s), "auto");
  // Defaults: the scenario's duration at most, 30 s at least unless the
  // scenario is shorter.
  SuiteOptions defaults;
  ASSERT_TRUE(Parse({"--xsb_duration_s=auto"}, &defaults, &error)) << error;
  s = ApplyOverrides({"x", 20, 8, 180, 10}, defaults);
  EXPECT_EQ(s.duration_s, 180);
  EXPECT_EQ(s.min_duration_s, 30);
  EXPECT_EQ(s.target_ci, 0.05);
  EXPECT_EQ(ApplyOverrides({"x", 20, 8, 4, 1}, defaults).min_duration_s, 4);
  EXPECT_EQ(DurationName(ApplyOverrides({"x", 20, 8, 60, 1}, SuiteOptions{})),
            "60");
}

TEST(ParseSuiteFlagsTest, AutoDurationFlagsAreChecked) {
  ExpectFlagError("--xsb_target_ci=0.1", "target_ci");  // without auto
  ExpectFlagError("--xsb_min_duration_s=5", "min_duration_s");
  ExpectFlagError("--xsb_max_duration_s=5", "max_duration_s");
  SuiteOptions options;
  std::string error;
  EXPECT_FALSE(Parse({"--xsb_duration_s=auto", "--xsb_min_duration_s=50",
                      "--xsb_max_duration_s=40"},
                     &options, &error));
  EXPECT_NE(error.find("--xsb_min_duration_s=50 is longer than"),
            std::string::npos)
      << error;
  for (const char* value : {"0", "1", "-0.1", "x"}) {
    ExpectFlagError(std::string("--xsb_target_ci=") + value, "target_ci");
    ExpectFlagError(std::string("--xsb_confidence=") + value, "confidence");
  }
  ExpectFlagError("--xsb_send_spin_us=-1", "send_spin_us");
}

TEST(ParseSuiteFlagsTest, RoundsFixedOrAuto) {
  SuiteOptions defaults;
  EXPECT_FALSE(defaults.rounds.automatic);
  EXPECT_EQ(defaults.rounds.rounds, 1);
  EXPECT_EQ(defaults.rounds.max_rounds, 14);
  EXPECT_FALSE(defaults.rounds.standalone_every_round);
  SuiteOptions options;
  std::string error;
  ASSERT_TRUE(Parse({"--xsb_rounds=auto", "--xsb_rounds_min=5",
                     "--xsb_rounds_max=8", "--xsb_standalone_rounds=all"},
                    &options, &error))
      << error;
  EXPECT_TRUE(options.rounds.automatic);
  EXPECT_EQ(options.rounds.min_rounds, 5);
  EXPECT_EQ(options.rounds.max_rounds, 8);
  EXPECT_TRUE(options.rounds.standalone_every_round);
  EXPECT_EQ(RoundsDescription(options.rounds), "auto");
  SuiteOptions fixed;
  ASSERT_TRUE(Parse({"--xsb_rounds=3"}, &fixed, &error)) << error;
  EXPECT_EQ(fixed.rounds.rounds, 3);
  EXPECT_EQ(RoundsDescription(fixed.rounds), "3");
}

TEST(ParseSuiteFlagsTest, RoundFlagsAreChecked) {
  for (const char* value : {"0", "-1", "x", "1001"}) {
    ExpectFlagError(std::string("--xsb_rounds=") + value, "rounds");
  }
  ExpectFlagError("--xsb_rounds_min=4", "rounds_min");  // without auto
  ExpectFlagError("--xsb_rounds_max=4", "rounds_max");
  ExpectFlagError("--xsb_standalone_rounds=some", "standalone_rounds");
  SuiteOptions options;
  std::string error;
  EXPECT_FALSE(
      Parse({"--xsb_rounds=auto", "--xsb_rounds_min=15"}, &options, &error));
  EXPECT_EQ(error,
            "--xsb_rounds_min=15 is more than --xsb_rounds_max=14 (its "
            "default)");
  EXPECT_FALSE(
      Parse({"--xsb_rounds=auto", "--xsb_rounds_min=1"}, &options, &error));
  EXPECT_NE(error.find("must be >= 2"), std::string::npos) << error;
}

TEST(TakeRepetitionsAsRoundsTest, RepetitionsMeanRounds) {
  RoundOptions rounds;
  std::string error;
  ASSERT_TRUE(TakeRepetitionsAsRounds(1, {}, &rounds, &error));
  EXPECT_EQ(rounds.rounds, 1);
  ASSERT_TRUE(TakeRepetitionsAsRounds(4, {}, &rounds, &error));
  EXPECT_EQ(rounds.rounds, 4);
  EXPECT_FALSE(rounds.automatic);
  EXPECT_FALSE(TakeRepetitionsAsRounds(3, {"rounds"}, &rounds, &error));
  EXPECT_EQ(error,
            "--benchmark_repetitions=3 and --xsb_rounds both set the rounds; "
            "give only --xsb_rounds");
  EXPECT_FALSE(TakeRepetitionsAsRounds(5000, {}, &rounds, &error));
  EXPECT_EQ(error,
            "--benchmark_repetitions: must be <= 1000 (rounds), got "
            "5000");
}

TEST(ParseSuiteFlagsTest, ConfidenceAndSpin) {
  SuiteOptions options;
  std::string error;
  EXPECT_EQ(options.confidence, 0.95);
  EXPECT_EQ(options.send_spin_us, 200);
  ASSERT_TRUE(Parse({"--xsb_confidence=0.975", "--xsb_send_spin_us=0"},
                    &options, &error))
      << error;
  EXPECT_EQ(options.confidence, 0.975);
  EXPECT_EQ(options.send_spin_us, 0);
}

TEST(ParseSuiteFlagsTest, WarmupAcceptsZeroButNotNegative) {
  SuiteOptions options;
  std::string error;
  EXPECT_TRUE(Parse({"--xsb_warmup_s=0"}, &options, &error)) << error;
  EXPECT_EQ(options.warmup_s, 0.0);
  for (const char* value : {"-1", "-0.001", "abc", ""}) {
    ExpectFlagError(std::string("--xsb_warmup_s=") + value, "warmup_s");
  }
}

TEST(ParseSuiteFlagsTest, IntegerFlagsRejectBadValues) {
  for (const char* flag :
       {"hp_layers", "hp_hidden", "hp_batch", "lp_layers", "lp_hidden"}) {
    for (const char* value : {"0", "-3", "x", ""}) {
      ExpectFlagError(std::string("--xsb_") + flag + "=" + value, flag);
    }
  }
  for (const char* flag : {"hp_threads", "lp_threads"}) {
    ExpectFlagError(std::string("--xsb_") + flag + "=-1", flag);
  }
  ExpectFlagError("--xsb_seed=-1", "seed");
  ExpectFlagError("--xsb_seed=abc", "seed");
}

TEST(ParseSuiteFlagsTest, PositiveDoubleFlagsRejectZero) {
  for (const char* flag : {"ready_timeout_s", "result_grace_s", "progress_s"}) {
    ExpectFlagError(std::string("--xsb_") + flag + "=0", flag);
    ExpectFlagError(std::string("--xsb_") + flag + "=x", flag);
  }
}

TEST(ParseSuiteFlagsTest, UnknownFlagIsAnError) {
  ExpectFlagError("--xsb_foo=1", "foo");
  ExpectFlagError("--xsb_foo", "foo");
  ExpectFlagError("--xsb_hp_rates=1", "hp_rates");
}

TEST(ParseSuiteFlagsTest, FlagWithoutValueIsAnError) {
  ExpectFlagError("--xsb_hp_rate", "hp_rate");
  ExpectFlagError("--xsb_backend", "backend");
  ExpectFlagError("--xsb_standalone", "standalone");
}

TEST(ParseSuiteFlagsTest, ArrivalSweepAndCapacityFlags) {
  SuiteOptions options;
  std::string error;
  ASSERT_TRUE(
      Parse({"--xsb_hp_arrival=gamma:cv=4", "--xsb_sweep=hp_rate:10,20,50.5"},
            &options, &error))
      << error;
  EXPECT_EQ(options.study.arrival.process, ArrivalDistribution::kGamma);
  EXPECT_EQ(options.study.arrival.cv, 4);
  ASSERT_TRUE(options.study.sweep.has_value());
  EXPECT_EQ(options.study.sweep->field, "hp_rate");
  EXPECT_EQ(options.study.sweep->values, (std::vector<double>{10, 20, 50.5}));
  Scenario smoke;
  ASSERT_TRUE(FindScenario("smoke", &smoke));
  const std::vector<Scenario> points = ScenarioPoints(smoke, options);
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(points[2].hp_rate_per_s, 50.5);
  EXPECT_EQ(points[2].lp_batch, smoke.lp_batch);

  SuiteOptions capacity;
  ASSERT_TRUE(
      Parse({"--xsb_capacity=hp", "--xsb_slo_p99_ms=20",
             "--xsb_capacity_range=50,400", "--xsb_capacity_tolerance=0.2",
             "--xsb_capacity_max_probes=6"},
            &capacity, &error))
      << error;
  EXPECT_EQ(capacity.study.capacity.tenant, "hp");
  EXPECT_EQ(*capacity.study.capacity.slo_p99_ms, 20);
  EXPECT_EQ(*capacity.study.capacity.low_rate, 50);
  EXPECT_EQ(*capacity.study.capacity.high_rate, 400);
  EXPECT_EQ(capacity.study.capacity.tolerance, 0.2);
  EXPECT_EQ(capacity.study.capacity.max_probes, 6);
}

TEST(ParseSuiteFlagsTest, BadArrivalSweepAndCapacityFlags) {
  ExpectFlagError("--xsb_hp_arrival=gamma:cv=-1", "hp_arrival");
  ExpectFlagError("--xsb_hp_arrival=replay:/no/such/log.csv", "hp_arrival");
  ExpectFlagError("--xsb_sweep=hp_layers:1,2", "sweep");
  ExpectFlagError("--xsb_sweep=hp_rate:", "sweep");
  ExpectFlagError("--xsb_sweep=hp_rate:10,10", "sweep");
  ExpectFlagError("--xsb_sweep=lp_batch:1.5", "sweep");
  ExpectFlagError("--xsb_capacity=lp", "capacity");
  ExpectFlagError("--xsb_capacity=hp", "slo_p99_ms");
  ExpectFlagError("--xsb_slo_p99_ms=5", "slo_p99_ms");
  ExpectFlagError("--xsb_capacity_range=50,10", "capacity_range");
  SuiteOptions options;
  std::string error;
  EXPECT_FALSE(Parse(
      {"--xsb_hp_arrival=onoff:burst=4,period_ms=100", "--xsb_hp_rate=10"},
      &options, &error));
  EXPECT_NE(error.find("period"), std::string::npos) << error;
  EXPECT_FALSE(Parse(
      {"--xsb_capacity=hp", "--xsb_slo_p99_ms=5", "--xsb_duration_s=auto"},
      &options, &error));
  EXPECT_NE(error.find("--xsb_capacity"), std::string::npos) << error;
  EXPECT_FALSE(Parse({"--xsb_sweep=duration_s:5,10", "--xsb_duration_s=auto"},
                     &options, &error));
  EXPECT_NE(error.find("--xsb_sweep"), std::string::npos) << error;
  EXPECT_FALSE(Parse(
      {"--xsb_capacity=hp", "--xsb_slo_p99_ms=5", "--xsb_sweep=hp_rate:1,2"},
      &options, &error));
  EXPECT_NE(error.find("apart"), std::string::npos) << error;
}

TEST(ParseSuiteFlagsTest, BadEnumValues) {
  ExpectFlagError("--xsb_backend=hip", "backend");
  ExpectFlagError("--xsb_standalone=yes", "standalone");
  ExpectFlagError("--xsb_arrival=bursty", "arrival");
  ExpectFlagError("--xsb_worker=", "worker");
}

TEST(ParseSuiteFlagsTest, WorkerMustBeAProgram) {
  // A plain file no one may execute (root neither: no x bit at all).
  char plain[] = "/tmp/xsb_worker_test_XXXXXX";
  const int fd = mkstemp(plain);
  ASSERT_GE(fd, 0);
  close(fd);
  struct Case {
    std::string path;
    std::string error;
  };
  for (const Case& c :
       {Case{"/nonexistent/xsb_worker",
             "--xsb_worker: /nonexistent/xsb_worker: no such file"},
        Case{"/", "--xsb_worker: /: is a folder, not a program"},
        Case{plain, "--xsb_worker: " + std::string(plain) +
                        ": not executable (Permission denied)"}}) {
    SCOPED_TRACE(c.path);
    SuiteOptions options;
    std::string error;
    EXPECT_FALSE(Parse({"--xsb_worker=" + c.path}, &options, &error));
    EXPECT_EQ(error, c.error);
  }
  unlink(plain);
}

TEST(ParseSuiteFlagsTest, UnknownScenarioIsAnError) {
  SuiteOptions options;
  std::string error;
  EXPECT_FALSE(Parse({"--xsb_scenarios=smoke,huge"}, &options, &error));
  EXPECT_NE(error.find("--xsb_scenarios"), std::string::npos) << error;
  EXPECT_NE(error.find("huge"), std::string::npos) << error;
  ExpectFlagError("--xsb_scenarios=", "scenarios");
  ExpectFlagError("--xsb_scenarios=,", "scenarios");
}

TEST(ParseSuiteFlagsTest, UnknownSchedulerIsAnError) {
  SuiteOptions options;
  std::string error;
  EXPECT_FALSE(
      Parse({"--xsb_schedulers=baseline,xsched-ish"}, &options, &error));
  EXPECT_NE(error.find("--xsb_schedulers"), std::string::npos) << error;
  EXPECT_NE(error.find("xsched-ish"), std::string::npos) << error;
  ExpectFlagError("--xsb_schedulers=", "schedulers");
}

TEST(ParseSuiteFlagsTest, ReportsEveryBadFlagOnALineEach) {
  Argv argv({"--keep", "--xsb_hp_rate=0", "--xsb_seed=7", "--xsb_lp_batch=0",
             "--xsb_nope=1"});
  SuiteOptions options;
  std::string error;
  EXPECT_FALSE(ParseSuiteFlags(argv.argc(), argv.argv(), &options, &error));
  EXPECT_EQ(error,
            "--xsb_hp_rate: must be > 0, got 0\n"
            "--xsb_lp_batch: must be >= 1, got 0\n"
            "unknown flag --xsb_nope (see --help)");
  EXPECT_FALSE(options.hp_rate.has_value());
  // Flags are still taken out of argv, so nothing else misreads them.
  EXPECT_EQ(*argv.argc(), 2);
  EXPECT_STREQ(argv.argv()[1], "--keep");
}

TEST(ParseSuiteFlagsTest, WatchdogAcceptsZeroAsDerived) {
  SuiteOptions options;
  std::string error;
  ASSERT_TRUE(Parse({"--xsb_watchdog_s=0"}, &options, &error)) << error;
  EXPECT_EQ(options.watchdog_s, 0);
  ASSERT_TRUE(Parse({"--xsb_watchdog_s=2.5"}, &options, &error)) << error;
  EXPECT_EQ(options.watchdog_s, 2.5);
  ExpectFlagError("--xsb_watchdog_s=-1", "watchdog_s");
}

TEST(SuiteFlagsHelpTest, ListsFlags) {
  const std::string help = SuiteFlagsHelp();
  for (const char* flag :
       {"--xsb_backend=", "--xsb_hp_rate=", "--xsb_lp_batch=",
        "--xsb_duration_s=", "--xsb_warmup_s=", "--xsb_scenarios=",
        "--xsb_schedulers="}) {
    EXPECT_NE(help.find(flag), std::string::npos) << flag;
  }
}

TEST(ApplyOverridesTest, NoOverridesKeepsScenario) {
  Scenario original;
  ASSERT_TRUE(FindScenario("original", &original));
  const Scenario s = ApplyOverrides(original, SuiteOptions{});
  EXPECT_EQ(s.name, original.name);
  EXPECT_EQ(s.hp_rate_per_s, original.hp_rate_per_s);
  EXPECT_EQ(s.lp_batch, original.lp_batch);
  EXPECT_EQ(s.duration_s, original.duration_s);
  EXPECT_EQ(s.warmup_s, original.warmup_s);
}

TEST(ApplyOverridesTest, AppliesOnlyWhatWasGiven) {
  const Scenario base{"custom", 10, 8, 60, 5};
  SuiteOptions options;
  options.hp_rate = 123;
  Scenario s = ApplyOverrides(base, options);
  EXPECT_EQ(s.name, "custom");
  EXPECT_EQ(s.hp_rate_per_s, 123);
  EXPECT_EQ(s.lp_batch, 8);
  EXPECT_EQ(s.duration_s, 60);
  EXPECT_EQ(s.warmup_s, 5);

  options = SuiteOptions{};
  options.lp_batch = 256;
  options.warmup_s = 0;  // an explicit 0 is an override, not "unset"
  s = ApplyOverrides(base, options);
  EXPECT_EQ(s.hp_rate_per_s, 10);
  EXPECT_EQ(s.lp_batch, 256);
  EXPECT_EQ(s.duration_s, 60);
  EXPECT_EQ(s.warmup_s, 0);

  options = SuiteOptions{};
  options.duration_s = 2;
  s = ApplyOverrides(base, options);
  EXPECT_EQ(s.duration_s, 2);
  EXPECT_EQ(s.warmup_s, 5);
}

TEST(ApplyOverridesTest, FromParsedFlags) {
  SuiteOptions options;
  std::string error;
  ASSERT_TRUE(
      Parse({"--xsb_duration_s=3", "--xsb_warmup_s=0.5"}, &options, &error))
      << error;
  Scenario smoke;
  ASSERT_TRUE(FindScenario("smoke", &smoke));
  const Scenario s = ApplyOverrides(smoke, options);
  EXPECT_EQ(s.hp_rate_per_s, smoke.hp_rate_per_s);
  EXPECT_EQ(s.lp_batch, smoke.lp_batch);
  EXPECT_EQ(s.duration_s, 3);
  EXPECT_EQ(s.warmup_s, 0.5);
}

}  // namespace
}  // namespace xsb

namespace xsb {
namespace {

void ExpectMessage(const std::string& arg, const std::string& message) {
  SCOPED_TRACE(arg);
  SuiteOptions options;
  std::string error;
  EXPECT_FALSE(Parse({arg}, &options, &error));
  EXPECT_NE(error.find(message), std::string::npos) << error;
}

TEST(SuiteOptionsBoundsTest, HugeRateIsRejectedBeforeTheScheduleIsBuilt) {
  ExpectMessage("--xsb_hp_rate=1e10",
                "--xsb_hp_rate: must be <= 100000 requests/s");
}

TEST(SuiteOptionsBoundsTest, OutOfRangeIntegerSaysSo) {
  ExpectMessage("--xsb_seed=99999999999", "--xsb_seed: must be <= 1000000000");
  ExpectMessage("--xsb_seed=12abc",
                "--xsb_seed: '12abc' is not a whole number");
}

// Parsing only checks: the folder is created once cases will run
// (xsb_bench_main.cc), so a run stopped by another flag leaves none.
TEST(SuiteOptionsSamplesDirTest, ParsingCreatesNoDirectory) {
  char base[] = "/tmp/suite_options_test_XXXXXX";
  ASSERT_NE(mkdtemp(base), nullptr);
  const std::string dir = std::string(base) + "/samples";
  SuiteOptions options;
  std::string error;
  EXPECT_TRUE(Parse({"--xsb_samples_dir=" + dir}, &options, &error)) << error;
  EXPECT_EQ(options.samples_dir, dir);
  EXPECT_FALSE(
      Parse({"--xsb_samples_dir=" + dir, "--xsb_hp_rate=0"}, &options, &error));
  EXPECT_NE(access(dir.c_str(), F_OK), 0) << dir << " was created";
  rmdir(dir.c_str());
  rmdir(base);
}

TEST(SuiteOptionsSamplesDirTest, BadDirectoryIsRejectedBeforeAnyCase) {
  ExpectMessage("--xsb_samples_dir=", "--xsb_samples_dir: is empty");
  ExpectMessage("--xsb_samples_dir=/proc/version",
                "--xsb_samples_dir: '/proc/version' is not a directory");
  ExpectMessage("--xsb_samples_dir=/proc/version/sub",
                "--xsb_samples_dir: cannot create '/proc/version/sub'");
}

}  // namespace
}  // namespace xsb

namespace xsb {
namespace {

TEST(MemoryLimitFlagTest, DefaultsToNoneAndTakesWholeMebibytes) {
  EXPECT_EQ(SuiteOptions{}.memory_limit_mib, 0);
  SuiteOptions options;
  std::string error;
  ASSERT_TRUE(Parse({"--xsb_memory_limit_mib=2048"}, &options, &error))
      << error;
  EXPECT_EQ(options.memory_limit_mib, 2048);
  for (const char* value : {"0", "-1", "1.5", "lots", ""}) {
    ExpectFlagError(std::string("--xsb_memory_limit_mib=") + value,
                    "memory_limit_mib");
  }
}

TEST(GivenFlagsTest, RecordsExactlyTheFlagsOnTheCommandLine) {
  SuiteOptions options;
  std::string error;
  ASSERT_TRUE(Parse({"--xsb_hp_hidden=64", "--benchmark_filter=x",
                     "--xsb_lp_layers=2", "--xsb_hp_hidden=128"},
                    &options, &error))
      << error;
  EXPECT_EQ(options.given_flags,
            (std::set<std::string>{"hp_hidden", "lp_layers"}));
  SuiteOptions none;
  ASSERT_TRUE(Parse({"--benchmark_filter=x"}, &none, &error));
  EXPECT_TRUE(none.given_flags.empty());
}

// Parsing `args` fails with exactly `expected` as the error.
void ExpectXschedError(const std::vector<std::string>& args,
                       const std::string& expected) {
  SCOPED_TRACE(args.front());
  SuiteOptions options;
  std::string error;
  EXPECT_FALSE(Parse(args, &options, &error));
  EXPECT_EQ(error, expected);
}

TEST(XschedFlagsTest, DefaultsAreXschedsOwn) {
  const XschedOptions o;
  EXPECT_EQ(o.root, "");
  EXPECT_EQ(o.server, XschedServerMode::kAuto);
  EXPECT_EQ(o.policy, "HPF");
  EXPECT_EQ(o.port, 50000);
  EXPECT_EQ(o.hp.priority, 1);
  EXPECT_EQ(o.lp.priority, 0);
  EXPECT_EQ(o.hp.level, 1);
  EXPECT_EQ(o.lp.level, 1);
  EXPECT_EQ(o.hp.threshold, 16);
  EXPECT_EQ(o.hp.batch_size, 8);
  EXPECT_EQ(o.lp_thresholds, (std::vector<int64_t>{16}));
  EXPECT_EQ(o.lp_batch_sizes, (std::vector<int64_t>{8}));
  EXPECT_FALSE(o.allow_cpu);
}

TEST(XschedFlagsTest, AppliesEveryFlagAndRemovesIt) {
  Argv argv({"--xsched_root=/opt/xsched", "--benchmark_filter=x",
             "--xsched_server=external", "--xsched_policy=PUP",
             "--xsched_port=50123", "--xsched_server_timeout_s=3",
             "--xsched_hp_priority=10", "--xsched_hp_level=2",
             "--xsched_hp_threshold=32", "--xsched_hp_batch_size=4",
             "--xsched_lp_priority=-5", "--xsched_lp_level=3",
             "--xsched_lp_thresholds=4,8,16", "--xsched_lp_batch_sizes=2,4",
             "--xsb_xsched_allow_cpu=true"});
  SuiteOptions options;
  std::string error;
  ASSERT_TRUE(ParseSuiteFlags(argv.argc(), argv.argv(), &options, &error))
      << error;
  EXPECT_EQ(argv.Remaining(),
            (std::vector<std::string>{"--benchmark_filter=x"}));
  const XschedOptions& o = options.xsched;
  EXPECT_EQ(o.root, "/opt/xsched");
  EXPECT_EQ(o.root_source, "--xsched_root");
  EXPECT_EQ(o.server, XschedServerMode::kExternal);
  EXPECT_EQ(o.policy, "PUP");
  EXPECT_EQ(o.port, 50123);
  EXPECT_EQ(o.server_timeout_s, 3);
  EXPECT_EQ(o.hp.priority, 10);
  EXPECT_EQ(o.hp.level, 2);
  EXPECT_EQ(o.hp.threshold, 32);
  EXPECT_EQ(o.hp.batch_size, 4);
  EXPECT_EQ(o.lp.priority, -5);
  EXPECT_EQ(o.lp.level, 3);
  EXPECT_EQ(o.lp_thresholds, (std::vector<int64_t>{4, 8, 16}));
  EXPECT_EQ(o.lp_batch_sizes, (std::vector<int64_t>{2, 4}));
  EXPECT_TRUE(o.allow_cpu);
}

TEST(XschedFlagsTest, SingleLpValueIsASweepOfOne) {
  SuiteOptions options;
  std::string error;
  ASSERT_TRUE(Parse({"--xsched_lp_threshold=6", "--xsched_lp_batch_size=3"},
                    &options, &error))
      << error;
  EXPECT_EQ(options.xsched.lp_thresholds, (std::vector<int64_t>{6}));
  EXPECT_EQ(options.xsched.lp_batch_sizes, (std::vector<int64_t>{3}));
}

TEST(XschedFlagsTest, BadValuesNameTheFlag) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--xsched_root=", "--xsched_root: is empty"},
      {"--xsched_server=maybe",
       "--xsched_server: 'maybe' is not auto or external"},
      {"--xsched_policy=H P F",
       "--xsched_policy: 'H P F' is not a policy name (e.g. HPF)"},
      {"--xsched_port=0", "--xsched_port: must be >= 1, got 0"},
      {"--xsched_port=65536", "--xsched_port: must be <= 65535, got 65536"},
      {"--xsched_hp_priority=256",
       "--xsched_hp_priority: must be <= 255, got 256"},
      {"--xsched_lp_priority=-257",
       "--xsched_lp_priority: must be >= -256, got -257"},
      {"--xsched_hp_level=0", "--xsched_hp_level: must be >= 1, got 0"},
      {"--xsched_lp_level=4", "--xsched_lp_level: must be <= 3, got 4"},
      {"--xsched_hp_threshold=0", "--xsched_hp_threshold: must be >= 1, got 0"},
      {"--xsched_hp_batch_size=x",
       "--xsched_hp_batch_size: 'x' is not a whole number"},
      {"--xsched_lp_thresholds=4,0",
       "--xsched_lp_thresholds: must be >= 1, got 0"},
      {"--xsched_lp_batch_sizes=,", "--xsched_lp_batch_sizes: names no value"},
      {"--xsched_server_timeout_s=0",
       "--xsched_server_timeout_s: must be > 0, got 0"},
      {"--xsched_nope=1", "unknown flag --xsched_nope (see --help)"},
      {"--xsched_port",
       "--xsched_port needs a value: --xsched_port=N in [1, 65535]"},
      {"--xsb_xsched_allow_cpu=yes",
       "--xsb_xsched_allow_cpu: 'yes' is not true or false"},
  };
  for (const auto& [arg, expected] : cases) ExpectXschedError({arg}, expected);
}

TEST(XschedFlagsTest, RepeatedSweepValuesAreRejected) {
  // Two cases of one name would pass for repetitions of one.
  ExpectXschedError({"--xsched_lp_thresholds=8,8"},
                    "--xsched_lp_thresholds: 8 appears twice");
  ExpectXschedError({"--xsched_lp_thresholds=4,8,08"},
                    "--xsched_lp_thresholds: 8 appears twice");
  ExpectXschedError({"--xsched_lp_batch_sizes=2,4,2,2"},
                    "--xsched_lp_batch_sizes: 2 appears 3 times");
  ExpectXschedError({"--xsched_lp_threshold=16,16"},
                    "--xsched_lp_threshold: 16 appears twice");
  ExpectXschedError({"--xsb_scenarios=smoke,original,smoke"},
                    "--xsb_scenarios: 'smoke' appears twice");
  ExpectXschedError({"--xsb_schedulers=xsched,baseline,xsched"},
                    "--xsb_schedulers: 'xsched' appears twice");
}

TEST(XschedLevelsTest, HipRunsLevelOneOnly) {
  XschedOptions o;
  std::string error;
  EXPECT_TRUE(CheckXschedLevels(o, Backend::kHip, &error));
  EXPECT_EQ(error, "");
  o.hp.level = 2;
  o.lp.level = 3;
  EXPECT_FALSE(CheckXschedLevels(o, Backend::kHip, &error));
  EXPECT_EQ(error,
            "--xsched_hp_level=2: XSched's HIP shim supports preemption level "
            "1 only, and this run is on the hip backend\n"
            "--xsched_lp_level=3: XSched's HIP shim supports preemption level "
            "1 only, and this run is on the hip backend");
  o.hp.level = 1;
  EXPECT_FALSE(CheckXschedLevels(o, Backend::kHip, &error));
  EXPECT_EQ(error.rfind("--xsched_lp_level=3: ", 0), 0u) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
}

TEST(XschedLevelsTest, CudaAndCpuKeepEveryLevel) {
  // NVIDIA GPUs before Hopper have levels 2 and 3; the CPU backend's
  // test-only runs schedule nothing.
  XschedOptions o;
  o.hp.level = 3;
  o.lp.level = 2;
  for (Backend backend : {Backend::kCuda, Backend::kCpu}) {
    std::string error = "stale";
    EXPECT_TRUE(CheckXschedLevels(o, backend, &error)) << BackendName(backend);
    EXPECT_EQ(error, "") << BackendName(backend);
  }
}

TEST(XschedFlagsTest, ContradictionsAreRejected) {
  ExpectXschedError(
      {"--xsched_hp_threshold=8", "--xsched_hp_batch_size=16"},
      "--xsched_hp_batch_size=16 is above --xsched_hp_threshold=8 "
      "(XSched requires batch size <= threshold)");
  ExpectXschedError({"--xsched_lp_thresholds=2,4", "--xsched_lp_batch_sizes=8"},
                    "no --xsched_lp_batch_sizes value is <= a "
                    "--xsched_lp_thresholds value (XSched requires batch size "
                    "<= threshold)");
  ExpectXschedError(
      {"--xsched_hp_priority=0"},
      "--xsched_hp_priority=0 must be above --xsched_lp_priority=0 "
      "(XSched's HPF policy runs the higher priority first)");
}

TEST(XschedFlagsTest, EveryBadValueOfBothFamiliesIsReported) {
  // Contradictions wait until every value is valid alone.
  ExpectXschedError(
      {"--xsched_port=0", "--xsb_hp_rate=0", "--xsched_hp_priority=0"},
      "--xsched_port: must be >= 1, got 0\n"
      "--xsb_hp_rate: must be > 0, got 0");
}

TEST(XschedLpSweepTest, PairsEachThresholdWithEachBatchSizeThatFits) {
  XschedOptions o;
  o.lp_thresholds = {4, 8, 16};
  o.lp_batch_sizes = {2, 4, 8};
  std::vector<std::string> left_out;
  const std::vector<XschedSweepPoint> sweep = XschedLpSweep(o, &left_out);
  std::vector<std::pair<int64_t, int64_t>> pairs;
  for (const XschedSweepPoint& p : sweep)
    pairs.push_back({p.threshold, p.batch_size});
  EXPECT_EQ(
      pairs,
      (std::vector<std::pair<int64_t, int64_t>>{
          {4, 2}, {4, 4}, {8, 2}, {8, 4}, {8, 8}, {16, 2}, {16, 4}, {16, 8}}));
  EXPECT_EQ(left_out,
            (std::vector<std::string>{"lp_threshold:4/lp_batch_size:8"}));
}

TEST(XschedLpSweepTest, DefaultIsOnePoint) {
  std::vector<std::string> left_out;
  const std::vector<XschedSweepPoint> sweep =
      XschedLpSweep(XschedOptions{}, &left_out);
  ASSERT_EQ(sweep.size(), 1u);
  EXPECT_EQ(sweep[0].threshold, 16);
  EXPECT_EQ(sweep[0].batch_size, 8);
  EXPECT_TRUE(left_out.empty());
}

TEST(XschedRootFallbackTest, EnvironmentOnlyWithoutTheFlag) {
  XschedOptions o;
  ApplyXschedRootFallback(nullptr, &o);
  EXPECT_EQ(o.root, "");
  ApplyXschedRootFallback("", &o);
  EXPECT_EQ(o.root, "");
  ApplyXschedRootFallback("/env/xsched", &o);
  EXPECT_EQ(o.root, "/env/xsched");
  EXPECT_EQ(o.root_source, "XSCHED_ROOT");
  XschedOptions flagged;
  flagged.root = "/flag/xsched";
  ApplyXschedRootFallback("/env/xsched", &flagged);
  EXPECT_EQ(flagged.root, "/flag/xsched");
  EXPECT_EQ(flagged.root_source, "--xsched_root");
}

TEST(SuiteFlagsHelpTest, ListsXschedFlags) {
  const std::string help = SuiteFlagsHelp();
  for (const char* flag :
       {"--xsched_root=", "--xsched_server=", "--xsched_policy=",
        "--xsched_port=", "--xsched_hp_priority=", "--xsched_lp_level=",
        "--xsched_hp_threshold=", "--xsched_lp_batch_size=",
        "--xsched_lp_thresholds=", "--xsched_lp_batch_sizes=",
        "--xsb_xsched_allow_cpu="}) {
    EXPECT_NE(help.find(flag), std::string::npos) << flag;
  }
}

TEST(WarmupDescriptionTest, OneValueWhenTheScenariosAgree) {
  SuiteOptions options;
  options.scenarios = {"smoke"};
  EXPECT_EQ(WarmupDescription(options), "1");
  options.scenarios = {"original", "smoke"};
  options.warmup_s = 0;
  EXPECT_EQ(WarmupDescription(options), "0");
}

TEST(WarmupDescriptionTest, EachScenarioWhenTheyDiffer) {
  SuiteOptions options;
  options.scenarios = {"smoke", "original"};
  EXPECT_EQ(WarmupDescription(options), "smoke:1,original:5");
}

}  // namespace
}  // namespace xsb

namespace xsb {
namespace {

// --xsb_{hp,lp}_model override every scenario's choice, "mlp" included.
TEST(ModelFlagTest, GivenModelOverridesTheScenario) {
  const std::string path = ::testing::TempDir() + "/model_flag_trace.json";
  {
    std::ofstream f(path);
    f << R"({"kernels": [{"name": "k", "duration_us": 250}]})";
  }
  SuiteOptions options;
  std::string error;
  ASSERT_TRUE(Parse({"--xsb_hp_model=mlp", "--xsb_lp_model=trace:" + path,
                     "--xsb_scenarios=trace-resnet"},
                    &options, &error))
      << error;
  Scenario scenario;
  ASSERT_TRUE(FindScenario("trace-resnet", &scenario));
  RoleModel hp, lp;
  ASSERT_TRUE(ResolveRoleModel(scenario, WorkerRole::kHp, options.hp_model, &hp,
                               &error))
      << error;
  ASSERT_TRUE(ResolveRoleModel(scenario, WorkerRole::kLp, options.lp_model, &lp,
                               &error))
      << error;
  EXPECT_EQ(hp.trace_path, "") << "mlp, not the scenario's resnet trace";
  EXPECT_EQ(lp.trace_path, path);
  EXPECT_EQ(lp.description,
            "model_flag_trace.json (xsb-trace): 1 kernel + 0 copies, 0.250 ms "
            "GPU + 0.000 ms host gaps = 0.250 ms a pass");
}

TEST(ModelFlagTest, MissingExampleTraceIsOneLineWithTheRemedy) {
  Scenario scenario{"x", 1, 1, 1, 0, "no_such_example.json", ""};
  RoleModel model;
  std::string error;
  EXPECT_FALSE(
      ResolveRoleModel(scenario, WorkerRole::kHp, RoleModel{}, &model, &error));
  EXPECT_NE(error.find("scenario x: "), std::string::npos) << error;
  EXPECT_NE(error.find("no_such_example.json: cannot read the trace file"),
            std::string::npos)
      << error;
  EXPECT_EQ(error.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace xsb
