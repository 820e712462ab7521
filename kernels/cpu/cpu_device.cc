// The CPU backend: streams are thread pools (cpu_stream.h) and work runs
// when it is enqueued.
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <new>

#include "kernels/backend.h"
#include "kernels/cpu/cpu_stream.h"
#include "kernels/cpu/cpu_timing.h"
#include "kernels/cpu/mlp_cpu.h"
#include "kernels/cpu/thread_pool.h"
#include "kernels/host/driver_version.h"
#include "kernels/host/mlp_weights.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

std::string CpuModelName() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (StartsWith(line, "model name")) {
      const size_t colon = line.find(':');
      if (colon != std::string::npos && colon + 2 <= line.size()) {
        return line.substr(colon + 2);
      }
    }
  }
  return "unknown CPU";
}

class CpuModel : public Model {
 public:
  CpuModel(const MlpShape& shape, uint64_t seed, CpuStream& stream)
      : shape_(shape),
        weights_(MakeMlpWeights(shape, seed)),
        input_(MakeMlpInput(shape, seed)),
        activations_(input_.size()),
        scratch_(input_.size()),
        output_(input_.size()),
        tiles_(SplitOutput(shape.batch, shape.hidden,
                           stream.pool().threads() * 4)),
        stream_(stream) {}

  const MlpShape& shape() const override { return shape_; }
  std::vector<float>& input() override { return input_; }
  const std::vector<float>& output() const override { return output_; }

  // The staged copy keeps the contract every backend shares (CopyIn sends
  // the input as of the last StageInput); CopyIn's copy out of it is this
  // backend's transfer to the device.
  void StageInput() override {
    CheckInputSize("StageInput");
    staged_ = input_;
  }

  void CopyIn() override {
    if (staged_.empty()) StageInput();
    std::copy(staged_.begin(), staged_.end(), activations_.begin());
  }

  void Forward() override {
    for (int l = 0; l < shape_.layers; ++l) {
      const float* in = activations_.data();
      float* out = scratch_.data();
      const float* w = weights_.weights[l].data();
      const float* b = weights_.biases[l].data();
      stream_.pool().ParallelFor(static_cast<int>(tiles_.size()), [&](int i) {
        MlpLayerTile(in, w, b, out, shape_.hidden, tiles_[i]);
      });
      activations_.swap(scratch_);
    }
  }

  void CopyOut() override {
    std::copy(activations_.begin(), activations_.end(), output_.begin());
  }

 private:
  void CheckInputSize(const char* what) const {
    if (input_.size() != activations_.size()) {
      throw DeviceError(std::string(what) + ": input() was resized");
    }
  }

  MlpShape shape_;
  MlpWeights weights_;
  std::vector<float> input_;
  std::vector<float> staged_;  // empty until the first StageInput
  std::vector<float> activations_;
  std::vector<float> scratch_;
  std::vector<float> output_;
  std::vector<OutputTile> tiles_;
  CpuStream& stream_;
};

class CpuDevice : public Device {
 public:
  DeviceInfo Info() const override {
    DeviceInfo info;
    info.backend = Backend::kCpu;
    info.name = CpuModelName();
    info.compute_units = OnlineCores();
    info.memory_bytes = static_cast<int64_t>(sysconf(_SC_PHYS_PAGES)) *
                        static_cast<int64_t>(sysconf(_SC_PAGESIZE));
    const std::string release = KernelRelease();
    if (!release.empty()) info.driver_version = "Linux " + release;
    info.runtime_version = "host threads";
    return info;
  }

  // Host memory is not a budget of this backend's own; the suite's
  // --xsb_memory_limit_mib is the only limit it applies.
  std::optional<int64_t> FreeMemoryBytes() const override {
    return std::nullopt;
  }

  std::unique_ptr<Stream> CreateStream(const StreamOptions& opts) override {
    const int threads =
        opts.host_threads > 0 ? opts.host_threads : OnlineCores();
    return std::make_unique<CpuStream>(threads);
  }

  std::unique_ptr<Model> CreateModel(const MlpShape& shape, uint64_t seed,
                                     Stream& stream) override {
    if (shape.layers <= 0 || shape.hidden <= 0 || shape.batch <= 0) {
      throw DeviceError("MLP shape must have layers, hidden and batch > 0");
    }
    if (shape.gemm == Gemm::kVendor) {
      throw DeviceError(
          "the cpu backend has no vendor BLAS; use --xsb_gemm=builtin or a "
          "GPU backend");
    }
    CpuStream& cpu_stream = AsCpuStream(stream, "CreateModel");
    try {
      return std::make_unique<CpuModel>(shape, seed, cpu_stream);
    } catch (const std::bad_alloc&) {
      throw OutOfMemoryError("CreateModel: host memory exhausted");
    }
  }

  std::unique_ptr<StreamTimer> CreateTimer(Stream& stream) override {
    AsCpuStream(stream, "CreateTimer");
    return std::make_unique<CpuStreamTimer>();
  }

  std::unique_ptr<Spinner> CreateSpinner(Stream& stream) override {
    return std::make_unique<CpuSpinner>(AsCpuStream(stream, "CreateSpinner"));
  }
};

}  // namespace

CpuStream& AsCpuStream(Stream& stream, const char* what) {
  auto* cpu_stream = dynamic_cast<CpuStream*>(&stream);
  if (cpu_stream == nullptr) {
    throw DeviceError(std::string(what) +
                      ": the stream belongs to another device");
  }
  return *cpu_stream;
}

std::unique_ptr<Device> OpenCpuDevice() {
  return std::make_unique<CpuDevice>();
}

}  // namespace xsb
