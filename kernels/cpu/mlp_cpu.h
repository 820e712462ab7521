// The MLP on the host: the CPU backend's kernel and the reference that GPU
// kernels are checked against.
#ifndef XSB_KERNELS_CPU_MLP_CPU_H_
#define XSB_KERNELS_CPU_MLP_CPU_H_

#include <vector>

#include "kernels/host/mlp_weights.h"

namespace xsb {

// A rectangle of one layer's output: rows [row_begin, row_end) of the batch,
// columns [col_begin, col_end) of the hidden dimension.
struct OutputTile {
  int row_begin;
  int row_end;
  int col_begin;
  int col_end;
};

// out[r][j] = max(0, bias[j] + sum_k in[r][k] * w[k][j]) for the tile.
void MlpLayerTile(const float* in, const float* w, const float* bias,
                  float* out, int hidden, const OutputTile& tile);

// Splits a batch x hidden output into about `target` tiles that threads can
// compute independently.
std::vector<OutputTile> SplitOutput(int batch, int hidden, int target);

// The whole forward pass on one thread.
std::vector<float> MlpForwardReference(const MlpShape& shape,
                                       const MlpWeights& weights,
                                       const std::vector<float>& input);

}  // namespace xsb

#endif  // XSB_KERNELS_CPU_MLP_CPU_H_
