// A worker's model on the CPU backend, in-process: the memory check before
// allocation and the standalone timing through the stream timer; and, with
// a fake model on a simulated timeline, what the standalone timing and one
// request include.
#include "bench/worker/worker_run.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "shim_env/base/monotonic_time.h"

namespace xsb {
namespace {

// One simulated timeline shared by the fakes: every step advances it by its
// duration, as work on an otherwise idle device does, and the fake timer
// reads it. Host staging advances it too, as it does for GPU events on an
// idle stream, where a start event completes as soon as it is recorded.
struct Timeline {
  double now_ms = 0;
  std::vector<std::string> steps;
};

class FakeStream : public Stream {
 public:
  explicit FakeStream(Timeline* t) : t_(t) {}
  void Synchronize() override { t_->steps.push_back("sync"); }

 private:
  Timeline* t_;
};

class FakeTimer : public StreamTimer {
 public:
  explicit FakeTimer(Timeline* t) : t_(t) {}
  void Start() override {
    t_->steps.push_back("start");
    start_ms_ = t_->now_ms;
  }
  void Stop() override {
    t_->steps.push_back("stop");
    stop_ms_ = t_->now_ms;
  }
  double ElapsedMs() override { return stop_ms_ - start_ms_; }

 private:
  Timeline* t_;
  double start_ms_ = 0;
  double stop_ms_ = 0;
};

constexpr double kStagingMs = 100;  // the host copy into pinned memory
constexpr double kCopyMs = 1;

// Follows the Model contract: every CopyIn sends the last staged input; a
// CopyIn before the first StageInput stages first. The k-th Forward takes
// forward_ms[k].
class FakeModel : public Model {
 public:
  FakeModel(Timeline* t, std::vector<double> forward_ms)
      : t_(t), forward_ms_(std::move(forward_ms)) {}
  const MlpShape& shape() const override { return shape_; }
  std::vector<float>& input() override { return input_; }
  void StageInput() override {
    t_->steps.push_back("stage");
    t_->now_ms += kStagingMs;
    staged_ = true;
  }
  void CopyIn() override {
    if (!staged_) StageInput();
    t_->steps.push_back("in");
    t_->now_ms += kCopyMs;
  }
  void Forward() override {
    t_->steps.push_back("forward");
    t_->now_ms += forward_ms_.at(forwards_++);
  }
  void CopyOut() override {
    t_->steps.push_back("out");
    t_->now_ms += kCopyMs;
  }
  const std::vector<float>& output() const override { return input_; }

 private:
  Timeline* t_;
  std::vector<double> forward_ms_;
  size_t forwards_ = 0;
  bool staged_ = false;
  MlpShape shape_;
  std::vector<float> input_;
};

WorkerModel FakeWorkerModel(Timeline* t, std::vector<double> forward_ms) {
  WorkerModel m;
  m.stream = std::make_unique<FakeStream>(t);
  m.model = std::make_unique<FakeModel>(t, std::move(forward_ms));
  m.timer = std::make_unique<FakeTimer>(t);
  return m;
}

TEST(MeasureStandaloneMsTest, IsTheMedianStreamTimeWithoutHostStaging) {
  Timeline t;
  // Two warm-up runs, then five timed ones whose median forward is 5 ms.
  WorkerModel m = FakeWorkerModel(&t, {50, 50, 5, 1, 9, 3, 7});
  // Copy in + median forward + copy out, on the timer's clock (the real
  // clock would read about 0): no 100 ms of staging inside.
  EXPECT_DOUBLE_EQ(MeasureStandaloneMs(m), kCopyMs + 5 + kCopyMs);
  const std::vector<std::string> timed_run = {"stage",   "start", "in",
                                              "forward", "out",   "stop"};
  ASSERT_GE(t.steps.size(), timed_run.size());
  EXPECT_EQ(
      std::vector<std::string>(t.steps.end() - timed_run.size(), t.steps.end()),
      timed_run);
}

TEST(RunOnceTest, ServesARequestWithItsHostStaging) {
  Timeline t;
  WorkerModel m = FakeWorkerModel(&t, {2});
  RunOnce(m);
  EXPECT_EQ(t.steps, (std::vector<std::string>{"stage", "in", "forward", "out",
                                               "sync"}));
  // A request's latency counts everything from staging to the output.
  EXPECT_DOUBLE_EQ(t.now_ms, kStagingMs + kCopyMs + 2 + kCopyMs);
}

int CountSteps(const Timeline& t, const std::string& step) {
  return static_cast<int>(std::count(t.steps.begin(), t.steps.end(), step));
}

// LP's input never changes: staged once, not on the host between iterations
// while the GPU idles.
TEST(RunRoleTest, LpStagesItsInputOnce) {
  Timeline t;
  WorkerModel m = FakeWorkerModel(&t, std::vector<double>(5, 2.0));
  WorkerConfig config;
  config.role = WorkerRole::kLp;
  const int64_t now = MonotonicNowNs();
  // The window is over at once; the stop request ends LP after 5 iterations.
  int polls = 0;
  const ResultMessage result = RunRole(
      config, StartMessage{now, now}, m, [](const WorkerMessage&) {},
      [&polls](RunControl* control) { control->stop = ++polls > 5; });
  ASSERT_EQ(result.completions_ns.size(), 5u);
  EXPECT_EQ(CountSteps(t, "stage"), 1);
  EXPECT_EQ(CountSteps(t, "in"), 5);
  EXPECT_EQ(t.steps.front(), "stage");
}

// HP's latency includes each request's copy in from the host.
TEST(RunRoleTest, HpStagesEveryRequest) {
  Timeline t;
  WorkerModel m = FakeWorkerModel(&t, std::vector<double>(100, 0.0));
  WorkerConfig config;
  config.role = WorkerRole::kHp;
  config.rate_per_s = 1000;
  const int64_t now = MonotonicNowNs();
  const ResultMessage result = RunRole(
      config, StartMessage{now, now + 5'000'000}, m,
      [](const WorkerMessage&) {},
      [](RunControl* control) { control->stop = true; });
  ASSERT_GE(result.requests.size(), 2u);
  EXPECT_EQ(CountSteps(t, "stage"), static_cast<int>(result.requests.size()));
  EXPECT_EQ(CountSteps(t, "in"), static_cast<int>(result.requests.size()));
}

WorkerConfig CpuConfig(WorkerRole role, int batch) {
  WorkerConfig config;
  config.role = role;
  config.backend = BackendRequest::kCpu;
  config.shape = {4, 512, batch};
  config.rate_per_s = 10;
  return config;
}

TEST(BuildWorkerModelTest, WithinTheLimitItBuildsAndTimes) {
  WorkerConfig config = CpuConfig(WorkerRole::kHp, 1);
  config.memory_limit_mib = 5;
  WorkerModel m = BuildWorkerModel(config);
  ASSERT_NE(m.model, nullptr);
  ASSERT_NE(m.timer, nullptr);
  EXPECT_GT(MeasureStandaloneMs(m), 0);
}

TEST(BuildWorkerModelTest, OverTheLimitFailsWithTheRemedy) {
  WorkerConfig config = CpuConfig(WorkerRole::kLp, 1024);
  config.memory_limit_mib = 5;
  try {
    BuildWorkerModel(config);
    FAIL() << "a model of 8 MiB was built under a 5 MiB limit";
  } catch (const DeviceError& e) {
    EXPECT_STREQ(e.what(),
                 "LP batch 1024 needs 8.0 MiB of memory, more than "
                 "--xsb_memory_limit_mib=5 allows; try a smaller "
                 "--xsb_lp_batch (1024 -> 512 -> 256 -> 128)");
  }
}

TEST(BuildWorkerModelTest, ATracePathReplaysTheTrace) {
  const std::string path = ::testing::TempDir() + "/worker_run_trace.json";
  {
    std::ofstream f(path);
    f << R"({"kernels": [{"name": "k", "duration_us": 1500, "blocks": 1}]})";
  }
  WorkerConfig config = CpuConfig(WorkerRole::kHp, 1);
  config.trace_path = path;
  WorkerModel m = BuildWorkerModel(config);
  // The MLP of this shape takes microseconds; the trace 1.5 ms at least.
  EXPECT_GE(MeasureStandaloneMs(m), 1.5);
}

TEST(BuildWorkerModelTest, ABadTraceFailsNamingFileAndRow) {
  const std::string path = ::testing::TempDir() + "/worker_run_bad.json";
  {
    std::ofstream f(path);
    f << R"({"kernels": [{"name": "k"}]})";
  }
  WorkerConfig config = CpuConfig(WorkerRole::kLp, 8);
  config.trace_path = path;
  try {
    BuildWorkerModel(config);
    FAIL() << "a trace without durations was replayed";
  } catch (const DeviceError& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ": kernels[0]: needs \"duration_us\" >= 0");
  }
}

TEST(BuildWorkerModelTest, NoLimitOnTheCpuMeansNoCheck) {
  WorkerModel m = BuildWorkerModel(CpuConfig(WorkerRole::kLp, 1024));
  EXPECT_NE(m.model, nullptr);
}

}  // namespace
}  // namespace xsb
