#include "shim_env/plan/worker_launch.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xsb {
namespace {

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
}

TEST(DescribeLaunchPlanTest, StreamPriorityAndCuMaskLast) {
  WorkerLaunchPlan plan;
  plan.args = {"--x"};
  plan.stream_priority = StreamPriority::kHighest;
  plan.cu_mask_percent = 25;
  EXPECT_EQ(DescribeLaunchPlan(plan),
            "--x stream_priority=highest cu_mask=25%");
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
