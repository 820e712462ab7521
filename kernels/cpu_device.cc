// The CPU backend: streams are thread pools and work runs when it is
// enqueued, so Synchronize has nothing left to wait for.
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>

#include "kernels/backend.h"
#include "kernels/mlp_cpu.h"
#include "kernels/mlp_weights.h"
#include "kernels/thread_pool.h"

namespace xsb {
namespace {

std::string CpuModelName() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("model name", 0) == 0) {
      const size_t colon = line.find(':');
      if (colon != std::string::npos && colon + 2 <= line.size()) {
        return line.substr(colon + 2);
      }
    }
  }
  return "unknown CPU";
}

class CpuStream : public Stream {
 public:
  explicit CpuStream(int threads) : pool_(threads) {}
  void Synchronize() override {}
  ThreadPool& pool() { return pool_; }

 private:
  ThreadPool pool_;
};

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

  void CopyIn() override {
    if (input_.size() != activations_.size()) {
      throw DeviceError("CopyIn: input() was resized");
    }
    std::copy(input_.begin(), input_.end(), activations_.begin());
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
  MlpShape shape_;
  MlpWeights weights_;
  std::vector<float> input_;
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
    info.backend = "cpu";
    info.name = CpuModelName();
    info.compute_units = OnlineCores();
    info.memory_bytes = static_cast<int64_t>(sysconf(_SC_PHYS_PAGES)) *
                        static_cast<int64_t>(sysconf(_SC_PAGESIZE));
    utsname uts{};
    if (uname(&uts) == 0)
      info.driver_version = std::string("Linux ") + uts.release;
    info.runtime_version = "host threads";
    return info;
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
    auto* cpu_stream = dynamic_cast<CpuStream*>(&stream);
    if (cpu_stream == nullptr) {
      throw DeviceError("CreateModel: the stream belongs to another device");
    }
    return std::make_unique<CpuModel>(shape, seed, *cpu_stream);
  }
};

}  // namespace

std::unique_ptr<Device> OpenCpuDevice() {
  return std::make_unique<CpuDevice>();
}

}  // namespace xsb
