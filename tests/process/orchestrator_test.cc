// RunScenario's phases against real and misbehaving workers: each failure is
// one line naming the worker, arrives within its phase timeout, and leaves
// no process behind.
#include "bench/orchestrate/orchestrator.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/measure/adaptive_window.h"
#include "bench/measure/window_stats.h"
#include "bench/orchestrate/hp_capacity.h"
#include "bench/orchestrate/interrupt.h"
#include "bench/orchestrate/worker_channel.h"
#include "shim_env/base/monotonic_time.h"
#include "tests/fakes/process_table.h"
#include "tests/fakes/time_scale.h"

namespace xsb {
namespace {

WorkerSpec Spec(WorkerRole role, const std::string& fake_mode,
                const std::string& pid_file) {
  WorkerSpec spec;
  spec.config.role = role;
  spec.config.shape = {2, 64, role == WorkerRole::kHp ? 1 : 4};
  spec.config.rate_per_s = 100;
  spec.config.host_threads = 1;
  spec.config.progress_interval_s = 0.1;
  if (!fake_mode.empty()) {
    spec.launch.env = {{"XSB_FAKE_MODE", fake_mode},
                       {"XSB_FAKE_PID_FILE", pid_file}};
  }
  return spec;
}

class OrchestratorTest : public ::testing::Test {
 protected:
  // Far longer than a healthy worker takes to report ready, far shorter
  // than the test's ctest timeout.
  static constexpr double kPatientS = 30;

  void SetUp() override {
    char name[] = "/tmp/xsb_orchestrator_test_XXXXXX";
    const int fd = mkstemp(name);
    ASSERT_GE(fd, 0);
    close(fd);
    pid_file_ = name;
  }
  void TearDown() override { std::remove(pid_file_.c_str()); }

  // Runs a plan whose HP worker misbehaves as `hp_mode` and whose LP worker
  // as `lp_mode`; returns the error and checks no worker outlived the run.
  // `ready_s`, `grace_s`: short only where that phase's timeout is what is
  // tested; elsewhere long enough for a worker on a loaded machine.
  std::string RunFaulty(const std::string& hp_mode, const std::string& lp_mode,
                        double* seconds, double ready_s = kPatientS,
                        double grace_s = kPatientS) {
    ScenarioPlan plan;
    plan.name = "fault";
    plan.workers = {Spec(WorkerRole::kHp, hp_mode, pid_file_),
                    Spec(WorkerRole::kLp, lp_mode, pid_file_)};
    plan.duration_s = 0.3;
    plan.timeouts.ready_s = ready_s;
    plan.timeouts.result_grace_s = grace_s;
    ScenarioReport report;
    std::string error;
    const auto begin = std::chrono::steady_clock::now();
    EXPECT_FALSE(RunScenario(XSB_FAKE_WORKER, plan, &report, &error));
    *seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin)
            .count();
    // A worker may be stopped before it got to write its pid; those that
    // did must be gone, and no child of ours may be left, zombie or not.
    for (pid_t pid : ReadPids(pid_file_)) {
      EXPECT_TRUE(ProcessIsGone(pid)) << "pid " << pid;
    }
    EXPECT_TRUE(ChildrenOf(getpid()).empty());
    return error;
  }

  std::string pid_file_;
};

TEST_F(OrchestratorTest, RealWorkersCompleteAShortScenario) {
  ScenarioPlan plan;
  plan.name = "short";
  plan.workers = {Spec(WorkerRole::kHp, "", ""), Spec(WorkerRole::kLp, "", "")};
  plan.warmup_s = 0.1;
  plan.duration_s = 0.5;
  ScenarioReport report;
  std::string error;
  ASSERT_TRUE(RunScenario(XSB_WORKER, plan, &report, &error)) << error;
  ASSERT_EQ(report.workers.size(), 2u);
  EXPECT_EQ(report.window.begin_ns, report.t0_ns + 100'000'000);
  EXPECT_EQ(report.window.end_ns - report.window.begin_ns, 500'000'000);
  const HpStats hp =
      SummarizeHp(report.workers[0].result.requests, report.window);
  EXPECT_EQ(hp.requests, 50);  // 100 req/s over 0.5 s, uniform
  EXPECT_GT(hp.latency.p50_ns, 0);
  const LpStats lp =
      SummarizeLp(report.workers[1].result.completions_ns, report.window, 4);
  EXPECT_GT(lp.iterations, 0);
  // LP keeps its load on until HP has finished, so the last HP request met
  // contention too.
  EXPECT_GE(report.workers[1].result.completions_ns.back(),
            report.workers[0].result.requests.back().completed_ns);
  EXPECT_EQ(report.workers[1].ready.device.backend, Backend::kCpu);
  EXPECT_GT(report.workers[0].ready.forward_ms, 0);
}

// The noise monitor's hook: called once at the window's start and once at
// its end, in that order, each at or after its edge, with the workers' pids.
TEST_F(OrchestratorTest, WindowEdgesAreReportedOnceEachWithTheWorkers) {
  ScenarioPlan plan;
  plan.name = "edges";
  plan.workers = {Spec(WorkerRole::kHp, "", ""), Spec(WorkerRole::kLp, "", "")};
  plan.warmup_s = 0.1;
  plan.duration_s = 0.3;
  struct Call {
    WindowEdge edge;
    std::vector<int64_t> pids;
    int64_t now_ns;
  };
  std::vector<Call> calls;
  plan.on_window_edge = [&calls](WindowEdge edge,
                                 const std::vector<int64_t>& pids,
                                 int64_t now_ns) {
    calls.push_back({edge, pids, now_ns});
  };
  ScenarioReport report;
  std::string error;
  ASSERT_TRUE(RunScenario(XSB_WORKER, plan, &report, &error)) << error;
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].edge, WindowEdge::kStart);
  EXPECT_EQ(calls[1].edge, WindowEdge::kEnd);
  EXPECT_GE(calls[0].now_ns, report.window.begin_ns);
  EXPECT_LT(calls[0].now_ns, report.window.end_ns);
  EXPECT_GE(calls[1].now_ns, report.window.end_ns);
  const std::vector<int64_t> pids = {report.workers[0].ready.pid,
                                     report.workers[1].ready.pid};
  EXPECT_EQ(calls[0].pids, pids);
  EXPECT_EQ(calls[1].pids, pids);
}

// --xsb_duration_s=auto with real workers: a target any valid P99 meets
// ends the window soon after the minimum, for both workers, and the
// counters' window is the shortened one.
TEST_F(OrchestratorTest, AdaptiveWindowEndsEarlyOnceTheRuleHolds) {
  ScenarioPlan plan;
  plan.name = "adaptive";
  plan.workers = {Spec(WorkerRole::kHp, "", ""), Spec(WorkerRole::kLp, "", "")};
  for (WorkerSpec& worker : plan.workers) {
    worker.config.rate_per_s = 800;  // 368 requests (a valid P99) by 0.46 s
    worker.config.stream_samples = true;
  }
  plan.warmup_s = 0.1;
  plan.duration_s = 30;
  plan.adaptive = {true, 0.5, 0.99, 0.95};
  int64_t window_end_seen_ns = 0;
  plan.on_window_edge = [&](WindowEdge edge, const std::vector<int64_t>&,
                            int64_t now_ns) {
    if (edge == WindowEdge::kEnd) window_end_seen_ns = now_ns;
  };
  ScenarioReport report;
  std::string error;
  const auto begin = std::chrono::steady_clock::now();
  ASSERT_TRUE(RunScenario(XSB_WORKER, plan, &report, &error)) << error;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin)
          .count();
  EXPECT_TRUE(report.ended_early);
  EXPECT_NE(report.end_reason.find("ended early: HP P99 interval"),
            std::string::npos)
      << report.end_reason;
  // The level of the look that ended it: above the plan's 95 %, whose
  // alpha the looks share.
  EXPECT_GT(report.interval_confidence, 0.95);
  EXPECT_LT(report.interval_confidence, 1);
  EXPECT_GE(report.window.seconds(), 0.5);
  EXPECT_LT(report.window.seconds(), 10);
  EXPECT_LT(seconds, 20);  // not the 30 s window
  // The noise monitor's window ends with the shortened one.
  EXPECT_GE(window_end_seen_ns, report.window.end_ns);
  EXPECT_LT(window_end_seen_ns, report.t0_ns + 20 * kNsPerSecond);
  // HP sent nothing due after the new end (it learns of it within one
  // progress interval, 0.1 s), and both workers' samples reach past it.
  const auto& requests = report.workers[0].result.requests;
  EXPECT_LT(requests.back().scheduled_ns, report.window.end_ns + 1'000'000'000);
  EXPECT_GE(report.workers[1].result.completions_ns.back(),
            report.window.end_ns);
  const HpStats hp = SummarizeHp(requests, report.window);
  EXPECT_TRUE(hp.p99.valid);
}

// Whether a rule looking from 0 s (no minimum) would have ended this run's
// window before `before_s`: each look judged on the requests completed by
// then, the others pending.
bool RuleWithoutMinimumHoldsBefore(const ScenarioReport& report,
                                   const ScenarioPlan& plan, double before_s) {
  const AdaptiveStopRule rule(0, plan.duration_s, plan.adaptive.confidence,
                              plan.adaptive.target_ci);
  const std::vector<RequestTiming>& requests =
      report.workers[0].result.requests;
  std::vector<int64_t> scheduled;
  for (const RequestTiming& r : requests) scheduled.push_back(r.scheduled_ns);
  const int64_t begin = report.window.begin_ns;
  for (int j = 0; j + 1 < rule.looks() && rule.LookAtS(j) < before_s; ++j) {
    const int64_t at = begin + static_cast<int64_t>(rule.LookAtS(j) * 1e9);
    std::vector<RequestTiming> done;
    for (const RequestTiming& r : requests) {
      if (r.completed_ns <= at) done.push_back(r);
    }
    if (rule.JudgeHp(j, LatenciesAtLook(scheduled, done, begin, at, at))
            .narrow) {
      return true;
    }
  }
  return false;
}

// The minimum duration holds even where the rule is met long before it:
// at 2000 requests/s the rule without a minimum ends the window by 2 s;
// with a 3 s minimum the first look, and so the end, is at 3 s.
TEST_F(OrchestratorTest, AdaptiveWindowWaitsForItsMinimum) {
  ScenarioPlan plan;
  plan.name = "adaptive";
  plan.workers = {Spec(WorkerRole::kHp, "", "")};
  plan.workers[0].config.rate_per_s = 2000;
  plan.workers[0].config.stream_samples = true;
  plan.warmup_s = 0.1;
  plan.duration_s = 4;
  plan.adaptive = {true, 3, 0.99, 0.95};
  ScenarioReport report;
  std::string error;
  ASSERT_TRUE(RunScenario(XSB_WORKER, plan, &report, &error)) << error;
  // On a busy machine (both cores taken by other work) a stall can keep
  // even this lax target unmet until late: then the run says nothing about
  // the minimum. Without the minimum the rule ends the window before 3 s
  // (it held then), so the check below still fails for that bug.
  if (!report.ended_early || !RuleWithoutMinimumHoldsBefore(report, plan, 3)) {
    GTEST_SKIP() << "the rule did not hold before the minimum on this "
                    "machine (busy?), nothing to check: "
                 << report.end_reason;
  }
  EXPECT_EQ(report.window.end_ns - report.window.begin_ns, 3'000'000'000)
      << report.end_reason;
  EXPECT_NE(report.end_reason.find("at look 1/2"), std::string::npos)
      << report.end_reason;
}

// Without a target it can meet, the window lasts its longest and says so.
TEST_F(OrchestratorTest, AdaptiveWindowRunsItsLongestOtherwise) {
  ScenarioPlan plan;
  plan.name = "adaptive";
  plan.workers = {Spec(WorkerRole::kHp, "", "")};
  plan.workers[0].config.stream_samples = true;
  plan.warmup_s = 0.1;
  plan.duration_s = 0.5;
  plan.adaptive = {true, 0.2, 1e-9, 0.95};
  ScenarioReport report;
  std::string error;
  ASSERT_TRUE(RunScenario(XSB_WORKER, plan, &report, &error)) << error;
  EXPECT_FALSE(report.ended_early);
  EXPECT_EQ(report.window.end_ns - report.window.begin_ns, 500'000'000);
  // 50 requests: no valid P99 interval at all. Less than a second
  // between the shortest and the longest window: one look, at 95 %.
  EXPECT_EQ(report.end_reason,
            "ran its longest: HP P99 interval +/-(none) at look 1/1 (95 %) "
            "> 0 %");
  EXPECT_DOUBLE_EQ(report.interval_confidence, 0.95);
}

TEST_F(OrchestratorTest, WorkerThatNeverAnswersTimesOutInTheReadyPhase) {
  double seconds = 0;
  const std::string error = RunFaulty("silent", "silent", &seconds, 0.5);
  EXPECT_EQ(error,
            "hp worker sent no ready message within 0.5 s and was stopped")
      << error;
  EXPECT_LT(seconds, 5 * TestTimeScale());
}

TEST_F(OrchestratorTest, CrashBeforeReadyNamesExitCodeAndStderr) {
  double seconds = 0;
  const std::string error = RunFaulty("no_result", "crash", &seconds);
  EXPECT_NE(error.find("lp worker ended before its ready message"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("exited with code 3"), std::string::npos) << error;
  EXPECT_NE(error.find("cannot open the device"), std::string::npos) << error;
}

TEST_F(OrchestratorTest, GarbageOnStdoutIsAProtocolError) {
  double seconds = 0;
  const std::string error = RunFaulty("garbage", "silent", &seconds);
  EXPECT_NE(error.find("hp worker broke the protocol: not a JSON object"),
            std::string::npos)
      << error;
}

TEST_F(OrchestratorTest, MessageOutOfOrderIsAProtocolError) {
  double seconds = 0;
  const std::string error = RunFaulty("wrong_message", "silent", &seconds);
  EXPECT_EQ(error, "hp worker sent progress where ready was due") << error;
}

TEST_F(OrchestratorTest, WorkerErrorMessageIsPassedOn) {
  double seconds = 0;
  const std::string error = RunFaulty("no_result", "error_message", &seconds);
  EXPECT_EQ(error,
            "lp worker failed: LP batch needs 9 GiB, 2 GiB are free; it exited "
            "with code 1");
}

TEST_F(OrchestratorTest, DeathDuringTheRunNamesTheSignal) {
  double seconds = 0;
  const std::string error = RunFaulty("no_result", "die_after_start", &seconds);
  EXPECT_NE(error.find("lp worker ended before its result: it was killed by "
                       "signal 9"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("about to be killed"), std::string::npos) << error;
}

TEST_F(OrchestratorTest, MissingResultTimesOutAfterTheGracePeriod) {
  double seconds = 0;
  const std::string error =
      RunFaulty("no_result", "no_result", &seconds, kPatientS, 0.5);
  EXPECT_NE(error.find("hp worker sent no result within"), std::string::npos)
      << error;
  // duration 0.3 s + grace 0.5 s + 20 x 0.1 ms forward: well under 5 s.
  EXPECT_LT(seconds, 5 * TestTimeScale());
}

TEST_F(OrchestratorTest, StandaloneLpStopsRightAfterTheWindow) {
  ScenarioPlan plan;
  plan.workers = {Spec(WorkerRole::kLp, "", "")};
  plan.duration_s = 0.3;
  ScenarioReport report;
  std::string error;
  const auto begin = std::chrono::steady_clock::now();
  ASSERT_TRUE(RunScenario(XSB_WORKER, plan, &report, &error)) << error;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin)
          .count();
  EXPECT_LT(seconds, 5 * TestTimeScale())
      << "the LP worker waited for a stop that never came";
}

TEST_F(OrchestratorTest, WorkerLoggingAfterItsResultIsNotAHang) {
  ScenarioPlan plan;
  plan.workers = {Spec(WorkerRole::kHp, "chatty_exit", pid_file_),
                  Spec(WorkerRole::kLp, "chatty_exit", pid_file_)};
  plan.duration_s = 0.2;
  ScenarioReport report;
  std::string error;
  EXPECT_TRUE(RunScenario(XSB_FAKE_WORKER, plan, &report, &error)) << error;
  EXPECT_TRUE(ChildrenOf(getpid()).empty());
}

TEST_F(OrchestratorTest, FailureAfterTheResultNamesStatusAndStderr) {
  double seconds = 0;
  const std::string error =
      RunFaulty("fail_after_result", "fail_after_result", &seconds);
  EXPECT_EQ(error,
            "hp worker exited with code 4 after sending its result; stderr: "
            "fake worker: fatal: device lost");
}

TEST_F(OrchestratorTest, HungWorkerIsStoppedByTheWatchdog) {
  ScenarioPlan plan;
  plan.name = "hang";
  plan.workers = {Spec(WorkerRole::kHp, "hang_after_start", pid_file_),
                  Spec(WorkerRole::kLp, "no_result", pid_file_)};
  plan.duration_s = 30;  // the watchdog must fire long before the window ends
  plan.timeouts.watchdog_s = 0.5;
  ScenarioReport report;
  std::string error;
  const auto begin = std::chrono::steady_clock::now();
  EXPECT_FALSE(RunScenario(XSB_FAKE_WORKER, plan, &report, &error));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin)
          .count();
  EXPECT_EQ(error.rfind("hp worker made no progress for 0.5 s (watchdog", 0),
            0u)
      << error;
  // The window alone lasts 30 s.
  EXPECT_LT(seconds, std::min(5 * TestTimeScale(), 20.0));
  for (pid_t pid : ReadPids(pid_file_)) {
    EXPECT_TRUE(ProcessIsGone(pid)) << "pid " << pid;
  }
  EXPECT_TRUE(ChildrenOf(getpid()).empty());
}

TEST_F(OrchestratorTest, InterruptEndsTheRunAndStopsEveryWorker) {
  SetInterruptSignalForTesting(SIGINT);
  double seconds = 0;
  const std::string error = RunFaulty("silent", "silent", &seconds);
  SetInterruptSignalForTesting(0);
  EXPECT_EQ(error, "interrupted by SIGINT");
  // The ready timeout alone is 30 s.
  EXPECT_LT(seconds, std::min(2 * TestTimeScale(), 20.0));
}

TEST(WatchdogSecondsTest, DerivedFromDurationForwardTimeAndRate) {
  ScenarioPlan plan;
  plan.duration_s = 60;
  EXPECT_DOUBLE_EQ(WatchdogSeconds(plan, 0), 10);
  plan.duration_s = 180;
  EXPECT_DOUBLE_EQ(WatchdogSeconds(plan, 0), 18);
  // 20 LP iterations of 50 ms, two HP intervals at 10 req/s.
  WorkerSpec hp;
  hp.config.rate_per_s = 10;
  plan.workers = {hp};
  EXPECT_DOUBLE_EQ(WatchdogSeconds(plan, 50), 18 + 1 + 0.2);
  plan.timeouts.watchdog_s = 3;
  EXPECT_DOUBLE_EQ(WatchdogSeconds(plan, 50), 3);
}

WorkerReport ReadyWorker(WorkerRole role, double forward_ms) {
  WorkerReport report;
  report.role = role;
  report.ready.forward_ms = forward_ms;
  return report;
}

// LP reports only after an iteration: a watchdog shorter than two of them
// would kill a healthy LP worker, so the case fails before it starts.
// The error CheckExplicitWatchdog reports; "" when the watchdog is fine.
std::string WatchdogError(const ScenarioPlan& plan,
                          const std::vector<WorkerReport>& workers) {
  std::string error;
  return CheckExplicitWatchdog(plan, workers, &error) ? "" : error;
}

TEST(CheckExplicitWatchdogTest, ShorterThanTwoPassesOfTheSlowestFails) {
  ScenarioPlan plan;
  const std::vector<WorkerReport> workers = {
      ReadyWorker(WorkerRole::kHp, 2), ReadyWorker(WorkerRole::kLp, 3000)};
  EXPECT_EQ(WatchdogError(plan, workers), "") << "derived: no check";
  plan.timeouts.watchdog_s = 6;
  EXPECT_EQ(WatchdogError(plan, workers), "");
  plan.timeouts.watchdog_s = 5;
  EXPECT_EQ(WatchdogError(plan, workers),
            "--xsb_watchdog_s=5 is shorter than 2 standalone forward passes "
            "of the lp worker (3 s each), which reports progress only after "
            "a pass; choose at least 20 passes (60 s), or 0 to derive it");
  EXPECT_EQ(WatchdogError(plan, {}), "");
}

// An HP model whose standalone pass is longer than the interval between
// its requests cannot keep up even alone: refused with the numbers, and
// with what to change for what it runs.
TEST(CheckHpKeepsUpTest, PassLongerThanTheArrivalIntervalFails) {
  ScenarioPlan plan;
  plan.workers = {Spec(WorkerRole::kHp, "", ""), Spec(WorkerRole::kLp, "", "")};
  plan.workers[0].config.rate_per_s = 200;
  std::vector<WorkerReport> workers(2);
  workers[0].ready.forward_ms = 4.9;
  workers[1].ready.forward_ms = 5000;  // LP has no rate to keep up with
  std::string error;
  EXPECT_TRUE(CheckHpKeepsUp(plan, workers, &error)) << error;
  workers[0].ready.forward_ms = 429;
  plan.workers[0].config.trace_path = "/t/run.csv";
  EXPECT_FALSE(CheckHpKeepsUp(plan, workers, &error));
  EXPECT_EQ(error,
            "hp worker cannot keep up: one request takes 429 ms standalone "
            "(measured before the window), but at 200 req/s one is due every "
            "5 ms, so requests would queue and latency grow for the whole "
            "window; lower --xsb_hp_rate below 2.33 req/s, or replay a trace "
            "of one request (cut the CSV to one request's rows)");
  plan.workers[0].config.trace_path = "";
  workers[0].ready.forward_ms = 5;  // exactly the interval: no slack at all
  EXPECT_FALSE(CheckHpKeepsUp(plan, workers, &error));
  EXPECT_NE(error.find("or choose a smaller HP model (--xsb_hp_layers, "
                       "--xsb_hp_hidden)"),
            std::string::npos)
      << error;
}

TEST_F(OrchestratorTest, TooShortWatchdogFailsTheCaseBeforeItStarts) {
  ScenarioPlan plan;
  // The fake workers' passes take 0.1 ms; they would hang if started.
  plan.workers = {Spec(WorkerRole::kHp, "hang_after_start", pid_file_),
                  Spec(WorkerRole::kLp, "hang_after_start", pid_file_)};
  plan.duration_s = 30;
  plan.timeouts.watchdog_s = 0.0001;
  ScenarioReport report;
  std::string error;
  EXPECT_FALSE(RunScenario(XSB_FAKE_WORKER, plan, &report, &error));
  EXPECT_EQ(error.rfind("--xsb_watchdog_s=0.0001 is shorter than 2 standalone "
                        "forward passes of the hp worker (0.0001 s each)",
                        0),
            0u)
      << error;
  for (pid_t pid : ReadPids(pid_file_)) {
    EXPECT_TRUE(ProcessIsGone(pid)) << "pid " << pid;
  }
  EXPECT_TRUE(ChildrenOf(getpid()).empty());
}

TEST_F(OrchestratorTest, SecondReadyIsAProtocolError) {
  double seconds = 0;
  const std::string error = RunFaulty("second_ready", "silent", &seconds);
  EXPECT_EQ(error, "hp worker sent a second ready message") << error;
}

TEST_F(OrchestratorTest, MissingWorkerProgramIsReported) {
  ScenarioPlan plan;
  plan.workers = {Spec(WorkerRole::kHp, "", "")};
  ScenarioReport report;
  std::string error;
  EXPECT_FALSE(RunScenario("/nonexistent/xsb_worker", plan, &report, &error));
  EXPECT_EQ(error,
            "hp worker: cannot run /nonexistent/xsb_worker: No such file or "
            "directory");
}

// This test binary leaves SIGPIPE at its default action, which kills a
// process that writes to a pipe nobody reads.
TEST(WorkerChannelTest, SendingToAnExitedWorkerIsAnErrorNotSigpipe) {
  std::string error;
  auto channel = WorkerChannel::Start(
      "lp worker", "/bin/sh", {"-c", "echo gone >&2; exit 5"}, {}, &error);
  ASSERT_NE(channel, nullptr) << error;
  ASSERT_TRUE(channel->process().WaitForExit(10'000'000'000));
  EXPECT_FALSE(channel->Send(StopMessage{}, &error));
  EXPECT_EQ(error,
            "lp worker stopped reading its stop message (Broken pipe); it "
            "exited with code 5; stderr: gone");
}

// LP may send its result and exit before xsb_bench sends it the stop
// message; the failed write must not swallow that result.
TEST(WorkerChannelTest, AFailedSendKeepsUnreadLines) {
  std::string error;
  auto channel = WorkerChannel::Start(
      "lp worker", "/bin/sh",
      {"-c", "echo '{\"type\":\"progress\",\"completed\":7}'; exit 0"}, {},
      &error);
  ASSERT_NE(channel, nullptr) << error;
  ASSERT_TRUE(channel->process().WaitForExit(10'000'000'000));
  EXPECT_FALSE(channel->Send(StopMessage{}, &error));
  std::string line;
  ASSERT_TRUE(channel->NextLine(&line));
  EXPECT_EQ(line, "{\"type\":\"progress\",\"completed\":7}");
  EXPECT_FALSE(channel->NextLine(&line));
}

TEST(ProbeBackendTest, RealWorkerReportsTheCpu) {
  ReadyMessage device;
  std::string error;
  ASSERT_TRUE(ProbeBackend(XSB_WORKER, "cpu", 30, &device, &error)) << error;
  EXPECT_EQ(device.device.backend, Backend::kCpu);
  EXPECT_GT(device.device.compute_units, 0);
}

TEST(ProbeBackendTest, UnknownBackendIsAnError) {
  ReadyMessage device;
  std::string error;
  EXPECT_FALSE(ProbeBackend(XSB_WORKER, "tpu", 30, &device, &error));
  EXPECT_NE(error.find("unknown backend 'tpu'"), std::string::npos) << error;
}

}  // namespace
}  // namespace xsb
