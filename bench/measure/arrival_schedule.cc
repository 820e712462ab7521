#include "bench/measure/arrival_schedule.h"

#include <cmath>
#include <random>

#include "shim_env/base/text.h"

namespace xsb {

namespace {

constexpr EnumName<ArrivalDistribution> kArrivalNames[] = {
    {ArrivalDistribution::kUniform, "uniform"},
    {ArrivalDistribution::kPoisson, "poisson"}};

}  // namespace

bool ParseArrivalDistribution(const std::string& text,
                              ArrivalDistribution* out) {
  return NameToEnum(kArrivalNames, text, out);
}

const char* ArrivalDistributionName(ArrivalDistribution distribution) {
  return EnumToName(kArrivalNames, distribution);
}

std::vector<int64_t> MakeArrivalOffsets(ArrivalDistribution distribution,
                                        double rate_per_s, int64_t horizon_ns,
                                        uint64_t seed) {
  std::vector<int64_t> offsets;
  if (!(rate_per_s > 0) || horizon_ns <= 0) return offsets;
  const double interval_ns = 1e9 / rate_per_s;
  offsets.reserve(static_cast<size_t>(horizon_ns / interval_ns) + 1);
  if (distribution == ArrivalDistribution::kUniform) {
    for (int64_t k = 0;; ++k) {
      // Computed from k, not accumulated, so rounding never drifts.
      const int64_t offset = std::llround(static_cast<double>(k) * interval_ns);
      if (offset >= horizon_ns) break;
      offsets.push_back(offset);
    }
    return offsets;
  }
  std::mt19937_64 rng(seed);
  double t = 0;
  while (true) {
    // Inverse-transform sampling from the raw generator bits: the standard
    // distributions differ between standard libraries.
    const double unit = static_cast<double>(rng() >> 11) * 0x1.0p-53;
    t += -std::log1p(-unit) * interval_ns;
    const int64_t offset = std::llround(t);
    if (offset >= horizon_ns) break;
    offsets.push_back(offset);
  }
  return offsets;
}

}  // namespace xsb
