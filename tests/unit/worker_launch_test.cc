#include "shim_env/plan/worker_launch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace xsb {
namespace {

TEST(WorkerLaunchTest, BaselineLeavesBothRolesAlone) {
  for (WorkerRole role : {WorkerRole::kHp, WorkerRole::kLp}) {
    const WorkerLaunchPlan plan = PlanWorkerLaunch(Scheduler::kBaseline, role);
    EXPECT_TRUE(plan.args.empty()) << WorkerRoleName(role);
    EXPECT_TRUE(plan.env.empty()) << WorkerRoleName(role);
  }
}

TEST(WorkerLaunchTest, OsPriorityMakesOnlyLpIdle) {
  const WorkerLaunchPlan lp =
      PlanWorkerLaunch(Scheduler::kOsPriority, WorkerRole::kLp);
  EXPECT_EQ(lp.args, (std::vector<std::string>{"--cpu_policy=idle"}));
  EXPECT_TRUE(lp.env.empty());

  const WorkerLaunchPlan hp =
      PlanWorkerLaunch(Scheduler::kOsPriority, WorkerRole::kHp);
  EXPECT_TRUE(hp.args.empty());
  EXPECT_TRUE(hp.env.empty());
}

TEST(WorkerLaunchTest, StreamPriorityPutsHpHighestAndLpLowest) {
  const WorkerLaunchPlan hp =
      PlanWorkerLaunch(Scheduler::kStreamPriority, WorkerRole::kHp);
  EXPECT_EQ(hp.stream_priority, StreamPriority::kHighest);
  EXPECT_TRUE(hp.args.empty());
  EXPECT_TRUE(hp.env.empty());
  const WorkerLaunchPlan lp =
      PlanWorkerLaunch(Scheduler::kStreamPriority, WorkerRole::kLp);
  EXPECT_EQ(lp.stream_priority, StreamPriority::kLowest);
  EXPECT_EQ(DescribeLaunchPlan(lp), "stream_priority=lowest");
}

TEST(WorkerLaunchTest, OtherSchedulersLeaveStreamPriorityDefault) {
  for (Scheduler s : {Scheduler::kBaseline, Scheduler::kOsPriority}) {
    for (WorkerRole role : {WorkerRole::kHp, WorkerRole::kLp}) {
      EXPECT_EQ(PlanWorkerLaunch(s, role).stream_priority,
                StreamPriority::kDefault)
          << SchedulerName(s) << " " << WorkerRoleName(role);
    }
  }
}

TEST(WorkerLaunchTest, GpuBackendsOfferStreamPriority) {
  for (Backend backend : {Backend::kHip, Backend::kCuda}) {
    const std::vector<Scheduler> schedulers = SchedulersForBackend(backend);
    EXPECT_NE(std::find(schedulers.begin(), schedulers.end(),
                        Scheduler::kStreamPriority),
              schedulers.end())
        << BackendName(backend);
  }
}

TEST(WorkerLaunchTest, XschedIsNeverADefaultOfABackend) {
  // It needs an install; xsb_bench adds it when one is configured.
  for (Backend backend : {Backend::kCpu, Backend::kHip, Backend::kCuda}) {
    const std::vector<Scheduler> schedulers = SchedulersForBackend(backend);
    EXPECT_EQ(
        std::find(schedulers.begin(), schedulers.end(), Scheduler::kXsched),
        schedulers.end())
        << BackendName(backend);
  }
  EXPECT_EQ(AllSchedulers().back(), Scheduler::kXsched);
}

TEST(WorkerLaunchTest, SchedulersForCpu) {
  EXPECT_EQ(
      SchedulersForBackend(Backend::kCpu),
      (std::vector<Scheduler>{Scheduler::kBaseline, Scheduler::kOsPriority}));
}

TEST(WorkerLaunchTest, SchedulersForGpuBackendsIncludeBaselineFirst) {
  for (Backend backend : {Backend::kHip, Backend::kCuda}) {
    const std::vector<Scheduler> schedulers = SchedulersForBackend(backend);
    ASSERT_FALSE(schedulers.empty()) << BackendName(backend);
    EXPECT_EQ(schedulers.front(), Scheduler::kBaseline) << BackendName(backend);
    // Lowering a worker's CPU priority does nothing to its GPU kernels.
    for (Scheduler s : schedulers) {
      EXPECT_NE(s, Scheduler::kOsPriority) << BackendName(backend);
    }
  }
}

// An A/A run's second arm: baseline's workers under another name.
TEST(WorkerLaunchTest, BaselineAgainLaunchesAsBaseline) {
  LaunchContext context;
  context.backend = Backend::kHip;
  for (WorkerRole role : {WorkerRole::kHp, WorkerRole::kLp}) {
    const WorkerLaunchPlan again =
        PlanWorkerLaunch(Scheduler::kBaselineAgain, role, context);
    const WorkerLaunchPlan baseline =
        PlanWorkerLaunch(Scheduler::kBaseline, role, context);
    EXPECT_EQ(again.args, baseline.args);
    EXPECT_EQ(again.env, baseline.env);
    EXPECT_EQ(again.stream_priority, baseline.stream_priority);
  }
  EXPECT_STREQ(SchedulerName(Scheduler::kBaselineAgain), "baseline-again");
  for (Backend backend : {Backend::kCpu, Backend::kHip, Backend::kCuda}) {
    EXPECT_TRUE(SchedulerAppliesTo(Scheduler::kBaselineAgain, backend));
    EXPECT_TRUE(SchedulerAppliesTo(Scheduler::kXsched, backend));
    const std::vector<Scheduler> own = SchedulersForBackend(backend);
    EXPECT_EQ(std::find(own.begin(), own.end(), Scheduler::kBaselineAgain),
              own.end());
  }
  EXPECT_FALSE(SchedulerAppliesTo(Scheduler::kOsPriority, Backend::kHip));
  EXPECT_TRUE(SchedulerAppliesTo(Scheduler::kOsPriority, Backend::kCpu));
}

TEST(WorkerLaunchTest, SchedulerNamesRoundTrip) {
  EXPECT_STREQ(SchedulerName(Scheduler::kBaseline), "baseline");
  EXPECT_STREQ(SchedulerName(Scheduler::kOsPriority), "os-priority");
  EXPECT_STREQ(SchedulerName(Scheduler::kStreamPriority), "stream-priority");
  EXPECT_STREQ(SchedulerName(Scheduler::kXsched), "xsched");
  for (Scheduler s : AllSchedulers()) {
    Scheduler parsed = s == Scheduler::kBaseline ? Scheduler::kOsPriority
                                                 : Scheduler::kBaseline;
    ASSERT_TRUE(ParseScheduler(SchedulerName(s), &parsed)) << SchedulerName(s);
    EXPECT_EQ(parsed, s);
  }
}

TEST(WorkerLaunchTest, ParseSchedulerRejectsUnknown) {
  for (const char* text : {"", "Baseline", "os_priority", "ospriority",
                           "XSched", "xsched ", "?"}) {
    Scheduler out = Scheduler::kOsPriority;
    EXPECT_FALSE(ParseScheduler(text, &out)) << "'" << text << "'";
    EXPECT_EQ(out, Scheduler::kOsPriority);
  }
}

TEST(WorkerLaunchTest, RoleNamesRoundTrip) {
  EXPECT_STREQ(WorkerRoleName(WorkerRole::kHp), "hp");
  EXPECT_STREQ(WorkerRoleName(WorkerRole::kLp), "lp");
  for (WorkerRole r : {WorkerRole::kHp, WorkerRole::kLp}) {
    WorkerRole parsed =
        r == WorkerRole::kHp ? WorkerRole::kLp : WorkerRole::kHp;
    ASSERT_TRUE(ParseWorkerRole(WorkerRoleName(r), &parsed));
    EXPECT_EQ(parsed, r);
  }
}

TEST(WorkerLaunchTest, ParseWorkerRoleRejectsUnknown) {
  for (const char* text : {"", "HP", "lp ", "high", "low"}) {
    WorkerRole out = WorkerRole::kLp;
    EXPECT_FALSE(ParseWorkerRole(text, &out)) << "'" << text << "'";
    EXPECT_EQ(out, WorkerRole::kLp);
  }
}

TEST(DescribeLaunchPlanTest, EmptyPlanIsDefault) {
  EXPECT_EQ(DescribeLaunchPlan(WorkerLaunchPlan{}), "default");
  EXPECT_EQ(DescribeLaunchPlan(
                PlanWorkerLaunch(Scheduler::kBaseline, WorkerRole::kLp)),
            "default");
}

TEST(DescribeLaunchPlanTest, OsPriorityLp) {
  EXPECT_EQ(DescribeLaunchPlan(
                PlanWorkerLaunch(Scheduler::kOsPriority, WorkerRole::kLp)),
            "--cpu_policy=idle");
}

TEST(DescribeLaunchPlanTest, EnvBeforeArgsSpaceSeparated) {
  WorkerLaunchPlan plan;
  plan.env = {{"XSCHED_POLICY", "HPF"}, {"LD_PRELOAD", "/opt/x.so"}};
  plan.args = {"--a=1", "--b"};
  EXPECT_EQ(DescribeLaunchPlan(plan),
            "XSCHED_POLICY=HPF LD_PRELOAD=/opt/x.so --a=1 --b");
}

TEST(DescribeLaunchPlanTest, EnvOnlyAndArgsOnly) {
  WorkerLaunchPlan env_only;
  env_only.env = {{"K", "V"}};
  EXPECT_EQ(DescribeLaunchPlan(env_only), "K=V");
  WorkerLaunchPlan empty_value;
  empty_value.env = {{"K", ""}};
  EXPECT_EQ(DescribeLaunchPlan(empty_value), "K=");
  WorkerLaunchPlan args_only;
  args_only.args = {"--x"};
  EXPECT_EQ(DescribeLaunchPlan(args_only), "--x");
}

}  // namespace
}  // namespace xsb
