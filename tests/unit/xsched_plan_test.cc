// The xsched scheduler's launch plan, down to each variable.
#include "shim_env/plan/xsched_plan.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shim_env/plan/worker_launch.h"

namespace xsb {
namespace {

using Env = std::vector<EnvironmentVariable>;

LaunchContext Context(Backend backend) {
  LaunchContext context;
  context.backend = backend;
  context.xsched_lib_dir = "/opt/xsched/lib";
  context.xsched_hp = {5, 1, 32, 16};
  context.xsched_lp = {-2, 2, 4, 2};
  return context;
}

TEST(XschedPlanTest, HipHpWorkerGetsEveryVariableInOrder) {
  EXPECT_EQ(XschedWorkerEnv(Context(Backend::kHip), WorkerRole::kHp),
            (Env{{"LD_PRELOAD", "/opt/xsched/lib/libshimhip.so"},
                 {"XSCHED_SCHEDULER", "GLB"},
                 {"XSCHED_AUTO_XQUEUE", "ON"},
                 {"XSCHED_AUTO_XQUEUE_PRIORITY", "5"},
                 {"XSCHED_AUTO_XQUEUE_LEVEL", "1"},
                 {"XSCHED_AUTO_XQUEUE_THRESHOLD", "32"},
                 {"XSCHED_AUTO_XQUEUE_BATCH_SIZE", "16"},
                 {"XLOG_LEVEL", "INFO"}}));
}

TEST(XschedPlanTest, HipLpWorkerGetsItsOwnQueueSettings) {
  EXPECT_EQ(XschedWorkerEnv(Context(Backend::kHip), WorkerRole::kLp),
            (Env{{"LD_PRELOAD", "/opt/xsched/lib/libshimhip.so"},
                 {"XSCHED_SCHEDULER", "GLB"},
                 {"XSCHED_AUTO_XQUEUE", "ON"},
                 {"XSCHED_AUTO_XQUEUE_PRIORITY", "-2"},
                 {"XSCHED_AUTO_XQUEUE_LEVEL", "2"},
                 {"XSCHED_AUTO_XQUEUE_THRESHOLD", "4"},
                 {"XSCHED_AUTO_XQUEUE_BATCH_SIZE", "2"},
                 {"XLOG_LEVEL", "INFO"}}));
}

TEST(XschedPlanTest, CudaPutsLibFirstOnTheLibraryPathAndPreloadsNothing) {
  for (WorkerRole role : {WorkerRole::kHp, WorkerRole::kLp}) {
    const Env env = XschedWorkerEnv(Context(Backend::kCuda), role);
    ASSERT_EQ(env.size(), 8u);
    EXPECT_EQ(env[0],
              (EnvironmentVariable{"LD_LIBRARY_PATH", "/opt/xsched/lib"}));
    for (const EnvironmentVariable& var : env) {
      EXPECT_NE(var.first, "LD_PRELOAD") << WorkerRoleName(role);
    }
    EXPECT_EQ(env[2], (EnvironmentVariable{"XSCHED_AUTO_XQUEUE", "ON"}));
  }
}

TEST(XschedPlanTest, InheritedPreloadIsKeptAfterTheShim) {
  LaunchContext context = Context(Backend::kHip);
  context.inherited_ld_preload = "/usr/lib/libtrace.so";
  context.inherited_ld_library_path = "/ignored/for/hip";
  const Env env = XschedWorkerEnv(context, WorkerRole::kHp);
  EXPECT_EQ(env[0], (EnvironmentVariable{
                        "LD_PRELOAD",
                        "/opt/xsched/lib/libshimhip.so:/usr/lib/libtrace.so"}));
  for (const EnvironmentVariable& var : env) {
    EXPECT_NE(var.first, "LD_LIBRARY_PATH");
  }
}

TEST(XschedPlanTest, InheritedLibraryPathIsKeptAfterXschedLib) {
  LaunchContext context = Context(Backend::kCuda);
  context.inherited_ld_library_path = "/usr/local/cuda/lib64:/opt/lib";
  context.inherited_ld_preload = "/usr/lib/libtrace.so";
  const Env env = XschedWorkerEnv(context, WorkerRole::kLp);
  EXPECT_EQ(env[0], (EnvironmentVariable{
                        "LD_LIBRARY_PATH",
                        "/opt/xsched/lib:/usr/local/cuda/lib64:/opt/lib"}));
  // The inherited preload stays as it is: the plan does not set it.
  for (const EnvironmentVariable& var : env) {
    EXPECT_NE(var.first, "LD_PRELOAD");
  }
}

TEST(XschedPlanTest, CpuTestRunPreloadsTheHipShim) {
  EXPECT_EQ(ShimLoadingFor(Backend::kCpu), ShimLoading::kPreload);
  EXPECT_EQ(
      XschedWorkerEnv(Context(Backend::kCpu), WorkerRole::kHp)[0],
      (EnvironmentVariable{"LD_PRELOAD", "/opt/xsched/lib/libshimhip.so"}));
}

TEST(XschedPlanTest, ShimFileAndLoadingPerBackend) {
  EXPECT_EQ(ShimLoadingFor(Backend::kHip), ShimLoading::kPreload);
  EXPECT_EQ(ShimLoadingFor(Backend::kCuda), ShimLoading::kLibraryPath);
  EXPECT_STREQ(XschedShimFileName(Backend::kHip), "libshimhip.so");
  EXPECT_STREQ(XschedShimFileName(Backend::kCpu), "libshimhip.so");
  EXPECT_STREQ(XschedShimFileName(Backend::kCuda), "libcuda.so.1");
}

TEST(XschedPlanTest, PrependToPathList) {
  EXPECT_EQ(PrependToPathList("/a", ""), "/a");
  EXPECT_EQ(PrependToPathList("/a", "/b"), "/a:/b");
  EXPECT_EQ(PrependToPathList("/a", "/b:/c"), "/a:/b:/c");
}

TEST(XschedPlanTest, WorkerPlanUsesTheXschedEnvAndDefaultStream) {
  for (WorkerRole role : {WorkerRole::kHp, WorkerRole::kLp}) {
    const LaunchContext context = Context(Backend::kHip);
    const WorkerLaunchPlan plan = XschedWorkerPlan(context, role);
    EXPECT_EQ(plan.env, XschedWorkerEnv(context, role));
    EXPECT_TRUE(plan.args.empty());
    // XSched's queue priority decides, not the stream's.
    EXPECT_EQ(plan.stream_priority, StreamPriority::kDefault);
  }
}

TEST(XschedPlanTest, DefaultsAreXschedsOwnWithHpAboveLp) {
  EXPECT_GT(kXschedHpDefaults.priority, kXschedLpDefaults.priority);
  for (const XschedQueueSettings& q : {kXschedHpDefaults, kXschedLpDefaults}) {
    EXPECT_EQ(q.level, 1);
    EXPECT_EQ(q.threshold, 16);
    EXPECT_EQ(q.batch_size, 8);
  }
  const LaunchContext defaults;
  EXPECT_EQ(XschedWorkerEnv(defaults, WorkerRole::kHp)[3],
            (EnvironmentVariable{"XSCHED_AUTO_XQUEUE_PRIORITY", "1"}));
  EXPECT_EQ(XschedWorkerEnv(defaults, WorkerRole::kLp)[3],
            (EnvironmentVariable{"XSCHED_AUTO_XQUEUE_PRIORITY", "0"}));
}

TEST(XschedPlanTest, DescribeQueueAndPlan) {
  EXPECT_EQ(DescribeXschedQueue({1, 1, 16, 8}),
            "priority=1 level=1 threshold=16 batch_size=8");
  EXPECT_EQ(DescribeLaunchPlan(
                XschedWorkerPlan(Context(Backend::kCuda), WorkerRole::kLp)),
            "LD_LIBRARY_PATH=/opt/xsched/lib XSCHED_SCHEDULER=GLB "
            "XSCHED_AUTO_XQUEUE=ON XSCHED_AUTO_XQUEUE_PRIORITY=-2 "
            "XSCHED_AUTO_XQUEUE_LEVEL=2 XSCHED_AUTO_XQUEUE_THRESHOLD=4 "
            "XSCHED_AUTO_XQUEUE_BATCH_SIZE=2 XLOG_LEVEL=INFO");
}

}  // namespace
}  // namespace xsb
