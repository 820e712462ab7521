// Deterministic MLP parameters and inputs shared by every backend, so GPU
// results can be checked against the CPU reference.
#ifndef XSB_KERNELS_HOST_MLP_WEIGHTS_H_
#define XSB_KERNELS_HOST_MLP_WEIGHTS_H_

#include <cstdint>
#include <vector>

#include "kernels/workload.h"

namespace xsb {

struct MlpWeights {
  // weights[l] is hidden x hidden, row-major with the input index first
  // (w[k * hidden + j] multiplies input k into output j).
  std::vector<std::vector<float>> weights;
  std::vector<std::vector<float>> biases;  // biases[l] has `hidden` entries
};

MlpWeights MakeMlpWeights(const MlpShape& shape, uint64_t seed);
std::vector<float> MakeMlpInput(const MlpShape& shape, uint64_t seed);

}  // namespace xsb

#endif  // XSB_KERNELS_HOST_MLP_WEIGHTS_H_
