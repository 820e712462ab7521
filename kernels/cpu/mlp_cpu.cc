#include "kernels/cpu/mlp_cpu.h"

#include <algorithm>

namespace xsb {

void MlpLayerTile(const float* in, const float* w, const float* bias,
                  float* out, int hidden, const OutputTile& tile) {
  const int width = tile.col_end - tile.col_begin;
  for (int r = tile.row_begin; r < tile.row_end; ++r) {
    float* out_row = out + static_cast<size_t>(r) * hidden + tile.col_begin;
    std::copy(bias + tile.col_begin, bias + tile.col_end, out_row);
    const float* in_row = in + static_cast<size_t>(r) * hidden;
    // k outer, j inner: the inner loop streams one contiguous weight row and
    // vectorises.
    for (int k = 0; k < hidden; ++k) {
      const float a = in_row[k];
      const float* w_row = w + static_cast<size_t>(k) * hidden + tile.col_begin;
      for (int j = 0; j < width; ++j) out_row[j] += a * w_row[j];
    }
    for (int j = 0; j < width; ++j) out_row[j] = std::max(out_row[j], 0.0f);
  }
}

std::vector<OutputTile> SplitOutput(int batch, int hidden, int target) {
  target = std::max(target, 1);
  std::vector<OutputTile> tiles;
  if (batch >= target) {
    for (int i = 0; i < target; ++i) {
      const int begin = static_cast<int>(static_cast<long>(batch) * i / target);
      const int end =
          static_cast<int>(static_cast<long>(batch) * (i + 1) / target);
      if (begin < end) tiles.push_back({begin, end, 0, hidden});
    }
    return tiles;
  }
  // Few rows (an HP request is often a single row): split columns instead,
  // in multiples of 16 so each tile's inner loop stays vector-friendly.
  const int per_row = std::max(1, target / std::max(batch, 1));
  const int blocks = (hidden + 15) / 16;
  for (int r = 0; r < batch; ++r) {
    for (int i = 0; i < per_row; ++i) {
      const int begin = blocks * i / per_row * 16;
      const int end = std::min(hidden, blocks * (i + 1) / per_row * 16);
      if (begin < end) tiles.push_back({r, r + 1, begin, end});
    }
  }
  return tiles;
}

std::vector<float> MlpForwardReference(const MlpShape& shape,
                                       const MlpWeights& weights,
                                       const std::vector<float>& input) {
  std::vector<float> current = input;
  std::vector<float> next(current.size());
  const OutputTile all{0, shape.batch, 0, shape.hidden};
  for (int l = 0; l < shape.layers; ++l) {
    MlpLayerTile(current.data(), weights.weights[l].data(),
                 weights.biases[l].data(), next.data(), shape.hidden, all);
    current.swap(next);
  }
  return current;
}

}  // namespace xsb
