#include "kernels/cpu/mlp_cpu.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "kernels/backend.h"
#include "kernels/cpu/thread_pool.h"
#include "kernels/host/mlp_weights.h"
#include "kernels/workload.h"

namespace xsb {
namespace {

// ---------------------------------------------------------------- SplitOutput

struct SplitCase {
  int batch;
  int hidden;
  int target;
};

// Printed params end up in ctest's test names; the default is a byte dump.
void PrintTo(const SplitCase& c, std::ostream* os) {
  *os << "batch " << c.batch << ", hidden " << c.hidden << ", " << c.target
      << " tiles";
}

class SplitOutputTest : public ::testing::TestWithParam<SplitCase> {};

TEST_P(SplitOutputTest, TilesCoverOutputExactlyOnce) {
  const SplitCase c = GetParam();
  const std::vector<OutputTile> tiles =
      SplitOutput(c.batch, c.hidden, c.target);
  ASSERT_FALSE(tiles.empty());
  std::vector<int> covered(static_cast<size_t>(c.batch) * c.hidden, 0);
  for (const OutputTile& t : tiles) {
    ASSERT_LE(0, t.row_begin);
    ASSERT_LT(t.row_begin, t.row_end);
    ASSERT_LE(t.row_end, c.batch);
    ASSERT_LE(0, t.col_begin);
    ASSERT_LT(t.col_begin, t.col_end);
    ASSERT_LE(t.col_end, c.hidden);
    for (int r = t.row_begin; r < t.row_end; ++r) {
      for (int j = t.col_begin; j < t.col_end; ++j) {
        ++covered[static_cast<size_t>(r) * c.hidden + j];
      }
    }
  }
  for (size_t i = 0; i < covered.size(); ++i) {
    ASSERT_EQ(covered[i], 1)
        << "row " << i / c.hidden << " col " << i % c.hidden;
  }
  // "About target" tiles: never more than asked for (at least one).
  EXPECT_LE(tiles.size(), static_cast<size_t>(std::max(c.target, 1)));
}

TEST_P(SplitOutputTest, ColumnSplitsStartOnMultiplesOf16) {
  const SplitCase c = GetParam();
  for (const OutputTile& t : SplitOutput(c.batch, c.hidden, c.target)) {
    EXPECT_EQ(t.col_begin % 16, 0) << t.col_begin;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, SplitOutputTest,
    ::testing::Values(SplitCase{1, 512, 1}, SplitCase{1, 512, 4},
                      SplitCase{1, 512, 64}, SplitCase{1, 100, 8},
                      SplitCase{1, 5, 8}, SplitCase{1, 17, 3},
                      SplitCase{1, 33, 100}, SplitCase{2, 100, 7},
                      SplitCase{3, 50, 4}, SplitCase{3, 50, 13},
                      SplitCase{7, 64, 4}, SplitCase{8, 512, 8},
                      SplitCase{64, 512, 16}, SplitCase{100, 3, 7},
                      SplitCase{5, 40, 0}, SplitCase{4, 1, 64}),
    [](const ::testing::TestParamInfo<SplitCase>& info) {
      return "b" + std::to_string(info.param.batch) + "_h" +
             std::to_string(info.param.hidden) + "_t" +
             std::to_string(info.param.target);
    });

TEST(SplitOutputTest, SingleRowUsesSeveralColumnTiles) {
  // An HP request of one row must still be spread over the threads.
  EXPECT_EQ(SplitOutput(1, 512, 4).size(), 4u);
  EXPECT_EQ(SplitOutput(8, 512, 8).size(), 8u);
}

// --------------------------------------------------------------- MlpLayerTile

TEST(MlpLayerTileTest, HandComputedHiddenTwo) {
  // in rows: [1, 2], [-1, 3]; w[k][j]: [[1, -1], [0.5, 2]]; bias [0.25, -1].
  // row 0: j0 = 0.25 + 1*1 + 2*0.5 = 2.25; j1 = -1 + 1*-1 + 2*2 = 2
  // row 1: j0 = 0.25 - 1 + 1.5 = 0.75;     j1 = -1 + 1 + 6 = 6
  const float in[] = {1, 2, -1, 3};
  const float w[] = {1, -1, 0.5f, 2};
  const float bias[] = {0.25f, -1};
  float out[4] = {-9, -9, -9, -9};
  MlpLayerTile(in, w, bias, out, 2, OutputTile{0, 2, 0, 2});
  EXPECT_FLOAT_EQ(out[0], 2.25f);
  EXPECT_FLOAT_EQ(out[1], 2.0f);
  EXPECT_FLOAT_EQ(out[2], 0.75f);
  EXPECT_FLOAT_EQ(out[3], 6.0f);
}

TEST(MlpLayerTileTest, ReluClampsNegativeOutputs) {
  // row 0: j0 = 0 + 1*-2 + 1*1 = -1 -> 0; j1 = 0 + 1*3 + 1*-1 = 2
  const float in[] = {1, 1};
  const float w[] = {-2, 3, 1, -1};
  const float bias[] = {0, 0};
  float out[2] = {7, 7};
  MlpLayerTile(in, w, bias, out, 2, OutputTile{0, 1, 0, 2});
  EXPECT_EQ(out[0], 0.0f);
  EXPECT_FLOAT_EQ(out[1], 2.0f);
  // A negative bias alone is clamped too.
  const float zero_in[] = {0, 0};
  const float neg_bias[] = {-0.5f, 0.5f};
  MlpLayerTile(zero_in, w, neg_bias, out, 2, OutputTile{0, 1, 0, 2});
  EXPECT_EQ(out[0], 0.0f);
  EXPECT_FLOAT_EQ(out[1], 0.5f);
}

TEST(MlpLayerTileTest, WritesOnlyItsTile) {
  // hidden 3, batch 2; compute only row 1, columns [1, 3).
  const float in[] = {1, 2, 3, 4, 5, 6};
  const float w[] = {1, 0, 0,   // k = 0
                     0, 1, 0,   // k = 1
                     0, 0, 1};  // k = 2: identity
  const float bias[] = {10, 20, 30};
  float out[6] = {-1, -1, -1, -1, -1, -1};
  MlpLayerTile(in, w, bias, out, 3, OutputTile{1, 2, 1, 3});
  EXPECT_EQ(out[0], -1);
  EXPECT_EQ(out[1], -1);
  EXPECT_EQ(out[2], -1);
  EXPECT_EQ(out[3], -1);  // row 1, column 0: outside the tile
  EXPECT_FLOAT_EQ(out[4], 25.0f);
  EXPECT_FLOAT_EQ(out[5], 36.0f);
}

// out[r][j] = max(0, bias[j] + sum_k in[r][k] * w[k][j]), in double.
std::vector<double> NaiveLayer(const std::vector<float>& in,
                               const std::vector<float>& w,
                               const std::vector<float>& bias, int batch,
                               int hidden) {
  std::vector<double> out(static_cast<size_t>(batch) * hidden);
  for (int r = 0; r < batch; ++r) {
    for (int j = 0; j < hidden; ++j) {
      double sum = bias[j];
      for (int k = 0; k < hidden; ++k) {
        sum += static_cast<double>(in[static_cast<size_t>(r) * hidden + k]) *
               w[static_cast<size_t>(k) * hidden + j];
      }
      out[static_cast<size_t>(r) * hidden + j] = std::max(sum, 0.0);
    }
  }
  return out;
}

TEST(MlpLayerTileTest, MatchesNaiveLoopWhenComputedTileByTile) {
  const MlpShape shape{1, 37, 3};
  const MlpWeights weights = MakeMlpWeights(shape, 11);
  const std::vector<float> input = MakeMlpInput(shape, 11);
  const std::vector<double> expected = NaiveLayer(
      input, weights.weights[0], weights.biases[0], shape.batch, shape.hidden);
  std::vector<float> out(input.size(), -1);
  for (const OutputTile& t : SplitOutput(shape.batch, shape.hidden, 9)) {
    MlpLayerTile(input.data(), weights.weights[0].data(),
                 weights.biases[0].data(), out.data(), shape.hidden, t);
  }
  int clamped = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    EXPECT_NEAR(out[i], expected[i], 1e-5) << i;
    if (expected[i] == 0) ++clamped;
  }
  EXPECT_GT(clamped, 0) << "the case should exercise ReLU";
}

// ------------------------------------------------------------ Weights, input

TEST(MlpWeightsTest, ShapesAndBounds) {
  const MlpShape shape{3, 16, 5};
  const MlpWeights weights = MakeMlpWeights(shape, 1);
  ASSERT_EQ(weights.weights.size(), 3u);
  ASSERT_EQ(weights.biases.size(), 3u);
  const float bound = std::sqrt(6.0f / 16);
  for (int l = 0; l < 3; ++l) {
    ASSERT_EQ(weights.weights[l].size(), 256u);
    ASSERT_EQ(weights.biases[l].size(), 16u);
    for (float v : weights.weights[l]) {
      EXPECT_LE(std::abs(v), bound);
    }
    for (float v : weights.biases[l]) EXPECT_LE(std::abs(v), 0.1f);
  }
  const std::vector<float> input = MakeMlpInput(shape, 1);
  ASSERT_EQ(input.size(), 80u);
  for (float v : input) EXPECT_LE(std::abs(v), 1.0f);
}

TEST(MlpWeightsTest, DeterministicPerSeed) {
  const MlpShape shape{2, 24, 3};
  const MlpWeights a = MakeMlpWeights(shape, 5);
  const MlpWeights b = MakeMlpWeights(shape, 5);
  EXPECT_EQ(a.weights, b.weights);
  EXPECT_EQ(a.biases, b.biases);
  EXPECT_EQ(MakeMlpInput(shape, 5), MakeMlpInput(shape, 5));
}

TEST(MlpWeightsTest, DifferentAcrossSeeds) {
  const MlpShape shape{2, 24, 3};
  const MlpWeights a = MakeMlpWeights(shape, 5);
  const MlpWeights b = MakeMlpWeights(shape, 6);
  EXPECT_NE(a.weights[0], b.weights[0]);
  EXPECT_NE(a.weights[1], b.weights[1]);
  EXPECT_NE(a.biases[0], b.biases[0]);
  EXPECT_NE(MakeMlpInput(shape, 5), MakeMlpInput(shape, 6));
  // Layers differ from each other, and input differs from weights.
  EXPECT_NE(a.weights[0], a.weights[1]);
}

TEST(MlpWeightsTest, NotDegenerate) {
  const MlpShape shape{1, 64, 4};
  const MlpWeights weights = MakeMlpWeights(shape, 9);
  const std::vector<float>& w = weights.weights[0];
  const auto [lo, hi] = std::minmax_element(w.begin(), w.end());
  EXPECT_LT(*lo, 0);
  EXPECT_GT(*hi, 0);
  double mean = 0;
  for (float v : w) mean += v;
  mean /= static_cast<double>(w.size());
  EXPECT_NEAR(mean, 0, 0.05);
}

// ---------------------------------------------------------------- ThreadPool

TEST(ThreadPoolTest, ThreadsCountsTheCaller) {
  EXPECT_EQ(ThreadPool(1).threads(), 1);
  EXPECT_EQ(ThreadPool(4).threads(), 4);
  EXPECT_GE(OnlineCores(), 1);
}

TEST(ThreadPoolTest, ParallelForRunsEachIndexExactlyOnce) {
  for (int threads : {1, 4}) {
    ThreadPool pool(threads);
    for (int count : {0, 1, 7, 1000}) {
      SCOPED_TRACE(::testing::Message()
                   << "threads " << threads << " count " << count);
      std::vector<std::atomic<int>> runs(static_cast<size_t>(count));
      for (auto& r : runs) r = 0;
      std::atomic<int> total{0};
      pool.ParallelFor(count, [&](int i) {
        ASSERT_GE(i, 0);
        ASSERT_LT(i, count);
        runs[static_cast<size_t>(i)].fetch_add(1);
        total.fetch_add(1);
      });
      EXPECT_EQ(total.load(), count);
      for (int i = 0; i < count; ++i) {
        ASSERT_EQ(runs[static_cast<size_t>(i)].load(), 1) << "index " << i;
      }
    }
  }
}

TEST(ThreadPoolTest, ParallelForCanBeCalledRepeatedly) {
  ThreadPool pool(4);
  std::vector<int> sums;
  for (int round = 0; round < 200; ++round) {
    const int count = 1 + round % 13;
    std::atomic<long> sum{0};
    pool.ParallelFor(count, [&](int i) { sum.fetch_add(i + 1); });
    ASSERT_EQ(sum.load(), static_cast<long>(count) * (count + 1) / 2)
        << "round " << round;
  }
}

TEST(ThreadPoolTest, AllWorkDoneWhenParallelForReturns) {
  ThreadPool pool(4);
  std::vector<int> out(500, 0);
  pool.ParallelFor(500, [&](int i) { out[static_cast<size_t>(i)] = i * 2; });
  for (int i = 0; i < 500; ++i) ASSERT_EQ(out[static_cast<size_t>(i)], i * 2);
}

// ------------------------------------------------------------ CPU device

void ExpectClose(const std::vector<float>& actual,
                 const std::vector<float>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) {
    const float tolerance = 1e-5f * std::max(1.0f, std::abs(expected[i]));
    ASSERT_NEAR(actual[i], expected[i], tolerance) << "element " << i;
  }
}

struct DeviceCase {
  MlpShape shape;
  int host_threads;
};

void PrintTo(const DeviceCase& c, std::ostream* os) {
  *os << c.shape.layers << " layers, hidden " << c.shape.hidden << ", batch "
      << c.shape.batch << ", " << c.host_threads << " threads";
}

class CpuDeviceForwardTest : public ::testing::TestWithParam<DeviceCase> {};

TEST_P(CpuDeviceForwardTest, MatchesReference) {
  const DeviceCase c = GetParam();
  const uint64_t seed = 1234;
  std::unique_ptr<Device> device = OpenCpuDevice();
  ASSERT_NE(device, nullptr);
  StreamOptions opts;
  opts.host_threads = c.host_threads;
  std::unique_ptr<Stream> stream = device->CreateStream(opts);
  std::unique_ptr<Model> model = device->CreateModel(c.shape, seed, *stream);
  EXPECT_EQ(model->shape().layers, c.shape.layers);
  EXPECT_EQ(model->shape().hidden, c.shape.hidden);
  EXPECT_EQ(model->shape().batch, c.shape.batch);
  EXPECT_EQ(model->input(), MakeMlpInput(c.shape, seed));

  model->CopyIn();
  model->Forward();
  model->CopyOut();
  stream->Synchronize();
  const std::vector<float> expected = MlpForwardReference(
      c.shape, MakeMlpWeights(c.shape, seed), MakeMlpInput(c.shape, seed));
  ExpectClose(model->output(), expected);
  // Not trivially all zero after the ReLUs.
  EXPECT_TRUE(std::any_of(expected.begin(), expected.end(),
                          [](float v) { return v > 0; }));

  // A second pass over a new input uses the new input.
  std::vector<float>& input = model->input();
  for (float& v : input) v = -v;
  const std::vector<float> expected2 =
      MlpForwardReference(c.shape, MakeMlpWeights(c.shape, seed), input);
  model->StageInput();
  model->CopyIn();
  model->Forward();
  model->CopyOut();
  stream->Synchronize();
  ExpectClose(model->output(), expected2);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, CpuDeviceForwardTest,
    ::testing::Values(DeviceCase{{1, 16, 1}, 1}, DeviceCase{{3, 37, 1}, 1},
                      DeviceCase{{3, 37, 1}, 3}, DeviceCase{{4, 64, 5}, 3},
                      DeviceCase{{2, 100, 13}, 3}, DeviceCase{{4, 128, 2}, 1},
                      DeviceCase{{4, 128, 2}, 3}, DeviceCase{{2, 48, 7}, 0}),
    [](const ::testing::TestParamInfo<DeviceCase>& info) {
      const DeviceCase& c = info.param;
      return "l" + std::to_string(c.shape.layers) + "_h" +
             std::to_string(c.shape.hidden) + "_b" +
             std::to_string(c.shape.batch) + "_t" +
             std::to_string(c.host_threads);
    });

TEST(CpuDeviceTest, OutputIndependentOfThreadCount) {
  const MlpShape shape{3, 80, 3};
  std::unique_ptr<Device> device = OpenCpuDevice();
  std::vector<std::vector<float>> outputs;
  for (int threads : {1, 3}) {
    StreamOptions opts;
    opts.host_threads = threads;
    auto stream = device->CreateStream(opts);
    auto model = device->CreateModel(shape, 77, *stream);
    model->CopyIn();
    model->Forward();
    model->CopyOut();
    stream->Synchronize();
    outputs.push_back(model->output());
  }
  ExpectClose(outputs[1], outputs[0]);
}

TEST(CpuDeviceTest, Info) {
  const DeviceInfo info = OpenCpuDevice()->Info();
  EXPECT_EQ(info.backend, Backend::kCpu);
  EXPECT_FALSE(info.name.empty());
  EXPECT_EQ(info.compute_units, OnlineCores());
  EXPECT_GT(info.memory_bytes, 0);
}

TEST(CpuDeviceTest, InvalidShapeThrowsDeviceError) {
  std::unique_ptr<Device> device = OpenCpuDevice();
  auto stream = device->CreateStream(StreamOptions{});
  for (const MlpShape& shape :
       {MlpShape{0, 16, 1}, MlpShape{2, 0, 1}, MlpShape{2, 16, 0},
        MlpShape{-1, 16, 1}, MlpShape{2, -16, 1}, MlpShape{2, 16, -1}}) {
    EXPECT_THROW(device->CreateModel(shape, 1, *stream), DeviceError)
        << shape.layers << "x" << shape.hidden << "x" << shape.batch;
  }
}

TEST(CpuDeviceTest, StreamOfAnotherDeviceThrowsDeviceError) {
  class OtherStream : public Stream {
   public:
    void Synchronize() override {}
  };
  OtherStream other;
  EXPECT_THROW(OpenCpuDevice()->CreateModel(MlpShape{1, 16, 1}, 1, other),
               DeviceError);
}

// The contract every backend shares: CopyIn sends the input as of the last
// StageInput, so an input that never changes (LP's) is staged once.
TEST(CpuDeviceTest, CopyInSendsTheLastStagedInput) {
  const MlpShape shape{2, 32, 3};
  std::unique_ptr<Device> device = OpenCpuDevice();
  auto stream = device->CreateStream(StreamOptions{});
  auto model = device->CreateModel(shape, 9, *stream);
  const MlpWeights weights = MakeMlpWeights(shape, 9);
  const std::vector<float> staged = model->input();
  model->StageInput();
  for (float& v : model->input()) v = -v;  // not staged
  for (int pass = 0; pass < 2; ++pass) {
    model->CopyIn();
    model->Forward();
    model->CopyOut();
    stream->Synchronize();
    ExpectClose(model->output(), MlpForwardReference(shape, weights, staged));
  }
  model->StageInput();
  model->CopyIn();
  model->Forward();
  model->CopyOut();
  stream->Synchronize();
  ExpectClose(model->output(),
              MlpForwardReference(shape, weights, model->input()));
}

TEST(CpuDeviceTest, ResizedInputThrowsDeviceErrorOnCopyIn) {
  std::unique_ptr<Device> device = OpenCpuDevice();
  auto stream = device->CreateStream(StreamOptions{});
  auto model = device->CreateModel(MlpShape{1, 16, 2}, 1, *stream);
  model->input().push_back(1.0f);
  EXPECT_THROW(model->CopyIn(), DeviceError);
}

// ---------------------------------------------------------------- Backends

TEST(BackendTest, ParseBackendRequestRoundTrip) {
  for (BackendRequest r :
       {BackendRequest::kAuto, BackendRequest::kCpu, BackendRequest::kGpu}) {
    BackendRequest parsed =
        r == BackendRequest::kCpu ? BackendRequest::kGpu : BackendRequest::kCpu;
    ASSERT_TRUE(ParseBackendRequest(BackendRequestName(r), &parsed))
        << BackendRequestName(r);
    EXPECT_EQ(parsed, r);
  }
  EXPECT_STREQ(BackendRequestName(BackendRequest::kAuto), "auto");
  EXPECT_STREQ(BackendRequestName(BackendRequest::kCpu), "cpu");
  EXPECT_STREQ(BackendRequestName(BackendRequest::kGpu), "gpu");
}

TEST(BackendTest, ParseBackendRequestRejectsOthers) {
  for (const char* text : {"", "CPU", "hip", "cuda", "none", "gpu0", " cpu"}) {
    BackendRequest out = BackendRequest::kAuto;
    EXPECT_FALSE(ParseBackendRequest(text, &out)) << "'" << text << "'";
    EXPECT_EQ(out, BackendRequest::kAuto);
  }
}

TEST(BackendTest, OpenCpu) {
  std::string why_not;
  std::unique_ptr<Device> device = OpenDevice(BackendRequest::kCpu, &why_not);
  ASSERT_NE(device, nullptr);
  EXPECT_EQ(device->Info().backend, Backend::kCpu);
}

// Holds with or without a GPU backend compiled and a device present: a GPU
// request gives a device or one line saying why not.
TEST(BackendTest, GpuRequestGivesADeviceOrOneLineWhyNot) {
  std::string why_not;
  std::unique_ptr<Device> device = OpenDevice(BackendRequest::kGpu, &why_not);
  if (device != nullptr) {
    EXPECT_STREQ(BackendName(device->Info().backend), CompiledGpuBackend());
    return;
  }
  EXPECT_FALSE(why_not.empty());
  EXPECT_EQ(why_not.find('\n'), std::string::npos) << why_not;
  EXPECT_EQ(OpenGpuDevice(nullptr), nullptr) << "must accept nullptr";
}

TEST(BackendTest, GpuIsUnavailableWithoutCompiledBackend) {
  if (std::string(CompiledGpuBackend()) != "none") {
    GTEST_SKIP() << "this build has the " << CompiledGpuBackend()
                 << " backend; the no-backend path is not compiled";
  }
  std::string why_not;
  EXPECT_EQ(OpenGpuDevice(&why_not), nullptr);
  EXPECT_NE(why_not.find("no GPU backend"), std::string::npos) << why_not;
}

TEST(BackendTest, AutoGivesTheGpuOrTheCpuWithAReason) {
  std::string why_not;
  std::unique_ptr<Device> device = OpenDevice(BackendRequest::kAuto, &why_not);
  ASSERT_NE(device, nullptr);
  if (device->Info().backend == Backend::kCpu) {
    EXPECT_FALSE(why_not.empty()) << "auto must say why the GPU was not used";
  } else {
    EXPECT_STREQ(BackendName(device->Info().backend), CompiledGpuBackend());
  }
}

}  // namespace
}  // namespace xsb
