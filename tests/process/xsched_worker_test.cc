// Activation detection both ways, in real processes: xsb_worker reports the
// fake XSched shim mapped when it is preloaded and not otherwise; a library
// put under the CUDA driver's name in a lib folder first on LD_LIBRARY_PATH
// is what a dlopen("libcuda.so.1") maps; and a run whose worker lacks the
// shim stops before it starts, naming the cause.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench/orchestrate/orchestrator.h"
#include "bench/protocol/worker_protocol.h"
#include "shim_env/base/child_process.h"
#include "shim_env/plan/xsched_plan.h"
#include "shim_env/xsched/xsched_activation.h"
#include "tests/fakes/process_table.h"

namespace xsb {
namespace {

namespace fs = std::filesystem;
constexpr int64_t kSecond = 1'000'000'000;

// Runs `path args` with `env` and returns its whole stdout.
std::string Output(const std::string& path,
                   const std::vector<std::string>& args,
                   const std::vector<EnvironmentVariable>& env) {
  std::string error;
  auto child = ChildProcess::Spawn(path, args, env, &error);
  EXPECT_NE(child, nullptr) << error;
  if (child == nullptr) return "";
  child->CloseStdin();
  std::string text;
  char buffer[4096];
  ssize_t n;
  while ((n = read(child->stdout_fd(), buffer, sizeof buffer)) > 0) {
    text.append(buffer, static_cast<size_t>(n));
  }
  EXPECT_TRUE(child->WaitForExit(30 * kSecond));
  return text;
}

bool Contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

// Whether any of `paths` lies under `folder` (the fake install).
bool AnyUnder(const std::vector<std::string>& paths, const fs::path& folder) {
  for (const std::string& path : paths) {
    if (path.rfind(folder.string() + "/", 0) == 0) return true;
  }
  return false;
}

// xsb_worker --probe's ready message under `env`. Its GPU runtime (in a
// HIP or CUDA build) is mapped too and reported beside any shim.
ReadyMessage Probe(const std::vector<EnvironmentVariable>& env) {
  const std::string line =
      Output(XSB_WORKER, {"--probe", "--backend=cpu"}, env);
  WorkerMessage message;
  std::string error;
  EXPECT_TRUE(DecodeMessage(line.substr(0, line.find('\n')), &message, &error))
      << error << ": " << line;
  if (!std::holds_alternative<ReadyMessage>(message)) return ReadyMessage{};
  return std::get<ReadyMessage>(message);
}

// A fake XSched install laid out like the real one: lib/libshimhip.so,
// lib/libshimcuda.so and lib/libcuda.so.1 -> libshimcuda.so.
class XschedWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[] = "/tmp/xsb_fake_xsched_XXXXXX";
    ASSERT_NE(mkdtemp(name), nullptr);
    root_ = fs::canonical(name);
    fs::create_directories(root_ / "lib");
    fs::copy_file(XSB_FAKE_SHIM, root_ / "lib/libshimhip.so");
    fs::copy_file(XSB_FAKE_SHIM, root_ / "lib/libshimcuda.so");
    fs::create_symlink("libshimcuda.so", root_ / "lib/libcuda.so.1");
  }
  void TearDown() override {
    fs::remove_all(root_);
    EXPECT_TRUE(ChildrenOf(getpid()).empty());
  }

  LaunchContext Context() const {
    LaunchContext context;
    context.backend = Backend::kCpu;  // preloads lib/libshimhip.so, as on HIP
    context.xsched_lib_dir = (root_ / "lib").string();
    return context;
  }
  std::string HipShim() const { return (root_ / "lib/libshimhip.so").string(); }

  fs::path root_;
};

TEST_F(XschedWorkerTest, PreloadedShimIsReportedMappedWithItsVariables) {
  const std::vector<EnvironmentVariable> env =
      XschedWorkerEnv(Context(), WorkerRole::kHp);
  const ReadyMessage ready = Probe(env);
  EXPECT_TRUE(Contains(ready.mapped_libraries, HipShim()));
  for (const EnvironmentVariable& var : env) {
    if (var.first.rfind("XSCHED_", 0) != 0) continue;
    EXPECT_NE(
        std::find(ready.scheduler_env.begin(), ready.scheduler_env.end(), var),
        ready.scheduler_env.end())
        << var.first;
  }
  std::string why;
  EXPECT_TRUE(CheckXschedActive(
      ExpectXsched(HipShim(), XschedWorkerPlan(Context(), WorkerRole::kHp)),
      ready.mapped_libraries, ready.scheduler_env, &why))
      << why;
}

TEST_F(XschedWorkerTest, WithoutThePreloadNothingIsMapped) {
  std::vector<EnvironmentVariable> env =
      XschedWorkerEnv(Context(), WorkerRole::kHp);
  env.erase(env.begin());  // LD_PRELOAD
  const ReadyMessage ready = Probe(env);
  EXPECT_FALSE(AnyUnder(ready.mapped_libraries, root_));
  std::string why;
  EXPECT_FALSE(CheckXschedActive(
      ExpectXsched(HipShim(), XschedWorkerPlan(Context(), WorkerRole::kHp)),
      ready.mapped_libraries, ready.scheduler_env, &why));
  EXPECT_NE(why.find("has no XSched shim mapped"), std::string::npos) << why;
}

TEST_F(XschedWorkerTest, PlainWorkerReportsNoSchedulerVariables) {
  const ReadyMessage ready = Probe({});
  EXPECT_FALSE(AnyUnder(ready.mapped_libraries, root_));
  for (const EnvironmentVariable& var : ready.scheduler_env) {
    // Only what the test's own environment holds may appear.
    EXPECT_NE(getenv(var.first.c_str()), nullptr) << var.first;
  }
}

TEST_F(XschedWorkerTest, CudaDriverNameOnTheLibraryPathLoadsTheShim) {
  LaunchContext context = Context();
  context.backend = Backend::kCuda;
  const std::vector<EnvironmentVariable> env =
      XschedWorkerEnv(context, WorkerRole::kLp);
  const std::string with = Output(XSB_LOAD_PROBE, {"libcuda.so.1"}, env);
  // The kernel names the file the link points to.
  EXPECT_EQ(with, (root_ / "lib/libshimcuda.so").string() + "\n");
  const std::string without = Output(XSB_LOAD_PROBE, {"libcuda.so.1"}, {});
  EXPECT_EQ(without.find(root_.string()), std::string::npos) << without;
}

// Two real workers under the xsched plan, with the activation check;
// `scheduler` replaces the planned XSCHED_SCHEDULER value.
ScenarioPlan XschedPlan(const LaunchContext& context, const std::string& shim,
                        const std::string& scheduler = "GLB") {
  ScenarioPlan plan;
  plan.name = "xsched";
  for (WorkerRole role : {WorkerRole::kHp, WorkerRole::kLp}) {
    WorkerSpec spec;
    spec.config.role = role;
    spec.config.shape = {2, 64, role == WorkerRole::kHp ? 1 : 4};
    spec.config.rate_per_s = 100;
    spec.config.progress_interval_s = 0.1;
    spec.launch = XschedWorkerPlan(context, role);
    for (EnvironmentVariable& var : spec.launch.env) {
      if (var.first == kXschedSchedulerEnv) var.second = scheduler;
    }
    plan.workers.push_back(spec);
  }
  plan.duration_s = 0.3;
  plan.check_ready = [workers = plan.workers, shim](
                         size_t i, const ReadyMessage& ready,
                         const std::string& worker_stderr, std::string* why) {
    return CheckXschedActive(ExpectXsched(shim, workers[i].launch),
                             ready.mapped_libraries, ready.scheduler_env,
                             why) &&
           CheckXschedSchedulerLog(worker_stderr, why);
  };
  return plan;
}

TEST_F(XschedWorkerTest, RunWithActiveShimsCompletes) {
  ScenarioReport report;
  std::string error;
  EXPECT_TRUE(RunScenario(XSB_WORKER, XschedPlan(Context(), HipShim()), &report,
                          &error))
      << error;
  ASSERT_EQ(report.workers.size(), 2u);
  for (const WorkerReport& worker : report.workers) {
    EXPECT_TRUE(Contains(worker.ready.mapped_libraries, HipShim()));
  }
}

// XSched's artifact scripts spell the global scheduler GBL; XSched falls
// back to its app-managed scheduler and says so, and the fake shim too.
TEST_F(XschedWorkerTest, RunWhoseXschedLogSaysAppManagedStops) {
  // The planned variables are what the worker saw: only the log tells.
  ScenarioReport report;
  std::string error;
  EXPECT_FALSE(RunScenario(XSB_WORKER, XschedPlan(Context(), HipShim(), "GBL"),
                           &report, &error));
  EXPECT_EQ(error.rfind("hp worker is not on XSched's global scheduler: its "
                        "XSched log says \"[XSCHED INFO @ T ",
                        0),
            0u)
      << error;
  EXPECT_NE(error.find("using app-managed scheduler"), std::string::npos)
      << error;
}

TEST_F(XschedWorkerTest, RunWhoseShimCannotLoadStopsNamingTheCause) {
  // Not a shared library: the dynamic loader ignores the preload and says
  // so on stderr, and the worker runs without it.
  fs::remove(root_ / "lib/libshimhip.so");
  std::ofstream(root_ / "lib/libshimhip.so") << "not an ELF file";
  ScenarioReport report;
  std::string error;
  EXPECT_FALSE(RunScenario(XSB_WORKER, XschedPlan(Context(), HipShim()),
                           &report, &error));
  EXPECT_EQ(error.rfind("hp worker has no XSched shim mapped: " + HipShim() +
                            " is not in its /proc/self/maps",
                        0),
            0u)
      << error;
  EXPECT_NE(error.find("stderr: "), std::string::npos) << error;
  EXPECT_NE(error.find("cannot be preloaded"), std::string::npos) << error;
}

}  // namespace
}  // namespace xsb
