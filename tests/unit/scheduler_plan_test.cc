#include "shim_env/plan/scheduler_plan.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "shim_env/plan/builtin_schedulers.h"
#include "shim_env/plan/scheduler_file.h"

namespace xsb {
namespace {

using Env = std::vector<EnvironmentVariable>;

const SchedulerSpec& Builtin(const char* name) {
  const SchedulerSpec* spec = FindBuiltinScheduler(name);
  EXPECT_NE(spec, nullptr) << name;
  return *spec;
}

WorkerLaunchPlan Plan(const SchedulerSpec& spec, WorkerRole role,
                      Backend backend, const SweepPoint& point = {}) {
  RolePlanInputs inputs;
  inputs.backend = backend;
  inputs.role = role;
  inputs.values.values = {{"state_dir", "/tmp/s"}, {"priority", "0"}};
  AddSweepValues(point, &inputs.values);
  WorkerLaunchPlan plan;
  std::string error;
  EXPECT_TRUE(PlanRole(spec, inputs, &plan, &error)) << error;
  return plan;
}

SchedulerSpec Parse(const std::string& text) {
  SchedulerSpec spec;
  std::string error;
  EXPECT_TRUE(ParseSchedulerFile(text, "my.json", "/files", &spec, &error))
      << error;
  return spec;
}

// The plans the former C++ schedulers gave (worker_launch.cc before
// schedulers were files): the files must give the same.
TEST(SchedulerPlanTest, BaselineLeavesBothRolesAlone) {
  for (Backend backend : {Backend::kCpu, Backend::kHip, Backend::kCuda}) {
    for (WorkerRole role : {WorkerRole::kHp, WorkerRole::kLp}) {
      const WorkerLaunchPlan plan = Plan(Builtin("baseline"), role, backend);
      EXPECT_TRUE(plan.args.empty());
      EXPECT_TRUE(plan.env.empty());
      EXPECT_EQ(plan.stream_priority, StreamPriority::kDefault);
      EXPECT_EQ(DescribeLaunchPlan(plan), "default");
    }
  }
}

TEST(SchedulerPlanTest, OsPriorityMakesOnlyLpIdle) {
  const SchedulerSpec& spec = Builtin("os-priority");
  const WorkerLaunchPlan lp = Plan(spec, WorkerRole::kLp, Backend::kCpu);
  EXPECT_EQ(lp.args, std::vector<std::string>{"--cpu_policy=idle"});
  EXPECT_TRUE(lp.env.empty());
  EXPECT_EQ(lp.stream_priority, StreamPriority::kDefault);
  EXPECT_EQ(DescribeLaunchPlan(lp), "--cpu_policy=idle");
  const WorkerLaunchPlan hp = Plan(spec, WorkerRole::kHp, Backend::kCpu);
  EXPECT_EQ(DescribeLaunchPlan(hp), "default");
  EXPECT_EQ(spec.backends, std::vector<Backend>{Backend::kCpu});
}

TEST(SchedulerPlanTest, StreamPriorityPutsHpHighestAndLpLowest) {
  const SchedulerSpec& spec = Builtin("stream-priority");
  const WorkerLaunchPlan hp = Plan(spec, WorkerRole::kHp, Backend::kHip);
  EXPECT_EQ(hp.stream_priority, StreamPriority::kHighest);
  EXPECT_TRUE(hp.args.empty());
  EXPECT_TRUE(hp.env.empty());
  const WorkerLaunchPlan lp = Plan(spec, WorkerRole::kLp, Backend::kCuda);
  EXPECT_EQ(lp.stream_priority, StreamPriority::kLowest);
  EXPECT_EQ(DescribeLaunchPlan(lp), "stream_priority=lowest");
  EXPECT_FALSE(spec.AppliesTo(Backend::kCpu));
}

TEST(SchedulerPlanTest, MpsSharesPrivateFoldersWithEveryProcess) {
  const SchedulerSpec& spec = Builtin("mps");
  EXPECT_EQ(spec.backends, std::vector<Backend>{Backend::kCuda});
  for (WorkerRole role : {WorkerRole::kHp, WorkerRole::kLp}) {
    EXPECT_EQ(Plan(spec, role, Backend::kCuda).env,
              (Env{{"CUDA_MPS_PIPE_DIRECTORY", "/tmp/s/pipe"},
                   {"CUDA_MPS_LOG_DIRECTORY", "/tmp/s/log"}}));
  }
  EXPECT_TRUE(spec.has_daemon);
  EXPECT_EQ(spec.daemon.scope, DaemonScope::kCase);
  EXPECT_EQ(spec.daemon.run,
            (std::vector<std::string>{"nvidia-cuda-mps-control", "-f"}));
}

TEST(SchedulerPlanTest, MpsLimitCapsOnlyLpAndOrdersClientPriorities) {
  const SchedulerSpec& spec = Builtin("mps-limit");
  const std::vector<SweepPoint> points = SweepPoints(spec);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(SweepSuffix(points[0]), "/lp_active_thread_pct:25");
  EXPECT_EQ(SweepSuffix(points[1]), "/lp_active_thread_pct:50");
  EXPECT_EQ(Plan(spec, WorkerRole::kLp, Backend::kCuda, points[1]).env,
            (Env{{"CUDA_MPS_PIPE_DIRECTORY", "/tmp/s/pipe"},
                 {"CUDA_MPS_LOG_DIRECTORY", "/tmp/s/log"},
                 {"CUDA_MPS_ACTIVE_THREAD_PERCENTAGE", "50"},
                 {"CUDA_MPS_CLIENT_PRIORITY", "1"}}));
  EXPECT_EQ(Plan(spec, WorkerRole::kHp, Backend::kCuda, points[1]).env,
            (Env{{"CUDA_MPS_PIPE_DIRECTORY", "/tmp/s/pipe"},
                 {"CUDA_MPS_LOG_DIRECTORY", "/tmp/s/log"},
                 {"CUDA_MPS_CLIENT_PRIORITY", "0"}}));
}

TEST(SchedulerPlanTest, MpsProofAsksTheDaemonForThisWorker) {
  SubstitutionValues values;
  values.values = {{"state_dir", "/tmp/s"}, {"priority", "1"}, {"pid", "77"}};
  ProofSpec proof;
  std::string error;
  ASSERT_TRUE(
      ResolveProof(Builtin("mps"), WorkerRole::kLp, values, &proof, &error))
      << error;
  EXPECT_EQ(proof.daemon_log.must,
            std::vector<std::string>{"NEW CLIENT 77 from user"});
  ASSERT_EQ(proof.commands.size(), 1u);
  EXPECT_EQ(proof.commands[0].run.back(),
            "echo get_server_list | nvidia-cuda-mps-control");
}

TEST(SchedulerPlanTest, CuMaskGivesLpAShareAndLeavesHpWhole) {
  const SchedulerSpec& spec = Builtin("cu-mask");
  const std::vector<SweepPoint> points = SweepPoints(spec);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(SweepSuffix(points[0]), "/lp_cu_pct:50");
  const WorkerLaunchPlan lp =
      Plan(spec, WorkerRole::kLp, Backend::kHip, points[1]);
  EXPECT_EQ(lp.cu_mask_percent, 75);
  EXPECT_EQ(DescribeLaunchPlan(lp), "cu_mask=75%");
  EXPECT_EQ(
      Plan(spec, WorkerRole::kHp, Backend::kHip, points[1]).cu_mask_percent, 0);
  EXPECT_EQ(spec.backends, std::vector<Backend>{Backend::kHip});
}

TEST(SchedulerPlanTest, CuMaskCombinesWithHpStreamPriority) {
  const SchedulerSpec spec = Parse(R"({"schema": "xsb-scheduler/1",
      "name": "cu-mask-priority", "backends": ["hip"],
      "roles": {"hp": {"stream_priority": "highest"},
                "lp": {"cu_mask_percent": 50}}})");
  EXPECT_EQ(DescribeLaunchPlan(Plan(spec, WorkerRole::kHp, Backend::kHip)),
            "stream_priority=highest");
  EXPECT_EQ(DescribeLaunchPlan(Plan(spec, WorkerRole::kLp, Backend::kHip)),
            "cu_mask=50%");
}

TEST(SchedulerPlanTest, SweepIsEveryCombinationFirstParameterSlowest) {
  const SchedulerSpec spec = Parse(R"({"schema": "xsb-scheduler/1",
      "name": "s", "backends": ["cpu"],
      "params": [{"name": "a", "values": [1, 2]},
                 {"name": "b", "values": ["x", "y", "z"]}]})");
  std::vector<std::string> suffixes;
  for (const SweepPoint& point : SweepPoints(spec)) {
    suffixes.push_back(SweepSuffix(point));
  }
  EXPECT_EQ(suffixes,
            (std::vector<std::string>{"/a:1/b:x", "/a:1/b:y", "/a:1/b:z",
                                      "/a:2/b:x", "/a:2/b:y", "/a:2/b:z"}));
  const std::vector<SweepPoint> none = SweepPoints(Builtin("baseline"));
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(SweepSuffix(none[0]), "");
}

TEST(SchedulerPlanTest, PreloadGoesFirstForItsBackendsOnly) {
  const SchedulerSpec spec = Parse(R"({"schema": "xsb-scheduler/1",
      "name": "p", "backends": ["hip", "cuda", "cpu"],
      "every_role": {
        "preload": ["{file_dir}/a.so",
                    {"path": "/opt/hip.so", "backends": ["hip"]}],
        "library_path": [{"path": "/opt/lib", "backends": ["cuda"]}],
        "env": {"MODE": "{role}-{priority}"}},
      "roles": {"lp": {"env": {"MODE": "lp-only", "EXTRA": "1"}}}})");
  RolePlanInputs inputs;
  inputs.backend = Backend::kHip;
  inputs.role = WorkerRole::kHp;
  inputs.values.values = {{"file_dir", "/files"}, {"priority", "1"}};
  inputs.inherited_ld_preload = "/mine.so";
  inputs.inherited_ld_library_path = "/usr/x";
  WorkerLaunchPlan plan;
  std::string error;
  ASSERT_TRUE(PlanRole(spec, inputs, &plan, &error)) << error;
  EXPECT_EQ(plan.env, (Env{{"LD_PRELOAD", "/files/a.so:/opt/hip.so:/mine.so"},
                           {"MODE", "hp-1"}}));
  inputs.backend = Backend::kCuda;
  inputs.role = WorkerRole::kLp;
  ASSERT_TRUE(PlanRole(spec, inputs, &plan, &error)) << error;
  // LP's own MODE overrides every_role's in place.
  EXPECT_EQ(plan.env, (Env{{"LD_PRELOAD", "/files/a.so:/mine.so"},
                           {"LD_LIBRARY_PATH", "/opt/lib:/usr/x"},
                           {"MODE", "lp-only"},
                           {"EXTRA", "1"}}));
}

TEST(SchedulerPlanTest, UnsetEnvironmentVariableIsNamedWithItsField) {
  const SchedulerSpec spec = Parse(R"({"schema": "xsb-scheduler/1",
      "name": "p", "backends": ["hip"],
      "roles": {"hp": {"preload": ["{env:XSB_TEST_UNSET_ROOT}/x.so"]}}})");
  RolePlanInputs inputs;
  inputs.role = WorkerRole::kHp;
  inputs.backend = Backend::kHip;
  inputs.values.getenv = [](const char*) -> const char* { return nullptr; };
  WorkerLaunchPlan plan;
  std::string error;
  EXPECT_FALSE(PlanRole(spec, inputs, &plan, &error));
  EXPECT_EQ(error,
            "my.json: roles.hp.preload: {env:XSB_TEST_UNSET_ROOT} is not set "
            "in xsb_bench's environment");
}

}  // namespace
}  // namespace xsb
