#include "kernels/host/mlp_weights.h"

#include <cmath>
#include <random>

namespace xsb {
namespace {

// Uniform in [-bound, bound]; mt19937_64 and the arithmetic below give the
// same values on every platform, unlike std::uniform_real_distribution.
std::vector<float> UniformValues(size_t count, float bound,
                                 std::mt19937_64& rng) {
  std::vector<float> values(count);
  for (float& v : values) {
    const double unit = static_cast<double>(rng() >> 11) * 0x1.0p-53;
    v = static_cast<float>((2.0 * unit - 1.0) * bound);
  }
  return values;
}

}  // namespace

MlpWeights MakeMlpWeights(const MlpShape& shape, uint64_t seed) {
  std::mt19937_64 rng(seed);
  // Kaiming-style scale keeps activations of the same magnitude across
  // layers, so deep models neither vanish nor overflow.
  const float bound = std::sqrt(6.0f / static_cast<float>(shape.hidden));
  const size_t h = static_cast<size_t>(shape.hidden);
  MlpWeights result;
  for (int l = 0; l < shape.layers; ++l) {
    result.weights.push_back(UniformValues(h * h, bound, rng));
    result.biases.push_back(UniformValues(h, 0.1f, rng));
  }
  return result;
}

std::vector<float> MakeMlpInput(const MlpShape& shape, uint64_t seed) {
  std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ULL);
  return UniformValues(
      static_cast<size_t>(shape.batch) * static_cast<size_t>(shape.hidden),
      1.0f, rng);
}

}  // namespace xsb
