// The trace replay and the vendor GEMM on the first GPU; every test skips
// with the reason where there is none (or, for the vendor GEMM, where the
// vendor library does not load).
//
// Replay tolerance (docs/workloads.md): each replayed kernel lasts the
// trace's duration within 5 % + 10 us by GPU events, compute and memory
// kernels alike (the spin's own accuracy is 2 % + 10 us; the streaming
// kernel reads the clock every 16 KiB per block); a whole pass within 5 %
// + 10 us per kernel of the trace's kernel time plus its host gaps.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "kernels/backend.h"
#include "kernels/trace/kernel_trace.h"
#include "kernels/trace/replay_plan.h"
#include "kernels/trace/trace_model.h"

namespace xsb {
namespace {

constexpr double kReplayRelTolerance = 0.05;
constexpr double kReplayAbsToleranceUs = 10;

class GpuReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why_not;
    device_ = OpenGpuDevice(&why_not);
    if (device_ == nullptr) GTEST_SKIP() << "no GPU: " << why_not;
    stream_ = device_->CreateStream(StreamOptions{});
  }

  KernelTrace Example(const std::string& name) {
    KernelTrace trace;
    std::string error;
    EXPECT_TRUE(LoadKernelTrace(
        std::string(XSB_TRACE_EXAMPLES_DIR) + "/" + name, &trace, &error))
        << error;
    return trace;
  }

  std::unique_ptr<Device> device_;
  std::unique_ptr<Stream> stream_;
};

TEST_F(GpuReplayTest, EachKernelLastsItsTraceDuration) {
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

TEST_F(GpuReplayTest, APassTakesTheTraceTime) {
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

TEST_F(GpuReplayTest, VendorGemmMatchesBuiltinAndReportsGflops) {
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

}  // namespace
}  // namespace xsb
