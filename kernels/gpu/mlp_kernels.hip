// Device code for the MLP workload. The same source is compiled by hip-clang
// for AMD GPUs and by nvcc (through hip_to_cuda.h) for NVIDIA GPUs.
#include "kernels/gpu/gpu_check.h"
#include "kernels/gpu/gpu_runtime.h"
#include "kernels/gpu/mlp_kernels.h"

namespace xsb {
namespace gpu {
namespace {

// 16 x 16 tiles keep 256 threads per block, a multiple of both the 32-wide
// NVIDIA warp and the 64-wide AMD wavefront, and waste little work at the
// benchmark's small batch sizes.
constexpr int kTile = 16;

// One output tile per block: threadIdx.x walks output columns, threadIdx.y
// batch rows. Both operands are staged through shared memory one K-tile at a
// time so each global element is read once per block instead of once per
// thread.
__global__ void MlpLayerKernel(const float* __restrict__ in,
                               const float* __restrict__ w,
                               const float* __restrict__ bias,
                               float* __restrict__ out, int batch, int hidden) {
  __shared__ float in_tile[kTile][kTile];
  __shared__ float w_tile[kTile][kTile];

  const int tx = threadIdx.x;
  const int ty = threadIdx.y;
  const int col = blockIdx.x * kTile + tx;
  const int row = blockIdx.y * kTile + ty;
  const size_t stride = static_cast<size_t>(hidden);

  float acc = 0.0f;
  for (int k0 = 0; k0 < hidden; k0 += kTile) {
    // Out-of-range elements load as zero so the inner loop needs no bounds
    // checks and ragged edges contribute nothing to the sum.
    const int in_k = k0 + tx;
    const int w_k = k0 + ty;
    // Both loads go into registers before either shared store: a store
    // between them would wait for the first load (s_waitcnt vmcnt(0) in the
    // gfx90a ISA) before the second is even issued.
    const float in_value =
        (row < batch && in_k < hidden) ? in[row * stride + in_k] : 0.0f;
    const float w_value =
        (w_k < hidden && col < hidden) ? w[w_k * stride + col] : 0.0f;
    in_tile[ty][tx] = in_value;
    w_tile[ty][tx] = w_value;
    __syncthreads();

#pragma unroll
    for (int k = 0; k < kTile; ++k) {
      acc += in_tile[ty][k] * w_tile[k][tx];
    }
    // The next iteration overwrites the tiles other threads may still read.
    __syncthreads();
  }

  if (row < batch && col < hidden) {
    out[row * stride + col] = fmaxf(acc + bias[col], 0.0f);
  }
}

// out[b][j] = max(0, out[b][j] + bias[j]): what follows a vendor GEMM,
// which has no fused epilogue in the plain sgemm entry points.
__global__ void BiasReluKernel(float* __restrict__ out,
                               const float* __restrict__ bias, int batch,
                               int hidden) {
  const size_t count = static_cast<size_t>(batch) * hidden;
  for (size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
       i < count; i += static_cast<size_t>(gridDim.x) * blockDim.x) {
    out[i] = fmaxf(out[i] + bias[i % hidden], 0.0f);
  }
}

int CeilDiv(int a, int b) { return (a + b - 1) / b; }

}  // namespace

void LaunchBiasRelu(float* out, const float* bias, int batch, int hidden,
                    GpuStreamHandle stream) {
  if (batch <= 0 || hidden <= 0) return;
  constexpr int kThreads = 256;
  const long long count = static_cast<long long>(batch) * hidden;
  const int blocks = static_cast<int>(
      count / kThreads + 1 < 65535 ? count / kThreads + 1 : 65535);
  ClearLastGpuError();
  BiasReluKernel<<<blocks, kThreads, 0, static_cast<hipStream_t>(stream)>>>(
      out, bias, batch, hidden);
  XSB_GPU_CHECK_LAUNCH("BiasReluKernel");
}

void LaunchMlpLayer(const float* in, const float* w, const float* bias,
                    float* out, int batch, int hidden, GpuStreamHandle stream) {
  if (batch <= 0 || hidden <= 0) return;
  const dim3 block(kTile, kTile);
  const dim3 grid(CeilDiv(hidden, kTile), CeilDiv(batch, kTile));
  ClearLastGpuError();
  MlpLayerKernel<<<grid, block, 0, static_cast<hipStream_t>(stream)>>>(
      in, w, bias, out, batch, hidden);
  XSB_GPU_CHECK_LAUNCH("MlpLayerKernel");
}

}  // namespace gpu
}  // namespace xsb
