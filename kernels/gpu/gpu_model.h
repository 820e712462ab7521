// The MLP workload on a GPU stream.
#ifndef XSB_KERNELS_GPU_GPU_MODEL_H_
#define XSB_KERNELS_GPU_GPU_MODEL_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "kernels/gpu/gpu_resources.h"
#include "kernels/gpu/gpu_runtime.h"
#include "kernels/gpu/gpu_stream.h"
#include "kernels/gpu/vendor_gemm.h"
#include "kernels/workload.h"

namespace xsb {
namespace gpu {

// Weights and biases live on the device for the model's lifetime; layers
// alternate between two activation buffers. Host data goes through pinned
// staging buffers so CopyIn/CopyOut are truly asynchronous. The stream must
// outlive every CopyIn/Forward/CopyOut call (not the destructor, which does
// not touch it). Not thread-safe: one model is driven by one thread.
class GpuModel : public Model {
 public:
  // Uploads deterministic weights (mlp_weights.h) and waits for the upload,
  // so construction is the only step that blocks on the stream.
  GpuModel(const MlpShape& shape, uint64_t seed, GpuStream& stream);
  ~GpuModel() override;
  GpuModel(const GpuModel&) = delete;
  GpuModel& operator=(const GpuModel&) = delete;

  const MlpShape& shape() const override { return shape_; }
  std::vector<float>& input() override { return input_; }
  void StageInput() override;
  void CopyIn() override;
  void Forward() override;
  void CopyOut() override;
  const std::vector<float>& output() const override;

 private:
  size_t activation_count() const;
  // The activation buffer holding the network's output after Forward().
  const float* result() const;

  MlpShape shape_;
  hipStream_t stream_;
  std::vector<float> input_;
  // Filled lazily from staging_out_ on the first output() after a CopyOut,
  // because the copy lands there asynchronously.
  mutable std::vector<float> output_;

  // Copies touching the staging buffers are waited for in the destructor;
  // kernels still reading the device buffers are covered by hipFree, which
  // synchronises the device before releasing memory.
  PinnedBuffer<float> staging_in_;
  PinnedBuffer<float> staging_out_;
  GpuEvent input_consumed_;
  GpuEvent output_ready_;
  bool input_in_flight_ = false;
  // staging_in_ holds input() as of the last StageInput; every CopyIn
  // sends it.
  bool input_staged_ = false;
  mutable bool output_pending_ = false;

  DeviceBuffer<float> weights_;         // layers x hidden x hidden
  DeviceBuffer<float> biases_;          // layers x hidden
  DeviceBuffer<float> activations_[2];  // batch x hidden each
  // --xsb_gemm=vendor: the vendor's GEMM, then the bias + ReLU kernel.
  std::unique_ptr<VendorGemm> vendor_gemm_;
};

}  // namespace gpu
}  // namespace xsb

#endif  // XSB_KERNELS_GPU_GPU_MODEL_H_
