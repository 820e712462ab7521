// Host-side entry points of the MLP device code in mlp_kernels.hip. This
// header includes no GPU runtime header, so any host file may use it.
#ifndef XSB_KERNELS_GPU_MLP_KERNELS_H_
#define XSB_KERNELS_GPU_MLP_KERNELS_H_

namespace xsb {
namespace gpu {

// A hipStream_t (cudaStream_t in the CUDA build), type-erased to keep the
// runtime headers out of this header.
using GpuStreamHandle = void*;

// Enqueues one fully connected layer with fused bias and ReLU on `stream`:
//   out[b][j] = max(0, sum_k in[b][k] * w[k * hidden + j] + bias[j])
// All pointers are device memory; `in` and `out` are batch x hidden and must
// not overlap. Throws xsb::DeviceError when the launch fails.
void LaunchMlpLayer(const float* in, const float* w, const float* bias,
                    float* out, int batch, int hidden, GpuStreamHandle stream);

// Enqueues out[b][j] = max(0, out[b][j] + bias[j]) over batch x hidden:
// the bias and ReLU after a vendor GEMM. Throws DeviceError when the
// launch fails.
void LaunchBiasRelu(float* out, const float* bias, int batch, int hidden,
                    GpuStreamHandle stream);

}  // namespace gpu
}  // namespace xsb

#endif  // XSB_KERNELS_GPU_MLP_KERNELS_H_
