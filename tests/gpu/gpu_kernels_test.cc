// The GPU backend against the CPU reference, on the first GPU; the trace
// replay's accuracy by GPU events and the vendor GEMM against the builtin.
// Every test that needs a device skips itself with the reason where there is
// none, and fails instead where XSB_REQUIRE_GPU=1 or a GPU is there that this
// build cannot use (tests/gpu/gpu_requirement.h); the error message tests
// need only the runtime library.
//
// Tolerances: the GPU sums each dot product in a different order (16-wide
// tiles, bias added last) and may fuse multiply-adds, so results differ
// from the CPU's in the last bits of each partial sum. With hidden <= 1024
// and the weights' Kaiming scale the expected difference is about 1e-6;
// kRelTolerance allows 1e-4 of max(1, |reference|).
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <ostream>
#include <regex>
#include <string>
#include <vector>

#include "bench/measure/clock.h"
#include "bench/worker/memory_check.h"
#include "bench/worker/worker_run.h"
#include "kernels/backend.h"
#include "kernels/cpu/mlp_cpu.h"
#include "kernels/gpu/gpu_check.h"
#include "kernels/gpu/gpu_resources.h"
#include "kernels/gpu/gpu_runtime.h"
#include "kernels/gpu/gpu_stream.h"
#include "kernels/gpu/mlp_kernels.h"
#include "kernels/host/amd_sysfs.h"
#include "kernels/host/cu_mask.h"
#include "kernels/host/driver_version.h"
#include "kernels/host/mlp_weights.h"
#include "kernels/trace/kernel_trace.h"
#include "kernels/trace/replay_plan.h"
#include "kernels/trace/trace_model.h"
#include "tests/gpu/gpu_requirement.h"

namespace xsb {
namespace {

constexpr float kRelTolerance = 1e-4f;

// The spin's expected accuracy on an idle GPU, by GPU events: launch and
// block start jitter of a few microseconds, event resolution of about 1 us,
// and a clock rate known to the calibration's precision.
constexpr double kSpinRelTolerance = 0.02;
constexpr double kSpinAbsToleranceUs = 10;

void ExpectClose(const std::vector<float>& actual,
                 const std::vector<float>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) {
    const float tolerance =
        kRelTolerance * std::max(1.0f, std::abs(expected[i]));
    ASSERT_NEAR(actual[i], expected[i], tolerance) << "element " << i;
  }
}

// One request's worth of work on the model, checked against the CPU.
void ExpectForwardMatchesReference(Model& model, Stream& stream,
                                   const MlpWeights& weights) {
  model.StageInput();
  model.CopyIn();
  model.Forward();
  model.CopyOut();
  stream.Synchronize();
  ExpectClose(model.output(),
              MlpForwardReference(model.shape(), weights, model.input()));
}

class GpuTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why_not;
    device_ = OpenGpuDevice(&why_not);
    if (device_ == nullptr) {
      // A skip only where there is no GPU and none is required.
      const MissingGpu missing =
          ExplainMissingGpuHere(CompiledGpuBackend(), why_not);
      if (missing.fail) FAIL() << missing.message;
      GTEST_SKIP() << missing.message;
    }
    stream_ = device_->CreateStream(StreamOptions{});
  }

  hipStream_t handle() {
    return dynamic_cast<gpu::GpuStream&>(*stream_).handle();
  }

  std::unique_ptr<Device> device_;
  std::unique_ptr<Stream> stream_;
};

// ------------------------------------------------------------- Device facts

TEST_F(GpuTest, DeviceFactsAreFilled) {
  const DeviceInfo info = device_->Info();
  EXPECT_STREQ(BackendName(info.backend), CompiledGpuBackend());
  EXPECT_FALSE(info.name.empty());
  EXPECT_GT(info.compute_units, 0);
  EXPECT_GT(info.memory_bytes, int64_t{1} << 30);
  EXPECT_TRUE(
      std::regex_search(info.runtime_version, std::regex(R"(^[1-9]\d*\.\d+)")))
      << info.runtime_version;
  EXPECT_FALSE(info.driver_version.empty());
  const std::optional<int64_t> free = device_->FreeMemoryBytes();
  ASSERT_TRUE(free.has_value());
  EXPECT_GT(*free, 0);
  EXPECT_LE(*free, info.memory_bytes);
}

// What the worker reads beside the runtime agrees with the runtime on a real
// GPU: the driver check does not refuse a driver that works, the KFD
// topology names the device's own target, the driver's VRAM counters are
// found for the device.
TEST_F(GpuTest, DriverThatOpenedTheDeviceIsNoShortfall) {
#if defined(XSB_GPU_CUDA)
  int runtime = 0;
  int driver = 0;
  XSB_GPU_CHECK(hipRuntimeGetVersion(&runtime));
  XSB_GPU_CHECK(hipDriverGetVersion(&driver));
  const std::string release =
      NvidiaDriverVersion(ReadTextFile("/proc/driver/nvidia/version"));
  EXPECT_EQ(DescribeCudaDriverShortfall(runtime, driver, release), "")
      << "runtime " << runtime << ", driver API " << driver << ", release "
      << release;
#else
  GTEST_SKIP() << "a CUDA driver check; this is the hip build";
#endif
}

TEST_F(GpuTest, SysfsTargetsNameTheDevice) {
#if defined(XSB_GPU_CUDA)
  GTEST_SKIP() << "AMD's KFD topology; this is the cuda build";
#else
  hipDeviceProp_t props;
  XSB_GPU_CHECK(hipGetDeviceProperties(&props, 0));
  const std::string arch = props.gcnArchName;
  const std::optional<std::vector<std::string>> visible = VisibleAmdTargets(
      ReadKfdGpuTargets(kKfdNodesDir), AmdGpuVisibilityFromEnvironment());
  ASSERT_TRUE(visible.has_value()) << "a visibility list names GPUs by UUID";
  ASSERT_FALSE(visible->empty());
  EXPECT_EQ(visible->front(), arch.substr(0, arch.find(':')));
  std::string error;
  EXPECT_TRUE(CheckAmdTargetsCompiled(*visible, XSB_HIP_TARGETS, &error))
      << error;
#endif
}

TEST_F(GpuTest, FreeMemoryIsNoMoreThanTheDriverCounts) {
#if defined(XSB_GPU_CUDA)
  GTEST_SKIP() << "amdgpu's VRAM counters; this is the cuda build";
#else
  char pci_bus_id[32] = {};
  XSB_GPU_CHECK(hipDeviceGetPCIBusId(pci_bus_id, sizeof pci_bus_id, 0));
  const std::optional<int64_t> driver_free =
      DrmFreeVramBytes(kDrmDir, pci_bus_id);
  ASSERT_TRUE(driver_free.has_value())
      << "no /sys/class/drm/card*/device with PCI_SLOT_NAME=" << pci_bus_id;
  // Other processes may allocate or free between the two readings.
  const int64_t slack = int64_t{256} << 20;
  EXPECT_LE(*device_->FreeMemoryBytes(), *driver_free + slack);
#endif
}

// ------------------------------------------------------------ MLP kernels

struct LayerCase {
  int batch;
  int hidden;
};

// Printed params end up in ctest's test names; the default is a byte dump.
void PrintTo(const LayerCase& c, std::ostream* os) {
  *os << "batch " << c.batch << ", hidden " << c.hidden;
}

class MlpLayerKernelTest : public GpuTest,
                           public ::testing::WithParamInterface<LayerCase> {};

TEST_P(MlpLayerKernelTest, MatchesCpuTile) {
  const LayerCase c = GetParam();
  const MlpShape shape{1, c.hidden, c.batch};
  const MlpWeights weights = MakeMlpWeights(shape, 21);
  const std::vector<float> input = MakeMlpInput(shape, 21);
  std::vector<float> expected(input.size());
  MlpLayerTile(input.data(), weights.weights[0].data(),
               weights.biases[0].data(), expected.data(), c.hidden,
               OutputTile{0, c.batch, 0, c.hidden});

  gpu::DeviceBuffer<float> in(input.size());
  gpu::DeviceBuffer<float> w(weights.weights[0].size());
  gpu::DeviceBuffer<float> bias(weights.biases[0].size());
  gpu::DeviceBuffer<float> out(input.size());
  // Every copy on the kernel's own stream: it is non-blocking, so a copy on
  // the legacy stream (hipMemcpy) would not be ordered before the launch.
  const hipStream_t stream = handle();
  XSB_GPU_CHECK(hipMemcpyAsync(in.get(), input.data(), in.bytes(),
                               hipMemcpyHostToDevice, stream));
  XSB_GPU_CHECK(hipMemcpyAsync(w.get(), weights.weights[0].data(), w.bytes(),
                               hipMemcpyHostToDevice, stream));
  XSB_GPU_CHECK(hipMemcpyAsync(bias.get(), weights.biases[0].data(),
                               bias.bytes(), hipMemcpyHostToDevice, stream));
  gpu::LaunchMlpLayer(in.get(), w.get(), bias.get(), out.get(), c.batch,
                      c.hidden, stream);
  std::vector<float> actual(input.size());
  XSB_GPU_CHECK(hipMemcpyAsync(actual.data(), out.get(), out.bytes(),
                               hipMemcpyDeviceToHost, stream));
  XSB_GPU_CHECK(hipStreamSynchronize(stream));
  ExpectClose(actual, expected);
  EXPECT_TRUE(std::any_of(expected.begin(), expected.end(), [](float v) {
    return v == 0;
  })) << "the case should exercise ReLU";
}

// Ragged edges in both directions, single rows, exact tiles, and a batch
// spanning several row tiles.
INSTANTIATE_TEST_SUITE_P(Shapes, MlpLayerKernelTest,
                         ::testing::Values(LayerCase{1, 512}, LayerCase{3, 37},
                                           LayerCase{16, 16},
                                           LayerCase{33, 100},
                                           LayerCase{64, 256},
                                           LayerCase{5, 1024}),
                         [](const ::testing::TestParamInfo<LayerCase>& info) {
                           return "b" + std::to_string(info.param.batch) +
                                  "_h" + std::to_string(info.param.hidden);
                         });

struct ForwardCase {
  MlpShape shape;
  StreamPriority priority;
};

void PrintTo(const ForwardCase& c, std::ostream* os) {
  *os << c.shape.layers << " layers, hidden " << c.shape.hidden << ", batch "
      << c.shape.batch << ", " << StreamPriorityName(c.priority) << " priority";
}

class GpuForwardTest : public GpuTest,
                       public ::testing::WithParamInterface<ForwardCase> {};

TEST_P(GpuForwardTest, MatchesReference) {
  const ForwardCase c = GetParam();
  const uint64_t seed = 1234;
  StreamOptions options;
  options.priority = c.priority;
  auto stream = device_->CreateStream(options);
  auto model = device_->CreateModel(c.shape, seed, *stream);
  const MlpWeights weights = MakeMlpWeights(c.shape, seed);
  ExpectForwardMatchesReference(*model, *stream, weights);
  // A second pass over a new input uses the new input.
  for (float& v : model->input()) v = -v;
  ExpectForwardMatchesReference(*model, *stream, weights);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, GpuForwardTest,
    ::testing::Values(ForwardCase{{1, 16, 1}, StreamPriority::kDefault},
                      ForwardCase{{3, 37, 1}, StreamPriority::kHighest},
                      ForwardCase{{4, 512, 8}, StreamPriority::kLowest},
                      ForwardCase{{2, 100, 13}, StreamPriority::kDefault},
                      ForwardCase{{4, 256, 64}, StreamPriority::kHighest}),
    [](const ::testing::TestParamInfo<ForwardCase>& info) {
      const ForwardCase& c = info.param;
      return "l" + std::to_string(c.shape.layers) + "_h" +
             std::to_string(c.shape.hidden) + "_b" +
             std::to_string(c.shape.batch) + "_" +
             StreamPriorityName(c.priority);
    });

// ------------------------------------------------------- Spin and timing

// The cu-mask scheduler's stream: on hip, restricted to its share of the
// CUs (as the runtime reports the mask back) and still computing the right
// result; on cuda, refused with one line.
TEST_F(GpuTest, CuMaskedStreamUsesItsShareOrIsRefused) {
  StreamOptions options;
  options.cu_mask_percent = 50;
#if defined(XSB_GPU_CUDA)
  try {
    device_->CreateStream(options);
    ADD_FAILURE() << "the cuda backend created a CU-masked stream";
  } catch (const DeviceError& e) {
    EXPECT_NE(std::string(e.what()).find("hipExtStreamCreateWithCUMask"),
              std::string::npos)
        << e.what();
  }
#else
  auto stream = device_->CreateStream(options);
  auto& gpu_stream = dynamic_cast<gpu::GpuStream&>(*stream);
  const int units = device_->Info().compute_units;
  EXPECT_EQ(gpu_stream.masked_units(), MaskedUnits(units, 50));
  std::vector<uint32_t> mask((units + 31) / 32, 0);
  XSB_GPU_CHECK(hipExtStreamGetCUMask(
      gpu_stream.handle(), static_cast<uint32_t>(mask.size()), mask.data()));
  EXPECT_EQ(mask, CuMaskWords(units, 50));
  const MlpShape shape{2, 64, 4};
  auto model = device_->CreateModel(shape, 77, *stream);
  ExpectForwardMatchesReference(*model, *stream, MakeMlpWeights(shape, 77));
#endif
}

TEST_F(GpuTest, SpinLastsWhatWasAskedByGpuEvents) {
  auto spinner = device_->CreateSpinner(*stream_);
  auto timer = device_->CreateTimer(*stream_);
  for (double us : {100.0, 1000.0, 5000.0}) {
    timer->Start();
    spinner->Spin(us);
    timer->Stop();
    const double elapsed_us = timer->ElapsedMs() * 1e3;
    EXPECT_NEAR(elapsed_us, us, us * kSpinRelTolerance + kSpinAbsToleranceUs)
        << "asked for " << us << " us";
  }
}

TEST_F(GpuTest, SpinAndEventsAgreeWithTheHostClock) {
  auto spinner = device_->CreateSpinner(*stream_);
  auto timer = device_->CreateTimer(*stream_);
  const int64_t begin = MonotonicNowNs();
  timer->Start();
  spinner->Spin(20'000);
  timer->Stop();
  stream_->Synchronize();
  const double host_ms = (MonotonicNowNs() - begin) / 1e6;
  const double event_ms = timer->ElapsedMs();
  // The host saw at least what the events saw, and not much more.
  EXPECT_GE(host_ms, event_ms * (1 - kSpinRelTolerance));
  EXPECT_LT(host_ms, event_ms + 5);
  EXPECT_NEAR(event_ms, 20, 20 * kSpinRelTolerance + kSpinAbsToleranceUs / 1e3);
}

TEST_F(GpuTest, SpinRejectsBadRequests) {
  auto spinner = device_->CreateSpinner(*stream_);
  EXPECT_THROW(spinner->Spin(-1), DeviceError);
  EXPECT_THROW(spinner->Spin(1e300), DeviceError);
}

// The standalone figure is device work only: it matches copy in + forward +
// copy out timed by events of our own around an input staged beforehand,
// and leaves out the host staging, which an idle stream's events would
// otherwise count. No layers: the 64 MiB copies are all the device work, so
// the staging (a 64 MiB host copy) is large beside the tolerance.
TEST_F(GpuTest, StandaloneForwardLeavesOutHostStaging) {
  WorkerConfig config;
  config.role = WorkerRole::kLp;
  config.backend = BackendRequest::kGpu;
  config.shape = {0, 4096, 4096};
  WorkerModel m = BuildWorkerModel(config);
  const double forward_ms = MeasureStandaloneMs(m);

  constexpr int kRuns = 5;
  std::vector<double> device_ms;
  std::vector<double> staging_ms;
  gpu::GpuEvent begin(gpu::EventTiming::kEnabled);
  gpu::GpuEvent end(gpu::EventTiming::kEnabled);
  const hipStream_t stream = dynamic_cast<gpu::GpuStream&>(*m.stream).handle();
  for (int i = 0; i < kRuns; ++i) {
    const int64_t staging_begin = MonotonicNowNs();
    m.model->StageInput();
    staging_ms.push_back((MonotonicNowNs() - staging_begin) / 1e6);
    XSB_GPU_CHECK(hipEventRecord(begin.get(), stream));
    m.model->CopyIn();
    m.model->Forward();
    m.model->CopyOut();
    XSB_GPU_CHECK(hipEventRecord(end.get(), stream));
    XSB_GPU_CHECK(hipEventSynchronize(end.get()));
    float ms = 0;
    XSB_GPU_CHECK(hipEventElapsedTime(&ms, begin.get(), end.get()));
    device_ms.push_back(ms);
  }
  std::sort(device_ms.begin(), device_ms.end());
  std::sort(staging_ms.begin(), staging_ms.end());
  const double reference_ms = device_ms[kRuns / 2];
  const double tolerance_ms = 0.2 * reference_ms + 0.05;
  ASSERT_GT(staging_ms[0], 2 * tolerance_ms)
      << "staging must be slow enough to tell apart; reference " << reference_ms
      << " ms";
  EXPECT_NEAR(forward_ms, reference_ms, tolerance_ms)
      << "staging took " << staging_ms[kRuns / 2] << " ms";
}

// What was staged is what every CopyIn sends, until the next StageInput:
// LP stages its input once, and a change to input() alone sends nothing.
TEST_F(GpuTest, StagedInputIsWhatCopyInSends) {
  const MlpShape shape{2, 64, 4};
  auto model = device_->CreateModel(shape, 5, *stream_);
  const MlpWeights weights = MakeMlpWeights(shape, 5);
  const std::vector<float> staged = model->input();
  model->StageInput();
  for (float& v : model->input()) v = -v;  // not staged
  for (int pass = 0; pass < 2; ++pass) {
    model->CopyIn();
    model->Forward();
    model->CopyOut();
    stream_->Synchronize();
    ExpectClose(model->output(), MlpForwardReference(shape, weights, staged));
  }
  ExpectForwardMatchesReference(*model, *stream_, weights);
  model->input().push_back(0);
  EXPECT_THROW(model->StageInput(), DeviceError);
}

// ------------------------------------------------------------------ Memory

TEST_F(GpuTest, ModelAllocatesWhatTheMemoryCheckCounts) {
  // A first model loads whatever the runtime loads lazily.
  auto warm = device_->CreateModel({1, 16, 1}, 1, *stream_);
  const int64_t before = *device_->FreeMemoryBytes();
  const MlpShape shape{4, 2048, 256};  // 68 MiB
  auto model = device_->CreateModel(shape, 1, *stream_);
  const int64_t used = before - *device_->FreeMemoryBytes();
  const double need = ModelMemoryBytes(shape);
  // Allocations round up to the runtime's granularity (2 MiB pages).
  EXPECT_GE(used, need - 4.0 * 1024 * 1024);
  EXPECT_LE(used, need + 16.0 * 1024 * 1024);
}

TEST_F(GpuTest, FailedAllocationThrowsOutOfMemoryAndLeavesTheDeviceUsable) {
  const size_t too_much = static_cast<size_t>(device_->Info().memory_bytes) * 2;
  EXPECT_THROW(gpu::DeviceBuffer<char>{too_much}, OutOfMemoryError);
  // The failure left nothing behind that breaks the next kernel.
  auto model = device_->CreateModel({2, 64, 4}, 3, *stream_);
  ExpectForwardMatchesReference(*model, *stream_,
                                MakeMlpWeights({2, 64, 4}, 3));
}

TEST_F(GpuTest, WorkerModelTooLargeForTheGpuSaysWhatToDo) {
  WorkerConfig config;
  config.role = WorkerRole::kLp;
  config.backend = BackendRequest::kGpu;
  // Two activation buffers of 4 KiB per row: twice the GPU's memory.
  const int64_t rows = device_->Info().memory_bytes / 4096;
  ASSERT_LT(rows, INT_MAX);
  config.shape = {1, 1024, static_cast<int>(rows)};
  try {
    BuildWorkerModel(config);
    FAIL() << "a model twice the GPU's memory was built";
  } catch (const DeviceError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("LP batch " + std::to_string(rows) + " needs ", 0),
              0u)
        << message;
    EXPECT_NE(message.find(" of GPU memory, "), std::string::npos) << message;
    EXPECT_NE(message.find(" are free; try a smaller --xsb_lp_batch ("),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST_F(GpuTest, MemoryLimitBelowFreeMemoryIsHonoured) {
  WorkerConfig config;
  config.role = WorkerRole::kLp;
  config.backend = BackendRequest::kGpu;
  config.shape = {4, 512, 1024};  // 8 MiB
  config.memory_limit_mib = 5;
  try {
    BuildWorkerModel(config);
    FAIL() << "an 8 MiB model was built under a 5 MiB limit";
  } catch (const DeviceError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "LP batch 1024 needs 8.0 MiB of GPU memory, more than "
                  "--xsb_memory_limit_mib=5 allows ("),
              std::string::npos)
        << e.what();
  }
  config.memory_limit_mib = 9;
  EXPECT_NE(BuildWorkerModel(config).model, nullptr);
}

// ----------------------------------------------------------- Launch errors

TEST_F(GpuTest, LaunchOutsideTheGridFailsWithOneLine) {
  hipDeviceProp_t props;
  XSB_GPU_CHECK(hipGetDeviceProperties(&props, 0));
  // One row tile more than the grid's y dimension holds; the launch fails
  // before any memory is touched.
  const long long rows =
      (static_cast<long long>(props.maxGridSize[1]) + 1) * 16;
  if (rows > INT_MAX) {
    GTEST_SKIP() << "this GPU's grid (y up to " << props.maxGridSize[1]
                 << ") cannot be exceeded with an int batch";
  }
  try {
    gpu::LaunchMlpLayer(nullptr, nullptr, nullptr, nullptr,
                        static_cast<int>(rows), 16, handle());
    FAIL() << "a launch of " << rows / 16 << " row tiles succeeded";
  } catch (const DeviceError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("launch of MlpLayerKernel failed: "),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

// Needs the runtime library only, so it runs without a device too.
// ------------------------------------------------------- Trace replay
//
// Replay tolerance (docs/workloads.md): each replayed kernel lasts the
// trace's duration within 5 % + 10 us by GPU events, compute and memory
// kernels alike (the spin's own accuracy is 2 % + 10 us; the streaming
// kernel reads the clock every 16 KiB per block); a whole pass within 5 %
// + 10 us per kernel of the trace's kernel time plus its host gaps.

constexpr double kReplayRelTolerance = 0.05;
constexpr double kReplayAbsToleranceUs = 10;

// One of the example traces the trace-* scenarios replay.
KernelTrace Example(const std::string& name) {
  KernelTrace trace;
  std::string error;
  EXPECT_TRUE(LoadKernelTrace(std::string(XSB_TRACE_EXAMPLES_DIR) + "/" + name,
                              &trace, &error))
      << error;
  return trace;
}

TEST_F(GpuTest, EachKernelLastsItsTraceDuration) {
  auto spinner = device_->CreateSpinner(*stream_);
  auto timer = device_->CreateTimer(*stream_);
  for (const char* name : {"resnet_infer.json", "train_step.json"}) {
    const KernelTrace trace = Example(name);
    for (const TraceKernel& k : trace.kernels) {
      const double us = k.duration_ns / 1e3;
      const KernelKind kind =
          k.memory_bound ? KernelKind::kMemory : KernelKind::kCompute;
      timer->Start();
      spinner->Kernel(us, k.blocks, kind);
      timer->Stop();
      const double elapsed_us = timer->ElapsedMs() * 1e3;
      EXPECT_NEAR(elapsed_us, us,
                  us * kReplayRelTolerance + kReplayAbsToleranceUs)
          << name << ": " << k.name << " (" << k.blocks << " blocks, "
          << (k.memory_bound ? "memory" : "compute") << ")";
    }
  }
}

TEST_F(GpuTest, APassTakesTheTraceTime) {
  for (const char* name :
       {"resnet_infer.json", "transformer_decode.json", "train_step.json"}) {
    const KernelTrace trace = Example(name);
    double expected_us = TotalGpuNs(trace) / 1e3;
    for (const ReplayStep& step : MakeReplayPlan(trace)) {
      if (step.kind == ReplayStepKind::kHostGap) {
        expected_us += step.microseconds;
      }
    }
    TraceModel model(MakeReplayPlan(trace), device_->CreateSpinner(*stream_),
                     *stream_);
    auto timer = device_->CreateTimer(*stream_);
    model.Forward();  // warm-up: the streaming buffers are allocated
    stream_->Synchronize();
    timer->Start();
    model.Forward();
    timer->Stop();
    const double elapsed_us = timer->ElapsedMs() * 1e3;
    std::printf("%s: %zu kernels, trace %.1f us, replay %.1f us\n", name,
                trace.kernels.size(), expected_us, elapsed_us);
    EXPECT_NEAR(elapsed_us, expected_us,
                expected_us * kReplayRelTolerance +
                    kReplayAbsToleranceUs * trace.kernels.size())
        << name;
  }
}

// ----------------------------------------------------------- vendor GEMM

// Forward once; returns the output and the median time of a few passes.
std::vector<float> ForwardAndTime(Device& device, Stream& stream,
                                  const MlpShape& shape, double* median_ms) {
  auto model = device.CreateModel(shape, 7, stream);
  auto timer = device.CreateTimer(stream);
  model->CopyIn();
  model->Forward();
  model->CopyOut();
  stream.Synchronize();
  const std::vector<float> output = model->output();
  std::vector<double> ms;
  for (int i = 0; i < 5; ++i) {
    timer->Start();
    model->Forward();
    timer->Stop();
    ms.push_back(timer->ElapsedMs());
  }
  std::sort(ms.begin(), ms.end());
  *median_ms = ms[ms.size() / 2];
  return output;
}

TEST_F(GpuTest, VendorGemmMatchesBuiltinAndReportsGflops) {
  // The GPU defaults' HP and LP shapes (bench/cli/model_defaults.cc).
  for (MlpShape shape : {MlpShape{8, 8192, 1}, MlpShape{8, 4096, 1024}}) {
    double builtin_ms = 0, vendor_ms = 0;
    shape.gemm = Gemm::kBuiltin;
    const std::vector<float> builtin =
        ForwardAndTime(*device_, *stream_, shape, &builtin_ms);
    shape.gemm = Gemm::kVendor;
    std::vector<float> vendor;
    try {
      vendor = ForwardAndTime(*device_, *stream_, shape, &vendor_ms);
    } catch (const DeviceError& e) {
      GTEST_SKIP() << e.what();
    }
    ASSERT_EQ(vendor.size(), builtin.size());
    for (size_t i = 0; i < vendor.size(); ++i) {
      ASSERT_NEAR(vendor[i], builtin[i],
                  1e-3f * std::max(1.0f, std::abs(builtin[i])))
          << "element " << i;
    }
    const double gflop = 2.0 * shape.layers * shape.batch *
                         static_cast<double>(shape.hidden) * shape.hidden / 1e9;
    std::printf(
        "batch %d hidden %d layers %d: builtin %.3f ms (%.0f GFLOP/s), "
        "vendor %.3f ms (%.0f GFLOP/s)\n",
        shape.batch, shape.hidden, shape.layers, builtin_ms,
        gflop / builtin_ms * 1e3, vendor_ms, gflop / vendor_ms * 1e3);
  }
}

TEST(GpuErrorTest, MessagesNameCauseAndRemedy) {
  try {
    gpu::ThrowGpuError(hipErrorInvalidDeviceFunction, "launch of K", "k.hip",
                       7);
    FAIL();
  } catch (const DeviceError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("k.hip:7: launch of K failed: ", 0), 0u) << message;
    EXPECT_NE(message.find("not compiled for this GPU"), std::string::npos)
        << message;
    EXPECT_TRUE(message.find("-DXSB_HIP_ARCHS=") != std::string::npos ||
                message.find("-DXSB_CUDA_ARCHS=") != std::string::npos)
        << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
  EXPECT_THROW(gpu::ThrowGpuError(hipErrorOutOfMemory, "hipMalloc", "m.cc", 1),
               OutOfMemoryError);
  for (hipError_t status : {hipErrorNoDevice, hipErrorLaunchFailure,
                            hipErrorIllegalAddress, hipErrorInvalidDevice}) {
    EXPECT_GT(std::string(gpu::GpuErrorRemedy(status)).size(), 20u);
  }
}

}  // namespace
}  // namespace xsb
