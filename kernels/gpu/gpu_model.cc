#include "kernels/gpu/gpu_model.h"

#include <algorithm>
#include <string>

#include "kernels/gpu/gpu_check.h"
#include "kernels/gpu/mlp_kernels.h"
#include "kernels/host/mlp_weights.h"

namespace xsb {
namespace gpu {
namespace {

const MlpShape& Validated(const MlpShape& shape) {
  if (shape.layers < 0 || shape.hidden <= 0 || shape.batch <= 0) {
    throw DeviceError(
        "invalid MLP shape (layers=" + std::to_string(shape.layers) +
        ", hidden=" + std::to_string(shape.hidden) +
        ", batch=" + std::to_string(shape.batch) +
        "): need layers >= 0 and hidden, batch > 0");
  }
  return shape;
}

// Concatenates per-layer vectors so each parameter kind is one allocation
// and one copy.
std::vector<float> Flatten(const std::vector<std::vector<float>>& parts) {
  std::vector<float> flat;
  for (const auto& part : parts)
    flat.insert(flat.end(), part.begin(), part.end());
  return flat;
}

}  // namespace

GpuModel::GpuModel(const MlpShape& shape, uint64_t seed, GpuStream& stream)
    : shape_(Validated(shape)), stream_(stream.handle()) {
  XSB_GPU_CHECK(hipSetDevice(stream.device()));
  // First: a missing library is reported before any allocation.
  if (shape_.gemm == Gemm::kVendor) {
    vendor_gemm_ = std::make_unique<VendorGemm>(stream_);
  }
  const size_t hidden = static_cast<size_t>(shape_.hidden);
  const size_t layers = static_cast<size_t>(shape_.layers);
  const size_t activations = activation_count();

  input_ = MakeMlpInput(shape_, seed);
  if (input_.size() != activations) {
    throw DeviceError(
        "MakeMlpInput returned " + std::to_string(input_.size()) +
        " floats, expected batch x hidden = " + std::to_string(activations));
  }
  output_.assign(activations, 0.0f);

  staging_in_ = PinnedBuffer<float>(activations);
  staging_out_ = PinnedBuffer<float>(activations);
  weights_ = DeviceBuffer<float>(layers * hidden * hidden);
  biases_ = DeviceBuffer<float>(layers * hidden);
  activations_[0] = DeviceBuffer<float>(activations);
  activations_[1] = DeviceBuffer<float>(activations);

  const MlpWeights params = MakeMlpWeights(shape_, seed);
  const std::vector<float> weights = Flatten(params.weights);
  const std::vector<float> biases = Flatten(params.biases);
  if (weights.size() != weights_.count() || biases.size() != biases_.count()) {
    throw DeviceError("MakeMlpWeights returned parameters of the wrong size");
  }
  if (!weights.empty()) {
    XSB_GPU_CHECK(hipMemcpyAsync(weights_.get(), weights.data(),
                                 weights_.bytes(), hipMemcpyHostToDevice,
                                 stream_));
    XSB_GPU_CHECK(hipMemcpyAsync(biases_.get(), biases.data(), biases_.bytes(),
                                 hipMemcpyHostToDevice, stream_));
  }
  // The host vectors die with this constructor; the copies must be done.
  XSB_GPU_CHECK(hipStreamSynchronize(stream_));
}

GpuModel::~GpuModel() {
  // Waiting on our own events instead of the stream keeps the destructor
  // safe even when the stream has already been destroyed.
  if (input_in_flight_) (void)hipEventSynchronize(input_consumed_.get());
  if (output_pending_) (void)hipEventSynchronize(output_ready_.get());
}

size_t GpuModel::activation_count() const {
  return static_cast<size_t>(shape_.batch) * static_cast<size_t>(shape_.hidden);
}

const float* GpuModel::result() const {
  return activations_[shape_.layers % 2].get();
}

void GpuModel::StageInput() {
  if (input_.size() != activation_count()) {
    throw DeviceError("Model::input() was resized to " +
                      std::to_string(input_.size()) +
                      " floats; it must stay batch x hidden = " +
                      std::to_string(activation_count()));
  }
  // The previous CopyIn may not have run yet, and it reads the staging
  // buffer about to be overwritten. Usually it finished long ago.
  if (input_in_flight_) {
    XSB_GPU_CHECK(hipEventSynchronize(input_consumed_.get()));
  }
  std::copy(input_.begin(), input_.end(), staging_in_.get());
  input_staged_ = true;
}

void GpuModel::CopyIn() {
  if (!input_staged_) StageInput();
  XSB_GPU_CHECK(hipMemcpyAsync(activations_[0].get(), staging_in_.get(),
                               staging_in_.bytes(), hipMemcpyHostToDevice,
                               stream_));
  XSB_GPU_CHECK(hipEventRecord(input_consumed_.get(), stream_));
  input_in_flight_ = true;
}

void GpuModel::Forward() {
  for (int layer = 0; layer < shape_.layers; ++layer) {
    const size_t offset = static_cast<size_t>(layer) * shape_.hidden;
    if (vendor_gemm_ != nullptr) {
      float* out = activations_[(layer + 1) % 2].get();
      vendor_gemm_->Multiply(activations_[layer % 2].get(),
                             weights_.get() + offset * shape_.hidden, out,
                             shape_.batch, shape_.hidden);
      LaunchBiasRelu(out, biases_.get() + offset, shape_.batch, shape_.hidden,
                     stream_);
      continue;
    }
    LaunchMlpLayer(activations_[layer % 2].get(),
                   weights_.get() + offset * shape_.hidden,
                   biases_.get() + offset, activations_[(layer + 1) % 2].get(),
                   shape_.batch, shape_.hidden, stream_);
  }
}

void GpuModel::CopyOut() {
  XSB_GPU_CHECK(hipMemcpyAsync(staging_out_.get(), result(),
                               staging_out_.bytes(), hipMemcpyDeviceToHost,
                               stream_));
  XSB_GPU_CHECK(hipEventRecord(output_ready_.get(), stream_));
  output_pending_ = true;
}

const std::vector<float>& GpuModel::output() const {
  if (output_pending_) {
    // Returns at once when the caller has synchronised the stream, as the
    // API requires; waiting anyway means a hasty caller never sees a torn copy.
    XSB_GPU_CHECK(hipEventSynchronize(output_ready_.get()));
    std::copy(staging_out_.get(), staging_out_.get() + staging_out_.count(),
              output_.begin());
    output_pending_ = false;
  }
  return output_;
}

}  // namespace gpu
}  // namespace xsb
