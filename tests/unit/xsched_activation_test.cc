// The proof that an xsched worker's shim was active, both ways.
#include "shim_env/xsched/xsched_activation.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shim_env/plan/xsched_plan.h"

namespace xsb {
namespace {

constexpr char kShim[] = "/opt/xsched/lib/libshimhip.so";

WorkerLaunchPlan HpPlan() {
  LaunchContext context;
  context.backend = Backend::kHip;
  context.xsched_lib_dir = "/opt/xsched/lib";
  return XschedWorkerPlan(context, WorkerRole::kHp);
}

// What an HP worker started with HpPlan() reports when all is well.
std::vector<EnvironmentVariable> SeenByHp() {
  return {{"XLOG_LEVEL", "WARN"},
          {"XSCHED_AUTO_XQUEUE", "ON"},
          {"XSCHED_AUTO_XQUEUE_BATCH_SIZE", "8"},
          {"XSCHED_AUTO_XQUEUE_LEVEL", "1"},
          {"XSCHED_AUTO_XQUEUE_PRIORITY", "1"},
          {"XSCHED_AUTO_XQUEUE_THRESHOLD", "16"},
          {"XSCHED_SCHEDULER", "GLB"}};
}

TEST(XschedActivationTest, ExpectationKeepsOnlyXschedVariables) {
  const XschedExpectation expected = ExpectXsched(kShim, HpPlan());
  EXPECT_EQ(expected.shim_path, kShim);
  ASSERT_EQ(expected.env.size(), 6u);
  for (const EnvironmentVariable& var : expected.env) {
    EXPECT_EQ(var.first.rfind("XSCHED_", 0), 0u) << var.first;
  }
}

TEST(XschedActivationTest, ActiveWhenShimMappedAndEveryVariableSeen) {
  std::string why;
  EXPECT_TRUE(CheckXschedActive(ExpectXsched(kShim, HpPlan()),
                                {"/opt/rocm/lib/libamdhip64.so.6", kShim},
                                SeenByHp(), &why))
      << why;
}

TEST(XschedActivationTest, UnmappedShimIsNamed) {
  std::string why;
  EXPECT_FALSE(
      CheckXschedActive(ExpectXsched(kShim, HpPlan()), {}, SeenByHp(), &why));
  EXPECT_EQ(why,
            "has no XSched shim mapped: /opt/xsched/lib/libshimhip.so is not "
            "in its /proc/self/maps (no shim or GPU driver library is); its "
            "result would be a baseline");
}

TEST(XschedActivationTest, UnmappedShimListsWhatWasMappedInstead) {
  std::string why;
  EXPECT_FALSE(CheckXschedActive(
      ExpectXsched("/opt/xsched/lib/libshimcuda.so", HpPlan()),
      {"/usr/lib/x86_64-linux-gnu/libcuda.so.535"}, SeenByHp(), &why));
  EXPECT_NE(why.find("it mapped /usr/lib/x86_64-linux-gnu/libcuda.so.535"),
            std::string::npos)
      << why;
}

TEST(XschedActivationTest, ShimFromAnotherInstallDoesNotCount) {
  std::string why;
  EXPECT_FALSE(CheckXschedActive(ExpectXsched(kShim, HpPlan()),
                                 {"/home/old/xsched/lib/libshimhip.so"},
                                 SeenByHp(), &why));
  EXPECT_NE(why.find("/home/old/xsched/lib/libshimhip.so"), std::string::npos);
}

TEST(XschedActivationTest, MissingAutoXqueueIsNamed) {
  std::vector<EnvironmentVariable> seen = SeenByHp();
  seen.erase(seen.begin() + 1);  // XSCHED_AUTO_XQUEUE
  std::string why;
  EXPECT_FALSE(
      CheckXschedActive(ExpectXsched(kShim, HpPlan()), {kShim}, seen, &why));
  EXPECT_EQ(why, "saw XSCHED_AUTO_XQUEUE=<unset>, not ON as planned");
}

TEST(XschedActivationTest, WrongPriorityIsNamed) {
  std::vector<EnvironmentVariable> seen = SeenByHp();
  seen[4].second = "0";  // XSCHED_AUTO_XQUEUE_PRIORITY
  std::string why;
  EXPECT_FALSE(
      CheckXschedActive(ExpectXsched(kShim, HpPlan()), {kShim}, seen, &why));
  EXPECT_EQ(why, "saw XSCHED_AUTO_XQUEUE_PRIORITY=0, not 1 as planned");
}

TEST(XschedActivationTest, InheritedPolicyMakesTheShimLocal) {
  std::vector<EnvironmentVariable> seen = SeenByHp();
  seen.emplace_back("XSCHED_POLICY", "HPF");
  std::string why;
  EXPECT_FALSE(
      CheckXschedActive(ExpectXsched(kShim, HpPlan()), {kShim}, seen, &why));
  EXPECT_NE(why.find("inherited XSCHED_POLICY=HPF"), std::string::npos) << why;
  EXPECT_NE(why.find("unset XSCHED_POLICY"), std::string::npos) << why;
}

TEST(XschedActivationTest, BaselinePlanExpectsNoVariables) {
  const XschedExpectation expected = ExpectXsched(kShim, WorkerLaunchPlan{});
  EXPECT_TRUE(expected.env.empty());
}

// XSched's lines as its XLOG_HELPER prints them (debug builds add the
// source position).
constexpr char kGlobalLine[] =
    "[XSCHED INFO @ T 4242 @ 03:50:01.123456] using global scheduler "
    "@ /xsched/sched/src/scheduler/scheduler.cpp:29";
constexpr char kAppManagedLine[] =
    "[XSCHED INFO @ T 4242 @ 03:50:01.123456] using app-managed scheduler";

TEST(XschedActivationTest, GlobalSchedulerLogPasses) {
  std::string why;
  EXPECT_TRUE(CheckXschedSchedulerLog(
      std::string("loader noise\n") + kGlobalLine + "\n", &why))
      << why;
  EXPECT_TRUE(why.empty());
}

TEST(XschedActivationTest, AppManagedSchedulerLogFailsQuotingTheLine) {
  std::string why;
  EXPECT_FALSE(CheckXschedSchedulerLog(
      std::string("first\n") + kAppManagedLine + "\nlast\n", &why));
  EXPECT_NE(
      why.find(std::string("its XSched log says \"") + kAppManagedLine + "\""),
      std::string::npos)
      << why;
  EXPECT_NE(why.find("XSCHED_SCHEDULER=GLB (not GBL)"), std::string::npos)
      << why;
}

TEST(XschedActivationTest, LocalSchedulerLogFails) {
  std::string why;
  EXPECT_FALSE(CheckXschedSchedulerLog(
      "[XSCHED INFO @ T 1 @ 00:00:00.000001] using local scheduler with "
      "policy HPF",
      &why));
  EXPECT_NE(why.find("using local scheduler with policy HPF"),
            std::string::npos)
      << why;
}

TEST(XschedActivationTest, SilentLogIsNotHeldAgainstTheWorker) {
  std::string why;
  EXPECT_TRUE(CheckXschedSchedulerLog("", &why));
}

}  // namespace
}  // namespace xsb
