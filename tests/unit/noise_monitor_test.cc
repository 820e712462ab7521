// The noise monitor (bench/noise): the /proc parsers on fixture text, the
// process tree, and the other-CPU arithmetic on snapshots a fake /proc
// feeds, including processes that start and exit inside the window.
#include "bench/noise/noise_monitor.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "bench/noise/noise_limits.h"
#include "bench/noise/proc_parse.h"
#include "bench/noise/proc_source.h"
#include "bench/noise/window_noise.h"

namespace xsb {
namespace {

constexpr char kProcStat[] =
    "cpu  56934 12190 21988 70728 745 7 355 42 3 1\n"
    "cpu0 25998 6076 9996 39134 46 0 150 0 0 0\n"
    "cpu1 30936 6114 11991 31594 699 0 205 0 0 0\n"
    "intr 1234 0 0\n"
    "ctxt 99\n";

// A command name with a space and a parenthesis, as a program may choose.
constexpr char kPidStat[] =
    "4242 (my (prog) x) S 4200 4242 11651 0 -1 4194304 99 0 0 0 "
    "150 25 7 3 20 0 1 0 92752 3133440 389 18446744073709551615 0\n";

TEST(ProcParseTest, CpuLineSumsBusyAndTotal) {
  CpuTimes t;
  std::string error;
  ASSERT_TRUE(ParseCpuTimes(kProcStat, &t, &error)) << error;
  EXPECT_EQ(t.user, 56934);
  EXPECT_EQ(t.steal, 42);
  EXPECT_EQ(t.Busy(), 56934 + 12190 + 21988 + 7 + 355);
  EXPECT_EQ(t.Total(), t.Busy() + 70728 + 745 + 42);
}

TEST(ProcParseTest, CpuLineErrorsNameTheField) {
  CpuTimes t;
  std::string error;
  EXPECT_FALSE(ParseCpuTimes("cpu0 1 2 3\nintr 4\n", &t, &error));
  EXPECT_NE(error.find("no 'cpu' line"), std::string::npos) << error;
  EXPECT_FALSE(ParseCpuTimes("cpu  1 2 3\n", &t, &error));
  EXPECT_NE(error.find("3 fields"), std::string::npos) << error;
  EXPECT_FALSE(ParseCpuTimes("cpu  1 2 x 4 5 6 7 8\n", &t, &error));
  EXPECT_NE(error.find("field 3 is 'x'"), std::string::npos) << error;
}

TEST(ProcParseTest, ProcessStatCountsFieldsAfterTheLastParenthesis) {
  ProcessTimes p;
  std::string error;
  ASSERT_TRUE(ParseProcessStat(kPidStat, &p, &error)) << error;
  EXPECT_EQ(p.pid, 4242);
  EXPECT_EQ(p.ppid, 4200);
  EXPECT_EQ(p.utime, 150);
  EXPECT_EQ(p.stime, 25);
  EXPECT_EQ(p.cutime, 7);
  EXPECT_EQ(p.cstime, 3);
  EXPECT_EQ(p.start_ticks, 92752);
  EXPECT_EQ(p.WithReapedChildren(), 185);
}

TEST(ProcParseTest, ProcessStatRejectsTruncatedText) {
  ProcessTimes p;
  std::string error;
  EXPECT_FALSE(ParseProcessStat("4242 (x) S 1 2 3", &p, &error));
  EXPECT_NE(error.find("/proc/4242/stat: field"), std::string::npos) << error;
  EXPECT_FALSE(ParseProcessStat("garbage", &p, &error));
}

TEST(ProcParseTest, LoadAverage) {
  double load = 0;
  std::string error;
  ASSERT_TRUE(ParseLoadAverage("4.29 2.05 1.10 7/149 17712\n", &load, &error));
  EXPECT_DOUBLE_EQ(load, 4.29);
  EXPECT_FALSE(ParseLoadAverage("", &load, &error));
  EXPECT_FALSE(ParseLoadAverage("high 1 1", &load, &error));
}

ProcessTimes Process(int64_t pid, int64_t ppid, int64_t own, int64_t reaped = 0,
                     int64_t start = 1) {
  ProcessTimes p;
  p.pid = pid;
  p.ppid = ppid;
  p.utime = own;
  p.cutime = reaped;
  p.start_ticks = start;
  return p;
}

TEST(ProcessTreeTest, RootsAndEveryDescendantButNotSiblings) {
  // 1 init -> 10 shell -> {100 xsb_bench -> {101 hp -> 111 user model,
  // 102 lp}, 200 yes}
  const std::vector<ProcessTimes> all = {
      Process(1, 0, 0),     Process(10, 1, 0),    Process(100, 10, 0),
      Process(101, 100, 0), Process(102, 100, 0), Process(111, 101, 0),
      Process(200, 10, 0)};
  const auto tree = ProcessTree(all, {100, 101});
  std::vector<int64_t> pids;
  for (const auto& entry : tree) pids.push_back(entry.first.first);
  EXPECT_EQ(pids, (std::vector<int64_t>{100, 101, 102, 111}));
}

using Processes = std::map<ProcessKey, ProcessTimes>;

Processes Own(const std::vector<ProcessTimes>& list) {
  Processes own;
  for (const ProcessTimes& p : list) own[{p.pid, p.start_ticks}] = p;
  return own;
}

TEST(OwnTicksTest, GrowthOfProcessesAliveAtBothEnds) {
  EXPECT_EQ(OwnTicks(Own({Process(100, 10, 50), Process(101, 100, 1000)}),
                     Own({Process(100, 10, 60), Process(101, 100, 1300)})),
            10 + 300);
}

TEST(OwnTicksTest, ProcessBornInsideTheWindowCountsWhole) {
  EXPECT_EQ(OwnTicks(Own({Process(100, 10, 50)}),
                     Own({Process(100, 10, 50), Process(111, 100, 80)})),
            80);
}

TEST(OwnTicksTest, ExitedChildReapedByOwnParentCountsOnlyItsWindowPart) {
  // 111 had 400 ticks at the start, ran 100 more, exited; 100 reaped it:
  // its cutime grew by all 500.
  EXPECT_EQ(OwnTicks(Own({Process(100, 10, 50), Process(111, 100, 400)}),
                     Own({Process(100, 10, 50, 500)})),
            100);
}

TEST(OwnTicksTest, ExitedGrandchildReapedThroughAChainOfExits) {
  // 112's child 113 (300 ticks at the start) exits and is reaped by 112
  // (200 at the start), which exits and is reaped by 100: 100's cutime grows
  // by 112's 200 + 20 and 113's 300 + 30.
  EXPECT_EQ(OwnTicks(Own({Process(100, 10, 0), Process(112, 100, 200),
                          Process(113, 112, 300)}),
                     Own({Process(100, 10, 0, 550)})),
            50);
}

TEST(OwnTicksTest, ExitedProcessNobodyOwnReapedIsNotSubtracted) {
  // 120's parent is not own: its time went nowhere we look (other work).
  EXPECT_EQ(OwnTicks(Own({Process(100, 10, 50), Process(120, 999, 400)}),
                     Own({Process(100, 10, 70)})),
            20);
}

TEST(OwnTicksTest, ReusedPidIsAnotherProcess) {
  // Pid 111 exited (reaped by 100) and a new 111 started: the new one
  // counts whole, the old one only for its window part.
  EXPECT_EQ(
      OwnTicks(Own({Process(100, 10, 0), Process(111, 100, 400, 0, 5)}),
               Own({Process(100, 10, 0, 450), Process(111, 100, 30, 0, 9)})),
      50 + 30);
}

// A /proc that tests fill: files by name, the pids listed.
class FakeProc : public ProcSource {
 public:
  bool Read(const std::string& name, std::string* text) override {
    const auto found = files.find(name);
    if (found == files.end()) return false;
    *text = found->second;
    return true;
  }
  std::vector<int64_t> Pids() override { return pids; }
  int64_t TicksPerSecond() override { return 100; }

  void SetProcess(int64_t pid, int64_t ppid, int64_t utime, int64_t stime) {
    files[std::to_string(pid) + "/stat"] =
        std::to_string(pid) + " (p) S " + std::to_string(ppid) +
        " 0 0 0 -1 0 0 0 0 0 " + std::to_string(utime) + " " +
        std::to_string(stime) + " 0 0 20 0 1 0 777 0 0\n";
  }
  // user nice system idle iowait irq softirq steal, every CPU together
  void SetCpu(int64_t user, int64_t system, int64_t idle, int64_t steal) {
    files["stat"] = "cpu  " + std::to_string(user) + " 0 " +
                    std::to_string(system) + " " + std::to_string(idle) +
                    " 0 0 0 " + std::to_string(steal) + " 0 0\n";
  }

  std::map<std::string, std::string> files;
  std::vector<int64_t> pids;
};

constexpr int64_t kSecond = 1'000'000'000;

TEST(NoiseMonitorTest, OtherWorkIsBusyTimeLessTheOwnProcesses) {
  FakeProc proc;
  proc.pids = {1, 100, 101, 200};
  proc.files["loadavg"] = "0.50 0.40 0.30 1/100 300\n";
  proc.SetProcess(1, 0, 0, 0);
  proc.SetProcess(100, 1, 10, 5);   // xsb_bench
  proc.SetProcess(101, 100, 0, 0);  // a worker
  proc.SetProcess(200, 1, 0, 0);    // yes > /dev/null
  proc.SetCpu(1000, 500, 5000, 0);
  NoiseMonitor monitor(proc);
  monitor.Start({100, 101}, 3 * kSecond);
  // 2 s on 2 CPUs = 400 ticks: the worker ran 150, xsb_bench 10 and the
  // other process 130; 20 ticks were stolen.
  proc.SetProcess(100, 1, 15, 10);
  proc.SetProcess(101, 100, 120, 30);
  proc.SetProcess(200, 1, 100, 30);
  proc.SetCpu(1000 + 240, 500 + 50, 5000 + 90, 20);
  proc.files["loadavg"] = "2.25 0.40 0.30 1/100 300\n";
  monitor.End({100, 101}, 5 * kSecond);
  WindowNoise noise;
  std::string why;
  ASSERT_TRUE(monitor.Result(&noise, &why)) << why;
  EXPECT_DOUBLE_EQ(noise.seconds, 2);
  EXPECT_DOUBLE_EQ(noise.own_cpu_cores, 160 / 100.0 / 2);
  EXPECT_DOUBLE_EQ(noise.other_cpu_cores, 130 / 100.0 / 2);
  EXPECT_DOUBLE_EQ(noise.steal_pct, 100.0 * 20 / 400);
  EXPECT_DOUBLE_EQ(noise.load_avg, 2.25);
  EXPECT_EQ(monitor.OwnPids(), (std::vector<int64_t>{100, 101}));
}

TEST(NoiseMonitorTest, NoResultWithoutBothEdgesOrWithoutProcStat) {
  FakeProc proc;
  NoiseMonitor monitor(proc);
  WindowNoise noise;
  std::string why;
  EXPECT_FALSE(monitor.Result(&noise, &why));
  monitor.Start({1}, kSecond);
  monitor.End({1}, 2 * kSecond);
  EXPECT_FALSE(monitor.Result(&noise, &why));
  EXPECT_NE(why.find("/proc/stat"), std::string::npos) << why;
}

TEST(NoiseMonitorTest, ReadsTheRealProc) {
  auto proc = OpenProcFs();
  NoiseMonitor monitor(*proc);
  monitor.Start({getpid()}, 1);
  monitor.End({getpid()}, 1 + kSecond);
  WindowNoise noise;
  std::string why;
  ASSERT_TRUE(monitor.Result(&noise, &why)) << why;
  EXPECT_GE(noise.other_cpu_cores, 0);
  EXPECT_EQ(monitor.OwnPids(), std::vector<int64_t>{getpid()});
}

TEST(NoiseLimitsTest, EachLimitNamesItsReason) {
  NoiseReading quiet;
  quiet.window.other_cpu_cores = 0.1;
  quiet.send_lag_p99_us = 900;
  EXPECT_TRUE(DisturbedReasons(quiet, kNoiseLimits).empty());

  NoiseLimits limits;
  limits.max_other_cpu_cores = 0.5;
  limits.max_steal_pct = 5;
  limits.send_lag_floor_us = 20000;
  limits.send_lag_factor = 10;
  NoiseReading busy = quiet;
  busy.window.other_cpu_cores = 1.26;
  busy.window.steal_pct = 7.5;
  busy.gpu_other_procs = 2;
  busy.send_lag_p99_us = 95800;
  busy.standalone_send_lag_p99_us = 3900;
  const std::vector<std::string> reasons = DisturbedReasons(busy, limits);
  ASSERT_EQ(reasons.size(), 4u);
  EXPECT_EQ(reasons[0], "1.3 cores of other work > 0.5");
  EXPECT_EQ(reasons[1], "steal 7.5 % > 5 %");
  EXPECT_EQ(reasons[2], "2 other process(es) on the GPU");
  EXPECT_EQ(reasons[3],
            "HP send lag P99 95800 us > 39000 us (standalone 3900 us)");
}

TEST(NoiseLimitsTest, SendLagLimitIsTheFloorOrAMultipleOfStandalone) {
  NoiseLimits limits;
  limits.send_lag_floor_us = 20000;
  limits.send_lag_factor = 10;
  EXPECT_DOUBLE_EQ(SendLagLimitUs(limits, NAN), 20000);
  EXPECT_DOUBLE_EQ(SendLagLimitUs(limits, 100), 20000);
  EXPECT_DOUBLE_EQ(SendLagLimitUs(limits, 3900), 39000);
}

TEST(SendLagReferencesTest, SmallestUndisturbedStandaloneRunPerScenario) {
  SendLagReferences references;
  EXPECT_TRUE(std::isnan(references.Get("smoke")));
  references.Offer("smoke", 900, false);
  references.Offer("smoke", 400, true);  // disturbed: no reference
  references.Offer("smoke", NAN, false);
  references.Offer("original", 3000, false);
  EXPECT_DOUBLE_EQ(references.Get("smoke"), 900);
  references.Offer("smoke", 700, false);
  references.Offer("smoke", 800, false);
  EXPECT_DOUBLE_EQ(references.Get("smoke"), 700);
  EXPECT_DOUBLE_EQ(references.Get("original"), 3000);
}

}  // namespace
}  // namespace xsb
